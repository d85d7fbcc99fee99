"""The demo's plan measured by indicators (issue 17 §1): SEDESOL's management-improvement commitment
for its information system, written as the forms of such programs are, in three stages (objectives)
with nine specific objectives (ASM), each with an indicator and its yearly targets.

The 2008 measurements are authorised, with every rating present: cumple, cumple parcialmente
(one of them per region as well), no cumple (one overridden from the derived rating with its
justification), pendiente and sin meta. The 2009 round is a draft in an open period. Product changes,
achievements and gaps and the narrative sections complete it. Everything goes through the apps'
services and workflow, and a plan already loaded is left as the users left it.
"""

from __future__ import annotations

from datetime import date

from aspects.models import Aspect, Objective, Plan
from indicators.models import AchievementGap, Indicator, IndicatorTarget, MeasurementRound, PlanNarrative, ProductChange
from indicators.rating import Rating
from indicators.services import record_measurement
from programs.models import Agency, CutOffPeriod, Cycle, Program, Region

AGENCY = "SEDESOL"
PROGRAM = {
    "key": "PMG-SEDESOL",
    "name": "Programa de Mejora de la Gestión: sistema de información de los programas sociales",
    "acronym": "PMG",
    "kind": Program.Kind.BUDGETARY,
}
CYCLE = {"name": "Programa de Mejora de la Gestión 2008-2010", "year": 2008}
PERIODS = [
    ("Diciembre 2008", date(2008, 1, 1), date(2008, 12, 31)),
    ("Diciembre 2009", date(2009, 1, 1), date(2009, 12, 31)),
]
ALL_REGIONS = "Todas las regiones"
REGIONS = ["Región Norte", "Región Centro", "Región Sur"]

# Each stage: its general objective and its specific objectives (ASM), each with its indicator:
# (text, kind, numerator, denominator, unit, baseline, {year: target}).
STAGES = [
    (
        "Etapa 1. Diseñar el sistema de información para la gestión de los programas sociales.",
        [
            (
                "Contar con el diagnóstico de los sistemas de información de los programas sociales.",
                (
                    "Porcentaje de programas sociales con diagnóstico de sus sistemas de información",
                    "porcentaje",
                    "Programas sociales con diagnóstico concluido",
                    "Programas sociales de la Secretaría",
                    "programas",
                    0,
                    {2008: 70, 2009: 80, 2010: 90},
                ),
            ),
            (
                "Definir los requerimientos de información de cada unidad responsable de programa.",
                (
                    "Porcentaje de unidades responsables que entregan sus requerimientos de información",
                    "porcentaje",
                    "Unidades responsables que entregaron sus requerimientos",
                    "Unidades responsables de programas sociales",
                    "unidades responsables",
                    None,
                    {2008: 80, 2009: 100},
                ),
            ),
            (
                "Diseñar y validar el modelo de datos común de los programas sociales.",
                (
                    "Porcentaje de avance del modelo de datos común validado",
                    "porcentaje",
                    "",
                    "",
                    "",
                    None,
                    {2008: 100},
                ),
            ),
        ],
    ),
    (
        "Etapa 2. Implementar el sistema en las delegaciones estatales.",
        [
            (
                "Poner en operación el sistema en las delegaciones estatales.",
                (
                    "70 % de las delegaciones traspasan la información solicitada",
                    "porcentaje",
                    "Delegaciones que traspasan la información solicitada en el plazo",
                    "Delegaciones de la Secretaría",
                    "delegaciones",
                    0,
                    {2008: 70, 2009: 80, 2010: 90},
                ),
            ),
            (
                "Capacitar al personal de las delegaciones en el uso del sistema.",
                (
                    "Número de servidores públicos capacitados en el uso del sistema",
                    "valor",
                    "",
                    "",
                    "servidores públicos",
                    0,
                    {2008: 300, 2009: 500},
                ),
            ),
            (
                "Integrar los padrones de beneficiarios de los programas al sistema.",
                (
                    "Porcentaje de padrones de beneficiarios integrados al sistema",
                    "porcentaje",
                    "Padrones integrados",
                    "Padrones de los programas sociales",
                    "padrones",
                    None,
                    {2009: 60, 2010: 100},  # no se formula indicador 2008
                ),
            ),
        ],
    ),
    (
        "Etapa 3. Evaluar el sistema con sus usuarios y publicar la información.",
        [
            (
                "Medir la satisfacción de los usuarios del sistema.",
                (
                    "Porcentaje de usuarios satisfechos con el sistema",
                    "porcentaje",
                    "Usuarios que califican el sistema como bueno o muy bueno",
                    "Usuarios encuestados",
                    "usuarios",
                    None,
                    {2009: 75, 2010: 85},
                ),
            ),
            (
                "Publicar la información de los programas sociales en el portal de transparencia.",
                (
                    "Porcentaje de programas con su información publicada en el portal",
                    "porcentaje",
                    "Programas con información publicada",
                    "Programas sociales de la Secretaría",
                    "programas",
                    10,
                    {2008: 50, 2009: 75, 2010: 100},
                ),
            ),
            (
                "Atender en plazo las solicitudes de información sobre los programas sociales.",
                (
                    "Porcentaje de solicitudes de información atendidas en el plazo legal",
                    "porcentaje",
                    "Solicitudes atendidas en plazo",
                    "Solicitudes recibidas",
                    "solicitudes",
                    85,
                    {2008: 90, 2009: 92},
                ),
            ),
        ],
    ),
]

