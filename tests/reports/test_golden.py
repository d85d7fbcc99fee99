"""Golden tests: each seed document (shared/seeds) reproduced, in its column profile, by the files
an analyst signs: the XLSX anexo and the Word document have exactly the seed's column headers in
order, and they and the CSV (datos) hold the seed's cell texts verbatim, accents and line breaks
included.

Every expected string below is copied from the seed text (000_… Durango, 001_… Opciones
Productivas S054, 002_… 3x1 para Migrantes S061, 003_… FASSA Querétaro). Two things of the text
extraction are undone: column labels it split («Tem a», «Clas ifica ción») are rejoined, and a
cell it printed as HTML paragraphs or list items («<p>…</p> <p>…</p>») is one line per paragraph.
Seed dates are date cells (dd/mm/aaaa), compared as dates.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

import docx
import pytest
from docx.oxml.ns import qn
from openpyxl import load_workbook

from aspects.models import Plan
from reports import tables
from reports.combined import CombinedDocument
from reports.writers import csv as csv_writer
from reports.writers import xlsx
from reports.writers.combined_docx import write_combined_docx
from reports.writers.docx import write_docx
from tests.seeds import (
    ANEXO_C_HEADERS,
    DURANGO_HEADERS,
    FASSA_INSTITUTIONAL_HEADERS,
    FASSA_PARTICIPANTS,
    FASSA_PARTICIPANTS_HEADERS,
    FASSA_SPECIFIC_HEADERS,
    SPECIFIC_PROGRESS_HEADERS,
)

from .conftest import annex_of, rows_of

pytestmark = pytest.mark.usefixtures("seeds")


@dataclass(frozen=True)
class Golden:
    """One table of a seed document: where it is, its header as the seed prints it, cells copied
    from the seed, the dates of its date cells, and the lines of its title and header block."""

    key: str
    table: str
    headers: tuple[str, ...]
    cells: tuple[str, ...]
    dates: tuple[date, ...] = ()
    lines: tuple[str, ...] = ()
    cycle: str | None = None
    period: str | None = None

    def annex(self):
        return annex_of(self.key, self.table, cycle=self.cycle, period=self.period)


DURANGO = Golden(
    "PAJF-DGO",
    "especifico",
    headers=DURANGO_HEADERS,
    cells=(
        "Documentar la lógica causal de la intervención.",
        "Construir la lógica causal de la intervención e identificar los riesgos y supuestos asociados.",
        "Departamento de inclusión Productiva",
        "Identificar los vínculos causales que conectan a la intervención con sus resultados esperados y los "
        "factores potenciales de desviación del resultado para desarrollar una estrategia para mitigarlos o "
        "evitarlos.",
        "Desarrollar e implementar un sistema de control de riesgos asociados a la operación del Programa.",
        "Cómo llevar a cabo el monitoreo: Grupo de control, formatos, frecuencia, base de datos",
        "Establecer mecanismos para definir una muestra aleatoria representativa para el seguimiento de las "
        "beneficiarias, justificando en todo momento su elección.",
        "Habilitar en la página oficial de internet de la Secretaría una sección destinada para la difusión de "
        "información asociada al PAJF (documentación normativa, requisitos para la inscripción de proyectos, "
        "padrones de beneficiarios, evidencia de entrega de apoyos, información asociada al seguimiento de las "
        "beneficiarias, etc).",
        "Una aceptación más amplia del Programa por parte de la ciudadanía, al estar más involucrada y tener un "
        "mejor entendimiento de éste.",
        "Reducir significativamente la modificación, alteración de datos personales, así como la pérdida y "
        "borrado de información.",
        "Monitorear el seguimiento de las beneficiarias y el impacto del programa a la población objetivo.",
    ),
    dates=(date(2020, 3, 30), date(2020, 3, 27)),
    lines=(
        "Seguimiento a Aspectos Susceptibles de Mejora",
        "Secretaría de Bienestar Social del Estado de Durango",
        "Programa Autoempelo para Jefas de Familia",
    ),
)

ANEXO_C_LINES = (
    "SEGUIMIENTO A ASPECTOS SUSCEPTIBLES DE MEJORA CLASIFICADOS COMO ESPECÍFICOS, DERIVADOS DE INFORMES Y "
    "EVALUACIONES EXTERNAS",
    "Secretaría de Desarrollo Social",
    "Programa: Opciones Productivas",
    "Anexo C. Avance al documento de trabajo",
)

S054_2010 = Golden(
    "S054",
    "avance",
    cycle="Mecanismo 2010",
    period="Marzo 2012",
    headers=ANEXO_C_HEADERS,
    cells=(
        "Resultados: Captar información oportuna y de calidad sobre la percepción de los beneficiarios para "
        "retroalimentar el diseño y operación del programa.",
        "1. Dar continuidad a la carta compromiso establecida con la ciudadanía (solicitantes), a fin de asegurar "
        "la calidad de los servicios, para las modalidades de ADL y Proyectos Integradores.",
        "Realiza: Delegaciones",
        "Conocer la percepción de los beneficiarios",
        "Documentación soporte: Informe de la Carta Compromiso, reporte de aplicación de cuestionario de "
        "satisfacción del cliente en la modalidad de Fondo de Cofinanciamiento: Evaluación ciudadana 1ª "
        "convocatoria 2011. Modalidades, Agencias de Desarrollo Local, Proyectos Integradores, Asistencia Técnica "
        "y Acompañamiento",
        "Este ASM se considera tanto Específico como Institucional.",
        "1.-Apartir de la evaluación externa 2007 se incorporaron al SIOP las modalidades Red de Mentores y Fondo "
        "de cofinanciamiento en las etapas de pre-registro y registro.",
        "2.-Incorporar al SIOP la etapa de dictaminación de las modalidades de Red de mentores y Fondo de "
        "cofinanciamiento.",
        "Realiza: Dirección General de Opciones Productivas",
        "Contar con un sistema de información para las 4 modalidades del Programa en todas las etapas del proceso.",
        "Sistema de información de Opciones Productivas y Sistema integral de Información de los Programas Sociales",
        "Los sistemas deben ser rediseñados anualmente atendiendo las modificaciones a las Reglas de Operación. "
        "Documentación soporte: Sistema de Información de Opciones Productivas http://sipso.sedesol.gob.mx*\n"
        "- Propuesta de Mejora y Ajustes SIOP 2011\n"
        "- Flujograma SIOP 2011",
        "NOTA: El acceso al Sistema integral de Información de los Programas Sociales (SIIPSO), tiene que ser a "
        "través de la solicitud de una clave de usuario y contraseña que emite la Dirección General de Informática.",
    ),
    lines=(*ANEXO_C_LINES, "ASPECTOS ESPECÍFICOS 2008-2009 (Mecanismo 2010)", "Fecha de Elaboración", "23/03/2012"),
)

S054_2011 = Golden(
    "S054",
    "avance",
    cycle="Mecanismo 2011",
    period="Marzo 2012",
    headers=ANEXO_C_HEADERS,
    cells=(
        "Proponer los ejes temáticos de un programa de capacitación acorde con la diversidad de proyectos "
        "apoyados en la modalidad de Fondo de Cofinanciamiento y las necesidades que presenta cada uno de ellos",
        "Propuesta de modificación a la modalidad en ROP",
        "DGOP/ UPRI",
        "Documento propuesta de cambio a modalidad de ATA en ROP",
        "Reglas de Operación",
        "Reglas de Operación del Programa Opciones Productivas 2011 y 2012",
        "Un primer avance, cumplido al 100% para 2011, fue establecer mecanismos para garantizar la congruencia y "
        "pertinencia de los perfiles profesionales y de experiencia de los asistentes técnicos y acompañantes con "
        "los giros de los proyectos productivos apoyados. Para 2012 la Modalidad de Asistencia Técnica y "
        "Acompañamiento ya no considera la Capacitación por parte del Programa de Opciones Productivas.",
        "DGOP",
        'Reglas de Operación 2011 que incorpora nueva Modalidad "Asistencia Técnica y Acompañamiento" Reporte de '
        "revisión de congruencia y pertinencia entre proyectos de cofinanciamiento y perfil del ATA",
        "Reglas de Operación del Programa Opciones Productivas 2011. Procedimientos incorporados al: Sistema de "
        "Información de Opciones Productivas http://sipsol.sedesol.gob.mx * Propuesta de Mejora y Ajustes SIOP "
        "2011 Flujograma SIOP 2011",
        "- Estrategia de Verificación Física 2011",
        "- Protocolo",
        "Documento Concluido. (Pendiente de autorización por la Dirección General y remitirlo a Delegaciones)",
    ),
    dates=(date(2011, 8, 30), date(2011, 12, 31), date(2011, 5, 31)),
    lines=(*ANEXO_C_LINES, "ASPECTOS ESPECÍFICOS 2009-2010 (Mecanismo 2011)", "Fecha de Elaboración", "23/03/2012"),
)

S061_LINES = (
    "SEGUIMIENTO A ASPECTOS SUSCEPTIBLES DE MEJORA DERIVADOS DE INFORMES Y EVALUACIONES",
    "Secretaría de Desarrollo Social",
    "AVANCES DE ASPECTOS SUSCEPTIBLES DE MEJORA",
    "2007- 2008",
    "PROGRAMA 3X1 PARA MIGRANTES",
)

S061_INSTITUTIONAL = Golden(
    "S061",
    "avance-institucional",
    period="Septiembre 2010",
    headers=(
        "No.",
        "Tema",
        "Aspecto Susceptible de Mejora",
        "Clasificación",
        "Actividades",
        "Área Responsable",
        "Área Coordinadora",
        "Fecha de Término",
        "Resultados Esperados",
        "Resultados Obtenidos",
        "Producto",
        "Porcentaje de avance y justificación",
    ),
    cells=(
        "Diagnóstico",
        "Definir claramente los conceptos de población Potencial y objetivo.",
        "Institucional",
        "1 Realizar un diagnóstico para determinar la población potencial.",
        "DGAP",
        "Unidad de Planeación y Relaciones Internacionales",
        "La Población Objetivo se encuentra definida en las Reglas de Operación, con base en la definición del "
        "CONEVAL (Población que el Programa tiene planeado atender respecto de la población potencial y que cumple "
        "con los criterios de elegibilidad establecidos en la normatividad)",
        "Reglas de Operación del Programa 3x1 para Migrantes 2009",
        "Revisar que exista alineación entre objetivos e indicadores y que todos los indicadores tengan metas "
        "pertinentes y plazos específicos.",
        "Matriz del Marco Lógico del 3x1 2009",
        "2. Establecer mecanismos de contraloría social.",
        "Dirección General de Seguimiento",
        "Porcentaje de avance: 100%\nReplanteamiento: No",
        # The progress cells in the document's own words.
        "Avance: 100%",
        "Avance %:100",
        "100%. Nota: Si bien se cuenta con la MIR 2009, actualmente las matrices se encuentran en proceso de mejora.",
        "100%",
    ),
    dates=(date(2008, 9, 30), date(2009, 5, 12), date(2009, 4, 30), date(2008, 8, 29)),
    lines=(*S061_LINES, "Aspectos institucionales"),
)

S061_SPECIFIC = Golden(
    "S061",
    "avance",
    period="Septiembre 2010",
    headers=SPECIFIC_PROGRESS_HEADERS,
    cells=(
        "Ampliar la incidencia de las representaciones en Estados Unidos.",
        "Mejorar la estrategia de comunicación para que permita ampliar la incidencia de las representaciones en EU.",
        "UMR",
        "Fecha preliminar propuesta 31/12/2010",
        "Se ampliará la incidencia de las representaciones en los EU y se fortalecerán los esquemas de capacitación "
        "y la relación con la Secretaría de Relaciones Exteriores.",
        "Documento de estrategia de comunicación .",
        "Convenio con la Secretaría de Relaciones Exteriores.",
        "Porcentaje de avance: 75%\nJustificación: La coordinación de agendas para la firma del documento es una "
        "labor interinstitucional. La fecha de conclusión de esta actividad queda sujeta a los acuerdos de las "
        "subsecretarías.\nReplanteamiento: Sí",
        "Porcentaje de avance: 100%\nReplanteamiento: No",
        "Especificar la información que los clubes de migrantes que participan en el Programa deberán compartir "
        "con el Programa.",
        "Este ASM de 2007 aparece en el seguimiento de la Evaluación 2008 y no delimita acciones, así mismo no se "
        "delimitaron actividades en el Documento de Trabajo del área de las Evaluaciones Externas 2007. Al respecto "
        "se informa que: No existen actividades asignadas",
        # «Justificación:» is not printed: the justification is the cell's second paragraph.
        "Porcentaje de avance: 100%\nLa capacitación de los municipios se programó en función del calendario "
        "electoral; considerando también los cambios en las administraciones municipales y las agendas de "
        "autoridades municipales. La compatibilidad de agendas complicó la coordinación entre los actores "
        "participantes.\nReplanteamiento: No",
    ),
    dates=(date(2010, 12, 31), date(2008, 12, 31), date(2009, 12, 31)),
    lines=(*S061_LINES, "Aspectos específicos"),
)

FASSA_BLOCK = (
    "Dependencia o entidad responsable",
    "SERVICIOS DE SALUD DEL ESTADO DE QUERÉTARO",
    "Nombre y cargo del responsable de la elaboración y seguimiento al programa de ASM",
    "JOSE SAMUEL GARCIA SANCHEZ",
    "Fondo o recurso federal evaluado",
    "FONDO DE OPORTACIONES PARA LOS SERVICIOS DE SALUD",
)

FASSA_SPECIFIC = Golden(
    "FASSA-QRO",
    "especifico",
    headers=FASSA_SPECIFIC_HEADERS,
    cells=(
        'Los SESEQ publicaran los "Informes sobre la Situación Económica, las Finanzas Públicas y la Deuda '
        'Pública" para los cuatro trimestres de 2014, en la pagina web de SESEQ.',
        "RC",
        "1 Presentar evidencia de recomendacion a la direccion de finanzas",
        "memorandun de entrega de informe",
        "DIRECCIÓN DE PLANEACIÓN",
        "Mejorar la transparencia del manejo de los recursos de SESEQ.",
        "2 Recopilar los informes financieros",
        "informes financieros y memorandum",
        "DIRECCIÓN DE FINANZAS",
        "MEJORAR TRANSPARENCIA DE LAS FINANZAS DE SESEQ",
        "2 Recabar documento de acuse de recido",
        "Mejora continua en la calidad de los serivicios de salud otorgados",
        "3 Agregar la evidencia proporcionada a los ASM 2016",
    ),
    dates=(date(2017, 5, 4), date(2017, 6, 12), date(2017, 6, 16), date(2017, 6, 30)),
    lines=("Documento de trabajo específico", "Programa de Aspectos Susceptibles de Mejora 2017", *FASSA_BLOCK),
)

FASSA_INSTITUTIONAL = Golden(
    "FASSA-QRO",
    "institucional",
    headers=FASSA_INSTITUTIONAL_HEADERS,
    cells=(
        "Analisis de las MIR del POA de SESEQ 2016 con areas responsables de las MIR",
        "Documento de analisis de indicadores de Desempeño del POA de SESEQ",
        "SERVICIOS DE SALUD DEL ESTADO DE QUERÉTARO",
        "Oficializar MIR mejorada.",
        "MIRs con firma de aprobacion de los subcoordinadores",
        "Ofna. del C. Dir. Gral. de Rec. Humanos, Planeación y Finanzas",
        "3 Emision de analisis de padron de beneficiarios",
        "Documento de resultados de analisis de PB",
        "DIRECCIÓN DE PLANEACIÓN",
        "PP",
        "O",
    ),
    dates=(date(2017, 5, 16), date(2017, 6, 16), date(2017, 8, 1), date(2017, 8, 31), date(2017, 7, 3)),
    lines=("Documento de trabajo institucional", *FASSA_BLOCK),
)

GOLDEN = {
    "durango": DURANGO,
    "s054-2010": S054_2010,
    "s054-2011": S054_2011,
    "s061-institucional": S061_INSTITUTIONAL,
    "s061-especifico": S061_SPECIFIC,
    "fassa-especifico": FASSA_SPECIFIC,
    "fassa-institucional": FASSA_INSTITUTIONAL,
}
CASES = pytest.mark.parametrize("golden", GOLDEN.values(), ids=GOLDEN.keys())


def read_xlsx(annex):
    out = io.BytesIO()
    xlsx.write_annex(annex, out)
    return load_workbook(io.BytesIO(out.getvalue())).active


def heading_row(ws) -> int:
    return next(row for row in range(1, ws.max_row + 1) if ws.cell(row, 1).value == "No.")


def read_csv(annex) -> list[list[str]]:
    out = io.BytesIO()
    csv_writer.write_csv(annex, out)
    return list(csv.reader(io.StringIO(out.getvalue().decode("utf-8-sig"))))


def read_docx(annex):
    out = io.BytesIO()
    write_docx(annex, out)
    return docx.Document(io.BytesIO(out.getvalue()))


def test_every_seed_table_checks_at_least_ten_cells():
    assert all(len(golden.cells) >= 10 for golden in GOLDEN.values())


@CASES
def test_xlsx_anexo_prints_exactly_the_seed_headers_and_its_cells_verbatim(golden):
    annex = golden.annex()
    ws = read_xlsx(annex)
    heading = heading_row(ws)
    assert [ws.cell(heading, column).value for column in range(1, ws.max_column + 1)] == list(golden.headers)
    values = [cell.value for row in ws.iter_rows(min_row=heading + 1) for cell in row]
    texts = {value for value in values if isinstance(value, str)}
    for text in golden.cells:
        assert text in texts, text
    # Dates are date cells, written dd/mm/aaaa.
    dated = {
        cell.value.date(): cell.number_format
        for row in ws.iter_rows(min_row=heading + 1)
        for cell in row
        if getattr(cell, "is_date", False) and cell.value
    }
    for day in golden.dates:
        assert dated.get(day) == "dd/mm/yyyy", day
    # The title lines and header block the document prints, and nothing it does not.
    above = [ws.cell(row, column).value for row in range(1, heading) for column in range(1, ws.max_column + 1)]
    for line in golden.lines:
        assert line in above, line
    everything = " ".join(str(value) for value in values + above if value)
    assert "(demo)" not in everything and "BORRADOR" not in everything
    assert ws.freeze_panes == f"A{heading + 1}"
    assert ws.auto_filter.ref.startswith(f"A{heading}:")


@CASES
def test_docx_prints_exactly_the_seed_headers_and_its_cells_verbatim(golden):
    annex = golden.annex()
    document = read_docx(annex)
    table, signatures = document.tables
    assert [cell.text for cell in table.rows[0].cells] == list(golden.headers)
    texts = {cell.text for row in table.rows[1:] for cell in row.cells}
    for text in golden.cells:
        assert text in texts, text
    # Dates print as the seed writes them, dd/mm/aaaa.
    for day in golden.dates:
        assert f"{day:%d/%m/%Y}" in texts, day
    # The title lines and header block the document prints, above the table, and nothing it does not.
    above = []
    for block in document.element.body.iterchildren():
        if block.tag == qn("w:tbl"):
            break
        above.append("".join(node.text or "" for node in block.iter(qn("w:t"))))
    for line in golden.lines:
        assert any(line in paragraph for paragraph in above), line
    # Only the names the plan carries sign it; the rest are lines ready to sign.
    assert [cell.text.split("\n")[1] for cell in signatures.rows[0].cells] == [s.name for s in annex.signatures]
    section = document.sections[0]
    everything = " ".join(
        [*above, *texts, *(cell.text for cell in signatures.rows[0].cells), section.header.paragraphs[0].text]
    )
    assert "(demo)" not in everything and "BORRADOR" not in everything


@CASES
def test_csv_datos_has_the_seed_headers_in_order_and_its_cells_verbatim(golden):
    rows = read_csv(golden.annex())
    header, body = rows[0], rows[1:]
    # Every printed column, under the seed's header and in its order; the datos layout adds the
    # program, the cycle and the typed values (dates' precision, numbers) under their own names.
    assert [label for label in header if label in golden.headers] == list(golden.headers)
    # A text a spreadsheet would take for a formula («- Protocolo») is written with an apostrophe.
    texts = {value.removeprefix("'") for row in body for value in row}
    # The progress cell and a date with its note are typed values in datos (percent, date, note);
    # so is a progress cell in the document's own words («Avance %:100»): datos has its percent.
    composed = ("Porcentaje de avance", "Fecha preliminar", "Avance", "100%")
    for text in golden.cells:
        if not text.startswith(composed):
            assert text in texts, text
    for day in golden.dates:
        assert day.isoformat() in texts, day


def test_xlsx_percent_cells_are_numbers_formatted_as_percents():
    ws = read_xlsx(S054_2011.annex())
    heading = heading_row(ws)
    column = [ws.cell(heading, index).value for index in range(1, ws.max_column + 1)].index(
        "Porcentaje de avance y justificación ¹"
    ) + 1
    cells = [ws.cell(row, column) for row in range(heading + 1, heading + 5)]
    assert [(cell.value, cell.number_format) for cell in cells] == [(1, "0%")] * 4  # the seed's «100%»


def test_xlsx_footer_prints_the_signatures_on_one_line_each():
    ws = read_xlsx(FASSA_SPECIFIC.annex())
    assert ws.oddFooter.left.text == "Elaboró: GERARDO PALMA ANGELES"
    assert ws.oddFooter.right.text == "Autorizó: JOSE SAMUEL GARCIA SANCHEZ"
    assert "\n" not in ws.oddFooter.left.text + ws.oddFooter.right.text


def test_datos_puts_a_precision_next_to_each_date_that_may_be_a_month():
    rows = read_csv(S054_2010.annex())
    header = rows[0]
    end = header.index("Fecha de Término")
    assert header[end + 1] == "Precisión de la fecha de término"
    actual = header.index("Fecha real de término")
    assert header[actual + 1] == "Precisión de la fecha real de término"
    first = rows[1]
    # «1. Diciembre 2009»: the last day of the month, and that it is a month.
    assert (first[end], first[end + 1]) == ("2009-12-31", "Mes")


def test_no_committed_date_the_source_lacks():
    rows = rows_of(S054_2010.annex())
    third = next(row for row in rows if row["Actividades"].startswith("3.-Incorporar la etapa de supervisión"))
    assert third["Fecha de Término"] == "Fecha real de término agosto de 2009"
    assert "Fecha comprometida" not in third["Fecha de Término"]


def test_asm_level_evidence_and_observations_print_once_in_a_merged_cell():
    annex = S054_2010.annex()
    ws = read_xlsx(annex)
    heading = heading_row(ws)
    merged = {str(block) for block in ws.merged_cells.ranges if block.min_row > heading}
    # ASM 2 has two activity rows, ASM 3 three: their evidence (I) and observations (J) are merged.
    assert {f"I{heading + 1}:I{heading + 2}", f"J{heading + 1}:J{heading + 2}"} <= merged
    assert {f"I{heading + 3}:I{heading + 5}", f"J{heading + 3}:J{heading + 5}"} <= merged
    evidence = [ws.cell(row, 9).value for row in range(heading + 1, heading + 6)]
    assert evidence[1:] == [None, evidence[2], None, None] and evidence[0].startswith("Documentación soporte")


def test_an_activity_keeps_its_own_coordinating_unit():
    rows = rows_of(S061_INSTITUTIONAL.annex())
    second = {row["Actividades"]: row["Área Coordinadora"] for row in rows}
    assert second["2. Establecer mecanismos de contraloría social."] == "Unidad de Microrregiones"
    assert second[
        "1. Existen diversas actividades que la DGS a tenido a su cargo: el diseño metodológico que será "
        "aplicado para seleccionar muestras estadísticamente representativas de acciones, obras y proyectos "
        "que serán verificados físicamente por personal de las oficinas centrales de SEDESOL durante 2008"
    ] == ("Dirección General de Seguimiento")


def test_an_asm_without_activities_keeps_its_own_end_date():
    rows = rows_of(S061_SPECIFIC.annex())
    [row] = [row for row in rows if row["Aspecto Susceptible de Mejora"].startswith("Especificar la información")]
    assert (row["No."], row["Actividades"], row["Fecha de Término"]) == ("4", "", "31/12/2009")


def test_replanning_prints_only_where_the_report_says():
    rows = rows_of(S054_2011.annex())
    assert all(row["Porcentaje de avance y justificación ¹"] == "100%" for row in rows)
    rows = rows_of(S061_INSTITUTIONAL.annex())
    first = rows[0]["Porcentaje de avance y justificación"]
    assert first == "Avance: 100%"  # the seed's own words, which say nothing of a replanning
    rows = rows_of(S061_SPECIFIC.annex())
    first = rows[0]["Porcentaje de avance y justificación ¹"]
    assert first == "Porcentaje de avance: 100%"  # the standard wording, no replanning the seed does not state


def test_responsible_units_keep_the_order_the_agency_wrote_them_in():
    rows = rows_of(annex_of("FASSA-QRO", "especifico"))
    [row] = [row for row in rows if "Realizar reunion para analisis de creacion" in row["Actividades"]]
    assert row["Área responsable"].split("\n") == [
        "OFNA. DEL C. DIR. GENERAL DE RECURSOS HUMANOS, PLANEACIÓN Y FINANZAS",
        "DIRECCIÓN DEL RÉGIMEN ESTATAL DE PROTECCIÓN SOCIAL EN SALUD",
        "DIRECCIÓN DE SERVICIOS MÉDICOS HOSPITALARIOS",
        "DIRECCIÓN DE SERVICIOS de SALUD",
    ]


def test_no_signature_or_date_the_source_lacks():
    for golden in (DURANGO, S054_2010, S061_SPECIFIC):
        annex = golden.annex()
        assert [(s.role, s.name, s.position) for s in annex.signatures] == [
            ("Elaboró", "", ""),
            ("Autorizó", "", ""),
        ], golden.key
        labels = [label for label, _ in annex.header]
        assert "Fecha de elaboración" not in labels
    assert dict(annex_of("PAJF-DGO", "resumen").header)["Fecha de elaboración"] == ""


def test_the_recommendation_selection_of_a_plan_with_an_evaluation_does_not_say_it_has_none():
    annex = annex_of("S054", "recomendaciones", cycle="Mecanismo 2010")
    assert "evaluación de origen" not in annex.empty_message.replace("La evaluación de origen no tiene", "")
    assert annex.empty_message == "La evaluación de origen no tiene recomendaciones registradas."
    assert annex_of("PAJF-DGO", "recomendaciones").empty_message.startswith(
        "El programa de trabajo no tiene evaluación de origen"
    )


def test_a_plan_without_a_profile_prints_the_coneval_layout():
    from aspects.models import Plan
    from reports.tables import SPECIFIC

    plan = Plan.objects.select_related("program__agency", "cycle").get(
        program__key="FASSA-QRO", cycle__name="Programa de ASM 2026"
    )
    annex = SPECIFIC.build(plan)
    assert annex.profile is None
    assert annex.columns == SPECIFIC.columns
    assert annex.title == "Documento de trabajo (ASM específicos)"


def test_the_asm_end_date_is_one_definition_on_the_public_page_and_the_summary_annex(client):
    """«Fecha de término» of an ASM: `Aspect.due_date` (aspects/progress.py), its own date or the
    latest of its live activities, printed the same by the public ASM page and the Resumen annex."""
    import re as regex

    from django.urls import reverse

    from aspects.models import Aspect
    from aspects.templatetags.asm import written_date

    checked = 0
    for key, cycle in [("S061", None), ("FASSA-QRO", None), ("S054", "Mecanismo 2011")]:
        annex = annex_of(key, "resumen", cycle=cycle)
        for row in rows_of(annex):
            aspect = Aspect.objects.get(plan=annex.plan, number=int(row["No."]))
            page = client.get(reverse("public:aspect", kwargs={"key": key, "pk": aspect.pk})).content.decode()
            [shown] = regex.findall(
                r"<dt class=\"col-sm-4\">Fecha de término</dt><dd class=\"col-sm-8\">([^<]*)</dd>", page
            )
            assert shown.strip() == row["Fecha de término"] == written_date(aspect.due_date), (key, aspect.number)
            checked += 1
    assert checked > 30


def test_the_combined_word_document_prints_the_seed_participants_in_its_columns_verbatim():
    plan = Plan.objects.get(program__key="FASSA-QRO", cycle__name="Programa de ASM 2017")
    out = io.BytesIO()
    write_combined_docx(CombinedDocument.build(plan), out)
    table = docx.Document(io.BytesIO(out.getvalue())).tables[0]
    assert tuple(cell.text for cell in table.rows[0].cells) == FASSA_PARTICIPANTS_HEADERS
    assert tuple(tuple(cell.text for cell in row.cells) for row in table.rows[1:]) == FASSA_PARTICIPANTS


def test_a_progress_cell_in_the_documents_own_words_keeps_its_number_in_datos():
    annex = S061_INSTITUTIONAL.annex()
    printed = [row for row in rows_of(annex) if row["Porcentaje de avance y justificación"] == "Avance %:100"]
    assert len(printed) == 3  # ASM 2, and ASM 3 over its two activities
    rows = read_csv(annex)
    header, body = rows[0], rows[1:]
    percents = [row[header.index("Porcentaje de avance y justificación")] for row in body]
    assert set(percents) == {"100"}  # every report of the document: the number, never the words
    assert not any("Avance" in value for row in body for value in row)


def test_without_its_own_words_a_progress_cell_prints_the_standard_wording():
    row = next(row for row in S061_INSTITUTIONAL.annex().rows() if row.report and row.report.printed_text)
    assert tables.progress_text(row.activity, row) == row.report.printed_text
    row.report.printed_text = ""
    assert tables.progress_text(row.activity, row) == "Porcentaje de avance: 100%"
