"""A plan measured by indicators, whole, for the tests of its annexes, its informe ejecutivo, its
public page and its open data: two objectives, three specific objectives (ASM) and six indicators
rated every way at the September cut-off (cumple, cumple parcialmente, no cumple overridden to
cumple parcialmente, pendiente, sin meta, and one not measured), two product changes, a gap, the
narrative sections, the plan and the September round authorised. With `draft_marker`, a second
round (March) stays a draft, its every text carrying that word.
"""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from indicators.models import AchievementGap, MeasurementRound, PlanNarrative, ProductChange
from indicators.rating import Rating
from programs.workflow import State
from tests import factories as make
from tests import personas

# The word every text of the draft round carries, where the tests ask for one (`shared_indicator_plan`).
DRAFT_MARK = "zxqborrador"

# What the September round rates, indicator by indicator (the order of the annex).
SEPTEMBER_RATINGS = {
    Rating.MET: 1,
    Rating.PARTLY_MET: 2,
    Rating.NOT_MET: 0,
    Rating.PENDING: 1,
    Rating.NO_TARGET: 1,
}
UNMEASURED = 1


def indicator_plan(
    *, agency=None, people=personas.pair, draft_marker: str | None = None, round_state: str = State.AUTHORISED
) -> SimpleNamespace:
    agency = agency or make.agency()
    preparer, supervisor = people(agency)
    program = make.program(agency)
    everywhere = make.region(agency, name="Todas las regiones", all_regions=True)
    plan = make.plan(program, title="Programa de Mejoramiento de la Gestión 2017", region=everywhere)
    stage_one = make.objective(plan, number=1, text="Contar con información de gestión oportuna.")
    stage_two = make.objective(plan, number=2, text="Mejorar la calidad de los reportes.")
    system = make.aspect(plan, number=1, objective=stage_one, text="Disponer de un sistema de información.")
    reports = make.aspect(plan, number=2, objective=stage_two, text="Publicar reportes mensuales.")
    training = make.aspect(plan, number=3, objective=stage_two, text="Capacitar a los enlaces regionales.")
    transfer = make.indicator(
        system,
        number=1,
        text="Porcentaje de ministerios que traspasan la información solicitada.",
        numerator_description="Ministerios que traspasan la información",
        denominator_description="Ministerios obligados",
        targets={2017: 70, 2018: 80},
    )
    on_time = make.indicator(system, number=2, text="Porcentaje de reportes entregados a tiempo.", targets={2017: 90})
    published = make.indicator(
        reports, number=3, text="Reportes publicados en el año.", kind="valor", unit="reportes", targets={2017: 12}
    )
    later = make.indicator(reports, number=4, text="Índice de satisfacción de usuarios.", targets={2018: 80})
    no_target = make.indicator(training, number=5, text="Porcentaje de enlaces capacitados.", targets={2018: 90})
    unmeasured = make.indicator(training, number=6, text="Porcentaje de regiones con tablero.", targets={2017: 50})
    ProductChange.objects.create(
        plan=plan,
        number=1,
        product="Sistema de información de gestión",
        subproduct="Módulo de reportes",
        modification="Incorporar el registro mensual de avances.",
        incorporated=True,
    )
    ProductChange.objects.create(
        plan=plan,
        number=2,
        product="Manual de procedimientos",
        modification="Actualizar el flujo de validación.",
        incorporated=False,
        note="Pendiente de aprobación.",
    )
    AchievementGap.objects.create(
        plan=plan,
        number=1,
        committed="Sistema en operación en todas las regiones.",
        reached="Operando en 5 de 8 regiones.",
        gap="3 regiones sin conexión.",
        causes="Falta de infraestructura de red.",
    )
    PlanNarrative.objects.create(
        plan=plan,
        contribution="El sistema apoya la meta institucional de transparencia.",
        difficulties="Rotación del personal de las regiones.",
        recommendations="Asegurar la conectividad de las oficinas regionales.",
        achievements="Se publicó el tablero de indicadores.\nSe capacitó a 40 enlaces.",
    )
    make.authorised(plan, preparer, supervisor)
    september, march = plan.cycle.periods.order_by("end")
    make.opened(september)
    make.measurement(transfer, september, numerator=Decimal(29), denominator=Decimal(40))  # 72.5 ≥ 70: cumple
    make.measurement(on_time, september, value=Decimal(75))  # 75 ≥ 72 = 80 % of 90: cumple parcialmente
    make.measurement(
        published,
        september,
        value=Decimal(5),  # no cumple, overridden
        rating=Rating.PARTLY_MET,
        rating_overridden=True,
        override_justification="El proveedor entregó tarde el sistema.",
    )
    make.measurement(
        later, september, result_text="Este indicador sólo será posible de medir el año 2018.", rating=Rating.PENDING
    )
    make.measurement(no_target, september, value=Decimal(60))  # no target for 2017: sin meta
    september_round = MeasurementRound.objects.get(plan=plan, period=september)
    make.in_state(september_round, round_state, preparer, supervisor)
    march_round = None
    if draft_marker:
        make.opened(march)
        make.measurement(
            unmeasured,
            march,
            year=2017,
            value=Decimal(10),
            result_text=f"Resultado {draft_marker}",
        )
        make.measurement(
            transfer,
            march,
            year=2017,
            value=Decimal(1),
            result_text=f"Caída {draft_marker}",
        )
        march_round = MeasurementRound.objects.get(plan=plan, period=march)
    return SimpleNamespace(
        agency=agency,
        preparer=preparer,
        supervisor=supervisor,
        program=program,
        plan=plan,
        region=everywhere,
        objectives=(stage_one, stage_two),
        aspects=(system, reports, training),
        indicators=(transfer, on_time, published, later, no_target, unmeasured),
        september=september,
        march=march,
        september_round=september_round,
        march_round=march_round,
    )