# The measurements of each year, by ASM number: (region or None, the measured values).
MEASURED_2008 = {
    1: [(None, {"numerator": 15, "denominator": 20, "result_text": "15 de 20 programas con diagnóstico."})],
    2: [(None, {"numerator": 13, "denominator": 20, "result_text": "13 de 20 unidades entregaron."})],
    3: [(None, {"value": 60, "result_text": "El modelo quedó validado por 12 de 20 unidades."})],
    4: [
        (ALL_REGIONS, {"numerator": 22, "denominator": 32, "result_text": "22 de 32 delegaciones."}),
        ("Región Norte", {"numerator": 8, "denominator": 10}),
        ("Región Centro", {"numerator": 9, "denominator": 12}),
        ("Región Sur", {"numerator": 5, "denominator": 10}),
    ],
    5: [(None, {"value": 320, "result_text": "320 servidores públicos capacitados."})],
    6: [(None, {"value": 20, "result_text": "No se formula indicador 2008; se integraron 4 de 20 padrones."})],
    7: [
        (
            None,
            {
                "result_text": (
                    "Este indicador sólo será posible de medir el año 2009, cuando el sistema opere en todas "
                    "las delegaciones."
                ),
                "rating": Rating.PENDING,
            },
        )
    ],
    8: [
        (
            None,
            {
                "numerator": 9,
                "denominator": 20,
                "result_text": "9 de 20 programas, sin sus padrones.",
                "rating": Rating.NOT_MET,
                "rating_overridden": True,
                "override_justification": (
                    "La meta exige publicar también los padrones de beneficiarios, y ninguno de los nueve programas "
                    "los publicó: no se considera cumplimiento parcial."
                ),
            },
        )
    ],
    9: [(None, {"numerator": 92, "denominator": 100, "result_text": "92 de 100 solicitudes en plazo."})],
}
MEASURED_2009 = {
    1: [(None, {"numerator": 17, "denominator": 20, "result_text": "17 de 20 programas con diagnóstico."})],
    4: [(ALL_REGIONS, {"numerator": 27, "denominator": 32, "result_text": "27 de 32 delegaciones."})],
    7: [(None, {"numerator": 70, "denominator": 100, "result_text": "Encuesta a 100 usuarios en junio de 2009."})],
}
PRODUCTS = [
    (
        "Padrón Único de Beneficiarios",
        "Reporte trimestral por delegación",
        "Incorporar la clave única de beneficiario y la región de residencia.",
        True,
        "",
    ),
    (
        "Informe de resultados de los programas sociales",
        "Anexo estadístico por entidad federativa",
        "Agregar los indicadores de gestión del sistema por región.",
        False,
        "Se incorporará en el informe de 2009, cuando operen todas las delegaciones.",
    ),
    (
        "Portal de transparencia de los programas sociales",
        "",
        "Publicar la información de cada programa en formato abierto.",
        True,
        "",
    ),
]
GAPS = [
    (
        "Sistema operando en las 32 delegaciones en 2008.",
        "Sistema operando en 22 delegaciones (68.75 %).",
        "Diez delegaciones sin el sistema.",
        "Retraso en la conectividad de las delegaciones de la Región Sur y rotación del personal capacitado.",
    ),
    (
        "Modelo de datos común validado por todas las unidades responsables.",
        "Modelo validado por 12 de 20 unidades (60 %).",
        "Ocho unidades responsables sin validar el modelo.",
        "Las reglas de operación 2008 cambiaron los requerimientos de información de los programas.",
    ),
    (
        "La mitad de los programas con su información publicada en el portal.",
        "Nueve de 20 programas publicados, sin sus padrones.",
        "Once programas y todos los padrones por publicar.",
        "La publicación de los padrones requirió revisar los datos personales con la Unidad de Enlace.",
    ),
]
NARRATIVE = {
    "contribution": (
        "El sistema da a la Secretaría una sola fuente de información de sus programas sociales, con la que sus "
        "unidades responsables reportan sus indicadores y la ciudadanía consulta padrones y resultados."
    ),
    "difficulties": (
        "La conectividad de las delegaciones de la Región Sur, la rotación del personal capacitado y el cambio de "
        "las reglas de operación a mitad del año."
    ),
    "recommendations": (
        "Priorizar la conectividad de la Región Sur; capacitar a un segundo enlace por delegación; validar el modelo "
        "de datos antes de cada cambio de reglas de operación."
    ),
    "achievements": "\n".join(
        [
            "Diagnóstico de los sistemas de información de 15 de los 20 programas sociales.",
            "Sistema en operación en 22 de las 32 delegaciones.",
            "320 servidores públicos capacitados en el uso del sistema.",
            "92 % de las solicitudes de información atendidas en el plazo legal.",
        ]
    ),
}


def load(*, coordinator, signers) -> Plan | None:
    """Write the plan, authorise it and its 2008 round, and leave the 2009 round a draft in its open
    period. `signers(program)` gives the agency's capturista and supervisor. A plan already loaded
    is left alone (its users may have moved it on); None then."""
    agency = Agency.objects.get(acronym=AGENCY)
    program, _ = Program.objects.get_or_create(key=PROGRAM["key"], defaults={"agency": agency, **PROGRAM})
    cycle, _ = Cycle.objects.get_or_create(name=CYCLE["name"], defaults={"year": CYCLE["year"]})
    periods = [
        CutOffPeriod.objects.get_or_create(cycle=cycle, name=name, defaults={"start": start, "end": end})[0]
        for name, start, end in PERIODS
    ]
    if Plan.objects.filter(program=program, cycle=cycle).exists():
        return None
    regions = {
        name: Region.objects.get_or_create(agency=agency, name=name, defaults={"all_regions": name == ALL_REGIONS})[0]
        for name in [ALL_REGIONS, *REGIONS]
    }
    preparer, supervisor = signers(program)
    plan = Plan.objects.create(
        program=program,
        cycle=cycle,
        title="Compromisos de mejora de la gestión con indicadores 2008-2010",
        responsible_name=preparer.get_full_name(),
        responsible_position=preparer.membership.position,
        prepared_on=date(2008, 2, 15),
    )
    indicators: dict[int, Indicator] = {}
    number = 0
    for stage, (objective_text, specifics) in enumerate(STAGES, start=1):
        objective = Objective.objects.create(plan=plan, number=stage, text=objective_text)
        for aspect_text, (text, kind, numerator, denominator, unit, baseline, targets) in specifics:
            number += 1
            aspect = Aspect.objects.create(
                plan=plan,
                number=number,
                objective=objective,
                text=aspect_text,
                kind=Aspect.Kind.SPECIFIC,
                # The commitment runs over the stages' three years, to the last target.
                start_date=date(2008, 1, 1),
                end_date=date(2010, 12, 31),
            )
            indicator = Indicator.objects.create(
                aspect=aspect,
                number=1,
                text=text,
                kind=kind,
                numerator_description=numerator,
                denominator_description=denominator,
                unit=unit,
                baseline=baseline,
                baseline_year=2007 if baseline is not None else None,
            )
            IndicatorTarget.objects.bulk_create(
                IndicatorTarget(indicator=indicator, year=year, value=value) for year, value in targets.items()
            )
            indicators[number] = indicator
    for position, (product, subproduct, modification, incorporated, note) in enumerate(PRODUCTS, start=1):
        ProductChange.objects.create(
            plan=plan,
            number=position,
            product=product,
            subproduct=subproduct,
            modification=modification,
            incorporated=incorporated,
            note=note,
        )
    for position, (committed, reached, gap, causes) in enumerate(GAPS, start=1):
        AchievementGap.objects.create(
            plan=plan, number=position, committed=committed, reached=reached, gap=gap, causes=causes
        )
    PlanNarrative.objects.create(plan=plan, **NARRATIVE)
    plan.submit(by=preparer)
    plan.authorise(by=supervisor)

    first, second = periods
    first.open(by=coordinator)
    record_year(MEASURED_2008, year=2008, period=first, indicators=indicators, regions=regions, by=preparer)
    round_2008 = MeasurementRound.objects.get(plan=plan, period=first)
    round_2008.submit(by=preparer)
    round_2008.authorise(by=supervisor)
    first.close(by=coordinator)
    second.open(by=coordinator)
    record_year(MEASURED_2009, year=2009, period=second, indicators=indicators, regions=regions, by=preparer)
    return plan


def record_year(
    measured: dict, *, year: int, period: CutOffPeriod, indicators: dict[int, Indicator], regions: dict, by
) -> None:
    """Record a year's measurements (shaped as `MEASURED_2008`) at `period`, each on the indicator
    of its ASM number."""
    for aspect_number, rows in measured.items():
        for region, values in rows:
            record_measurement(
                indicator=indicators[aspect_number],
                period=period,
                by=by,
                year=year,
                region=regions[region] if region else None,
                **values,
            )
