"""The fixture files of the importer, built from the seed documents (shared/seeds) the way agencies
keep them: merged cells, continuation rows, several activities in one cell, text dates, a cp1252 CSV
separated by «;», Word tables with merged cells, and every bad file of issue 13 §4.

Each builder answers (file name, bytes). `write_all(folder)` writes them all (for `import_annex
--dry-run` by hand: `python -m tests.imports.builders /tmp/anexos`)."""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import docx
from openpyxl import Workbook
from openpyxl.styles import Alignment

from tests.seeds import ANEXO_C_HEADERS, DURANGO_HEADERS, FASSA_INSTITUTIONAL_HEADERS, SPECIFIC_PROGRESS_HEADERS

# 000 · Durango, Programa Autoempleo para Jefas de Familia ------------------------------------------

DURANGO_HEADER = list(DURANGO_HEADERS)
DURANGO_ROWS = [
    (
        1,
        "Documentar la lógica causal de la intervención.",
        "Construir la lógica causal de la intervención e identificar los riesgos y supuestos asociados.",
        "Departamento de inclusión Productiva",
        "30-mar-20",
        "Identificar los vínculos causales que conectan a la intervención con sus resultados esperados.",
    ),
    (
        2,
        "Desarrollar e implementar un sistema de control de riesgos asociados a la operación del Programa.",
        "Identificar y registrar todos aquellos eventos tanto internos como externos que puedan poner en riesgo "
        "el logro de los objetivos del Programa.",
        "Departamento de inclusión Productiva",
        "27-mar-20",
        "Una respuesta más efectiva ante eventos o situaciones no previstas en la gestión del Programa.",
    ),
    (
        3,
        "Fortalecer los mecanismos de seguimiento a las beneficiarias.",
        "Establecer un comité de control para monitorear el seguimiento a las beneficiarias.",
        "Departamento de inclusión Productiva",
        "30-mar-20",
        "Cómo llevar a cabo el monitoreo: Grupo de control, formatos, frecuencia, base de datos",
    ),
    (
        None,  # merged with the row above in the sheet
        None,
        "Establecer mecanismos para definir una muestra aleatoria representativa para el seguimiento de las "
        "beneficiarias, justificando en todo momento su elección.",
        "Departamento de inclusión Productiva",
        datetime(2020, 3, 30),  # a real date cell
        None,
    ),
    (
        4,
        "Fortalecer los mecanismos de transparencia y rendición de cuentas.",
        "Habilitar en la página oficial de internet de la Secretaría una sección destinada para la difusión de "
        "información asociada al PAJF (documentación normativa, requisitos, padrones de beneficiarios, etc).",
        "Departamento de inclusión Productiva",
        "27-mar-20",
        "Una aceptación más amplia del Programa por parte de la ciudadanía.",
    ),
    (
        5,
        "Establecer mecanismos para la depuración y actualización de base de datos.",
        "Establecer un control de actualización y depuración de información en base de datos.",
        "Departamento de inclusión Productiva",
        "30-mar-20",
        "Reducir significativamente la modificación, alteración de datos personales.",
    ),
    (
        6,
        "Diseñar indicadores claros, adecuados y relevantes para medir el desempeño de la intervención.",
        "Establecer indicadores que permitan conocer la supervivencia de los negocios establecidos.",
        "Departamento de inclusión Productiva",
        "30-mar-20",
        "Monitorear el seguimiento de las beneficiarias y el impacto del programa a la población objetivo.",
    ),
]


def xlsx_bytes(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def durango_xlsx(rows=DURANGO_ROWS, header=DURANGO_HEADER) -> tuple[str, bytes]:
    """Title rows, the agency and program above the table, the header on row 7, ASM 3 merged down
    over its two activity rows, text dates («30-mar-20») and one real date cell, signatures below."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Seguimiento ASM"
    ws.append(["Seguimiento a Aspectos Susceptibles de Mejora"])
    ws.merge_cells("A1:F1")
    ws.append([])
    ws.append(["Dependencia o entidad responsable", None, "Secretaría de Bienestar Social del Estado de Durango"])
    ws.append(["Programa o fondo evaluado", None, "Programa Autoempelo para Jefas de Familia"])
    ws.append(["Fecha de elaboración", None, "15/01/2020"])
    ws.append([])
    ws.append(header)
    first = 8
    for row in rows:
        ws.append(list(row))
    # ASM 3 spans rows 10 and 11: No., ASM and Resultados Esperados merged down.
    for column in "ABF":
        ws.merge_cells(f"{column}10:{column}11")
    last = first + len(rows)
    ws.cell(row=last + 2, column=1, value="LIC. MARÍA LÓPEZ PÉREZ")
    ws.cell(row=last + 2, column=4, value="ING. JUAN RAMÍREZ SOTO")
    ws.cell(row=last + 3, column=1, value="Jefa del Departamento de Inclusión Productiva")
    ws.cell(row=last + 3, column=4, value="Director de Planeación")
    ws.cell(row=last + 4, column=1, value="Elaboró")
    ws.cell(row=last + 4, column=4, value="Autorizó")
    return "durango.xlsx", xlsx_bytes(wb)


# 001 · Opciones Productivas, Anexo C ----------------------------------------------------------------

FOOTNOTE = (
    "¹ En caso de un replanteamiento de las acciones comprometidas se deberá justificar y en su caso se solicita "
    "se vuelva a llenar las actividades y sus características."
)


def opciones_productivas_xlsx() -> tuple[str, bytes]:
    """Two sections under titles, the header repeated for the second; several activities numbered in one
    cell («1. … 2. …», «1.-…» one a line) with their dates and products numbered the same way; month
    dates («Diciembre 2009»); a footnote and «Fecha de Elaboración» at the bottom."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Anexo C"
    ws.append(["SEGUIMIENTO A ASPECTOS SUSCEPTIBLES DE MEJORA CLASIFICADOS COMO ESPECÍFICOS"])
    ws.append(["Secretaría de Desarrollo Social\nPrograma: Opciones Productivas"])
    ws.append(["Anexo C. Avance al documento de trabajo"])
    ws.append(["ASPECTOS ESPECÍFICOS 2008-2009 (Mecanismo 2010)"])
    for row in (1, 2, 3, 4):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=10)
    ws.append(ANEXO_C_HEADERS)
    ws.append(
        [
            2,
            "Resultados: Captar información oportuna y de calidad sobre la percepción de los beneficiarios.",
            "1. Dar continuidad a la carta compromiso establecida con la ciudadanía (solicitantes). "
            "2. Iniciar un proyecto piloto de las modalidades de cofinanciamiento y red de mentores",
            "Delegaciones",
            "1. Diciembre 2009 2. Diciembre 2009",
            "Conocer la percepción de los beneficiarios",
            "1 Cartas compromiso 2 Resultados de la satisfacción",
            "Porcentaje de avance: 100%",
            "Documentación soporte: Informe de la Carta Compromiso",
            "Este ASM se considera tanto Específico como Institucional.",
        ]
    )
    ws.append(
        [
            3,
            "Operación: Mejorar los sistemas de información para apoyar la toma de decisiones.",
            "1.-Incorporar al SIOP las modalidades Red de Mentores y Fondo de cofinanciamiento.\n"
            "2.-Incorporar al SIOP la etapa de dictaminación de las modalidades.\n"
            "3.-Incorporar la etapa de supervisión para las 4 modalidades del Programa",
            "Dirección General de Opciones Productivas",
            "1. Diciembre de 2008\n2.-Enero de 2009\n3. Agosto de 2009",
            "Contar con un sistema de información para las 4 modalidades del Programa.",
            "Sistema de información de Opciones Productivas",
            "1. Porcentaje de avance: 100%\n2. Porcentaje de avance: 100%\n3. Porcentaje de avance: 90% "
            "Justificación: falta la modalidad de Red de mentores Replanteamiento: Sí",
            "Sistema de Información de Opciones Productivas",
            None,
        ]
    )
    ws.append(["ASPECTOS ESPECÍFICOS 2009-2010 (Mecanismo 2011)"])
    ws.merge_cells(start_row=8, start_column=1, end_row=8, end_column=10)
    ws.append(ANEXO_C_HEADERS)
    ws.append(
        [
            1,
            "Proponer los ejes temáticos de un programa de capacitación acorde con la diversidad de proyectos.",
            "Propuesta de modificación a la modalidad en ROP",
            "DGOP/ UPRI",
            "30 de agosto 2011",
            "Documento propuesta de cambio a modalidad de ATA en ROP",
            "Reglas de Operación",
            "100%",
            "Reglas de Operación del Programa Opciones Productivas 2011 y 2012",
            None,
        ]
    )
    ws.append(
        [
            4,
            "Diseñar y construir un protocolo de factibilidad que contribuya a dar sustentabilidad.",
            "Elaborar Protocolo",
            "DGOP",
            "31 de diciembre de 2011",
            "Protocolo remitido a las Delegaciones Federales",
            "Documento de Protocolo",
            "100%",
            "- Protocolo",
            "Documento Concluido.",
        ]
    )
    ws.append([FOOTNOTE])
    ws.merge_cells(start_row=12, start_column=1, end_row=12, end_column=10)
    ws.append([])
    ws.append(["Fecha de Elaboración: 23 de marzo de 2012"])
    for row in ws.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True)
    return "opciones_productivas.xlsx", xlsx_bytes(wb)


# 002 · 3x1 para Migrantes, a Word document -----------------------------------------------------------

INSTITUTIONAL_3X1_HEADER = [
    "No.",
    "Tema",
    "Aspecto Susceptible de Mejora",
    "Clasificación",
    "Actividades",
    "Área Respon sable",
    "Área Coordin adora",
    "Fecha de Término",
    "Resultados Esperados",
    "Resultados Obtenidos",
    "Producto",
    "Porcentaje de avance y justificación",
]
SPECIFIC_3X1_HEADER = list(SPECIFIC_PROGRESS_HEADERS)


def word_table(document, header: list[str], rows: list[list], merge_down: dict[int, list[int]] | None = None):
    """A table with `rows`; `merge_down` {row index: [columns]} merges those cells with the row below, as
    Word does for an ASM over its activity rows (the text is in the first cell only)."""
    table = document.add_table(rows=1 + len(rows), cols=len(header))
    for index, label in enumerate(header):
        table.cell(0, index).text = label
    for number, row in enumerate(rows, 1):
        for index, value in enumerate(row):
            if value is not None:
                table.cell(number, index).text = str(value)
    for row, columns in (merge_down or {}).items():
        for column in columns:
            table.cell(row + 1, column).merge(table.cell(row + 2, column))
    return table


def three_for_one_docx() -> tuple[str, bytes]:
    """Title and key/value paragraphs; the institutional progress table with ASM 3 merged down over two
    activity rows, dates «1° de julio de 2010» and «Fecha comprometida … Y Fecha real de término …»,
    progress «Avance %:100», «100%. Nota: …» and «n.d.»; the specific table with «Fecha preliminar
    propuesta 31/12/2010», «Porcentaje de avance: 75% Justificación: … Replanteamiento: Sí», its ASM 1
    repeated in each row (no merge) and an ASM without activities; the signatures under it."""
    document = docx.Document()
    document.add_paragraph("SEGUIMIENTO A ASPECTOS SUSCEPTIBLES DE MEJORA DERIVADOS DE INFORMES Y EVALUACIONES")
    document.add_paragraph("Dependencia o entidad responsable: Secretaría de Desarrollo Social")
    document.add_paragraph("Programa o fondo evaluado: Programa 3x1 para Migrantes")
    document.add_paragraph("Aspectos institucionales")
    word_table(
        document,
        INSTITUTIONAL_3X1_HEADER,
        [
            [
                1,
                "Diagnóstico",
                "Definir claramente los conceptos de población Potencial y objetivo.",
                "Institucional",
                "1 Realizar un diagnóstico para determinar la población potencial.",
                "Unidad de Microrregiones.",
                "DGAP",
                "1° de julio de 2010",
                "Contar con un diagnóstico que permita conocer la población potencial.",
                "La Población Objetivo se encuentra definida en las Reglas de Operación.",
                "1. Diagnóstico",
                "Avance: 100%",
            ],
            [
                2,
                "Planeación",
                "Definir la prioridad del programa alineándolo al Plan Nacional de Desarrollo.",
                "Institucional",
                "Definir la alineación del Programa a los instrumentos de Planeación Nacional",
                "Unidad de Microrregiones",
                "Unidad de Planeación y Relaciones Internacionales",
                "Fecha comprometida en el Documento de Trabajo. 31/12/2008 Y Fecha real de término de la "
                "actividad. 23/12/2008",
                "Resultará más sencillo monitorear los resultados de los indicadores del Programa.",
                "En las Reglas de Operación 2009 se explica con mayor claridad la prioridad del Programa.",
                "Reglas de Operación del Programa 3x1 para Migrantes 2009",
                "Avance %:100",
            ],
            [
                3,
                "Planeación",
                "Revisar que exista alineación entre objetivos e indicadores.",
                "Institucional",
                "1. La Matriz de indicadores del Programa 3x1 y las reglas para el 2009 contienen indicadores",
                "Unidad de Microrregiones",
                "Unidad de Planeación y Relaciones Internacionales y Dirección General de Evaluación y Monitoreo",
                "30/09/2008",
                "Contar con indicadores que cuentan con líneas base y metas.",
                "La Matriz de Marco Lógico del PDZP 2009 considera los indicadores",
                "Matriz del Marco Lógico del 3x1 2009",
                "100%. Nota: Si bien se cuenta con la MIR 2009, actualmente las matrices se encuentran en proceso "
                "de mejora.",
            ],
            [
                None,
                None,
                None,
                None,
                "2. Se definirán metas para todos los indicadores de las Matrices de Indicadores para resultados",
                "Unidad de Microrregiones y DGS",
                "Unidad de Microrregiones",
                "12/05/2009",
                None,
                "El Programa 3x1 para Migrantes funciona con las aportaciones de clubes de migrantes.",
                "Matriz de Marco Lógico del 3x1 2009",
                "n.d.",
            ],
        ],
        merge_down={2: [0, 1, 2, 3, 8]},
    )
    document.add_paragraph("Aspectos específicos")
    word_table(
        document,
        SPECIFIC_3X1_HEADER,
        [
            [
                1,
                "Ampliar la incidencia de las representaciones en Estados Unidos.",
                "Mejorar la estrategia de comunicación para que permita ampliar la incidencia de las representaciones.",
                "UMR",
                "31/12/2010",
                "Se ampliará la incidencia de las representaciones en los EU.",
                "Documento de estrategia de comunicación.",
                "Porcentaje de avance: 100%",
                "La estrategia debe ser entendida como un proceso de mejora continua.",
            ],
            [
                1,
                "Ampliar la incidencia de las representaciones en Estados Unidos.",
                "Firma de convenio con la Secretaría de Relaciones Exteriores.",
                "UMR",
                "Fecha preliminar propuesta 31/12/2010",
                "Se ampliará la incidencia de las representaciones en los EU.",
                "Convenio con la Secretaría de Relaciones Exteriores.",
                "Porcentaje de avance: 75% Justificación: La coordinación de agendas para la firma del documento es "
                "una labor interinstitucional. Replanteamiento: Sí",
                "La fecha de conclusión queda sujeta a los acuerdos de las subsecretarías.",
            ],
            [
                4,
                "Especificar la información que los clubes de migrantes deberán compartir con el Programa.",
                None,
                None,
                "31/12/2009",
                None,
                None,
                None,
                "No existen actividades asignadas",
            ],
        ],
    )
    document.add_paragraph(FOOTNOTE)
    document.add_paragraph("LIC. ROSA MARTÍNEZ")
    document.add_paragraph("Elaboró")
    document.add_paragraph("MTRO. CARLOS GÓMEZ")
    document.add_paragraph("Autorizó")
    out = io.BytesIO()
    document.save(out)
    return "3x1_migrantes.docx", out.getvalue()


# 003 · FASSA Querétaro ----------------------------------------------------------------------------

FASSA_RECOMMENDATIONS = [
    ("1", "2016", "Solicitar al ente ejecutor del gasto que atienda por escrito el acuse de recibo.", "O", "SI", ""),
    ("2", "2016", "Cumplir con todas las actividades programadas para cada uno de los ASM.", "O", "SI", ""),
    (
        "13",
        "2016",
        "Definir nuevos indicadores para evaluar de forma integral la eficiencia del Fondo.",
        "PP",
        "SI",
        "",
    ),
    (
        "34",
        "2016",
        "Publicar los «Informes sobre la Situación Económica» en la página electrónica.",
        "",
        "NO",
        "SE JUSTIFICA CON LA RECOMENDACION 1",
    ),
    (
        "50",
        "2016",
        "Elaborar un manual de procedimientos por parte de SESEQ.",
        "",
        "NO",
        "SE JUSTIFICA CON LA RECOMENDACION 17",
    ),
]


def fassa_csv() -> tuple[str, bytes]:
    """The recommendation selection as Excel saves a CSV in a Spanish locale: Windows-1252, «;», the
    key/value block above the header, a recommendation whose text goes on in the next row, SI/NO, an
    empty ámbito and the signatures at the bottom."""
    lines = [
        "Dependencia o entidad responsable;;SERVICIOS DE SALUD DEL ESTADO DE QUERÉTARO;;;",
        "Nombre y cargo del responsable de la elaboración y seguimiento al programa;;"
        "JOSE SAMUEL GARCIA SANCHEZ, DIRECTOR DE PLANEACION;;;",
        "Fondo o recurso federal evaluado;;FONDO DE OPORTACIONES PARA LOS SERVICIOS DE SALUD;;;",
        "No.;Año de evaluación;Descripción;Ámbito de;Atención;Justificación",
    ]
    for row in FASSA_RECOMMENDATIONS:
        lines.append(";".join(row))
        if row[0] == "2":
            lines.append(";;o, de lo contrario, revisar que cuenten con los recursos para su cumplimiento.;;;")
    lines += [";;;;;", "GERARDO PALMA ANGELES;;;JOSE SAMUEL GARCIA SANCHEZ;;", "Elaboró;;;Autorizó;;"]
    return "fassa_recomendaciones.csv", ("\r\n".join(lines) + "\r\n").encode("cp1252")


# «Acciones a emprender» is merged over the activity's number and its text.
FASSA_INSTITUTIONAL_HEADER = [*FASSA_INSTITUTIONAL_HEADERS[:5], None, *FASSA_INSTITUTIONAL_HEADERS[5:]]


def fassa_institutional_xlsx() -> tuple[str, bytes]:
    """The institutional document: «Acciones a emprender» merged over two columns, ASM over several rows
    (continuation rows with empty No. and ASM), the header and the signatures repeated at each page
    break, a unit list stacked one a line with a name repeated."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Institucional"
    ws.append(["Dependencia o entidad responsable", None, "SERVICIOS DE SALUD DEL ESTADO DE QUERÉTARO"])
    ws.append(
        [
            "Nombre y cargo del responsable de la elaboración y seguimiento al programa de ASM",
            None,
            "JOSE SAMUEL GARCIA SANCHEZ",
        ]
    )
    ws.append(["Fondo o recurso federal evaluado", None, "FONDO DE OPORTACIONES PARA LOS SERVICIOS DE SALUD"])
    ws.append(FASSA_INSTITUTIONAL_HEADER)
    ws.merge_cells("E4:F4")
    unit = "SERVICIOS DE SALUD DEL ESTADO DE QUERÉTARO"
    planning = "DIRECCIÓN DE PLANEACIÓN"
    rows = [
        [
            1,
            "Los SESEQ darán seguimiento y anexarán la evidencia de los Plan de ASM 2017",
            "O",
            unit,
            1,
            "Generar Plan de ASM 2017",
            "17-01-2017",
            "04-05-2017",
            "Portada de Plan de ASM 2017 autorizada",
            planning,
            "Mejorar el proceso de seguimiento de los ASM",
        ],
        [
            None,
            None,
            None,
            None,
            2,
            "Realizar difusión del Plan de ASM 2017",
            "15-05-2017",
            "17-05-2017",
            "Memorandum de difusión",
            planning,
            None,
        ],
        [
            2,
            "Los SESEQ darán seguimiento a los ASM de evaluaciones de ejercicios fiscales anteriores.",
            "O",
            unit,
            1,
            "Notificar mediante memorándum a las áreas involucradas los ASM pendientes",
            "08-05-2017",
            "31-01-2018",
            "Memorándum",
            "DIRECCIÓN DE FINANZAS\nDIRECCIÓN DE PLANEACIÓN\nDIRECCIÓN DE FINANZAS",
            None,
        ],
    ]
    for row in rows:
        ws.append(row)
    ws.append([])
    ws.append(["GERARDO PALMA ANGELES", None, None, None, None, None, "JOSE SAMUEL GARCIA SANCHEZ"])
    ws.append(["Elaboró", None, None, None, None, None, "Autorizó"])
    ws.append(FASSA_INSTITUTIONAL_HEADER)
    ws.append(
        [
            None,
            None,
            None,
            None,
            2,
            "Recabar las evidencias de cumplimiento de los ASM por área",
            "22-05-2017",
            "31-01-2018",
            "Documentos comprobatorios",
            "OFNA. DEL C. DIR. GENERAL DE RECURSOS HUMANOS, PLANEACIÓN Y FINANZAS",
            None,
        ]
    )
    return "fassa_institucional.xlsx", xlsx_bytes(wb)


# Bad files (issue 13 §4) -----------------------------------------------------------------------------


def text_renamed_xlsx() -> tuple[str, bytes]:
    return "no_es_excel.xlsx", "No., Aspecto Susceptible de Mejora\n1, Documentar la lógica\n".encode()


def empty_xlsx() -> tuple[str, bytes]:
    return "vacio.xlsx", xlsx_bytes(Workbook())


def unknown_header_xlsx() -> tuple[str, bytes]:
    wb = Workbook()
    ws = wb.active
    ws.title = "Participantes"
    ws.append(["No.", "Aspecto Susceptible de Mejora", "Responsable", "Observaciones"])
    ws.append([1, "Documentar la lógica causal de la intervención.", "DGOP", ""])
    return "encabezado_desconocido.xlsx", xlsx_bytes(wb)


def bad_cells_xlsx() -> tuple[str, bytes]:
    """An impossible date, a text that is not a date, an empty required date, a percent that is not a
    number and one outside 0–100: one error each, with its row."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Seguimiento ASM"
    ws.append(["No.", "Aspecto Susceptible de Mejora", "Actividades", "Fecha Término", "Porcentaje de avance"])
    ws.append([1, "Documentar la lógica causal.", "Construir la lógica causal.", "31/02/2020", "50%"])
    ws.append([2, "Desarrollar un sistema de control.", "Identificar los eventos.", "mañana", "100%"])
    ws.append([3, "Fortalecer el seguimiento.", "Establecer un comité de control.", None, "20%"])
    ws.append([4, "Fortalecer la transparencia.", "Habilitar una sección.", "27-mar-20", "ciento diez %"])
    ws.append([5, "Depurar la base de datos.", "Establecer un control.", "30-mar-20", "110%"])
    return "celdas_con_errores.xlsx", xlsx_bytes(wb)


def too_many_rows_csv() -> tuple[str, bytes]:
    lines = ["No.,Aspecto Susceptible de Mejora,Actividades,Fecha de término"]
    lines += [f"{n},ASM {n},Actividad {n},31/12/2020" for n in range(1, 20_002)]
    return "demasiadas_filas.csv", "\n".join(lines).encode()


def too_many_columns_xlsx() -> tuple[str, bytes]:
    wb = Workbook()
    ws = wb.active
    ws.append(["No.", "Aspecto Susceptible de Mejora", "Actividades", "Fecha de término"] + ["x"] * 97)
    return "demasiadas_columnas.xlsx", xlsx_bytes(wb)


def entity_bomb_xlsx() -> tuple[str, bytes]:
    """A workbook whose sheet declares XML entities (a billion laughs): defusedxml refuses it."""
    _, good = durango_xlsx()
    source = zipfile.ZipFile(io.BytesIO(good))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                bomb = b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>'
                data = bomb + data.replace(b"<f>", b"<f>&lol2;", 1)
            target.writestr(item, data)
    return "entidades.xlsx", out.getvalue()


# Indicators (issue 17): a management-improvement form measured by indicators ----------------------

INDICATOR_HEADER = ["Objetivo específico", "Indicador", "Meta (%)", "Año", "Resultado de la medición", "Calificación"]
# The same columns as other agencies head them.
INDICATOR_HEADER_VARIANT = [
    "OBJETIVOS ESPECÍFICOS",
    "Nombre del indicador",
    "Meta",
    "Año de la meta",
    "Resultados de la\nmedición",
    "Calificación del indicador",
]
MINISTRIES = "Porcentaje de ministerios que traspasan la información solicitada"
INDICATOR_ROWS = [
    (
        "1.1 Contar con la información de los compromisos de cada ministerio.",
        MINISTRIES,
        70,
        2007,
        "75 % de los ministerios traspasaron la información.",
        "Cumple",
    ),
    (None, MINISTRIES, "80 %", 2008, "78 % de los ministerios.", "CUMPLE PARCIALMENTE"),
    (None, MINISTRIES, 90, 2009, "Este indicador sólo será posible de medir el año 2010.", "pendiente"),
    (
        "1.2 Dar seguimiento a los compromisos de gestión.",
        "Porcentaje de servicios con sistema de seguimiento",
        "60",
        2008,
        "40 % de los servicios.",
        "No cumple",
    ),
    (None, "Porcentaje de funcionarios capacitados", "50,5 %", 2008, "100 % de los funcionarios.", "Cumplido"),
]


def indicators_xlsx(rows=INDICATOR_ROWS, header=INDICATOR_HEADER) -> tuple[str, bytes]:
    """A form of a management-improvement program: title and key/value block, the table with the
    first objective merged down over its three rows (the second left empty under its first row),
    targets as numbers, «80 %» and «50,5 %», ratings in any case and «Cumplido», signatures below."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Indicadores"
    ws.append(["Programa de Mejoramiento de la Gestión: cumplimiento de objetivos específicos"])
    ws.append(["Dependencia o entidad responsable", None, "Secretaría de Bienestar Social del Estado de Durango"])
    ws.append(["Programa o fondo evaluado", None, "Programa Autoempelo para Jefas de Familia"])
    ws.append([])
    ws.append(header)
    for row in rows:
        ws.append(list(row))
    ws.merge_cells("A6:A8")
    last = 5 + len(rows)
    ws.cell(row=last + 2, column=1, value="LIC. MARÍA LÓPEZ PÉREZ")
    ws.cell(row=last + 2, column=4, value="ING. JUAN RAMÍREZ SOTO")
    ws.cell(row=last + 3, column=1, value="Elaboró")
    ws.cell(row=last + 3, column=4, value="Autorizó")
    return "indicadores.xlsx", xlsx_bytes(wb)


def indicators_docx() -> tuple[str, bytes]:
    """The same form in Word: the first objective's three yearly indicators stacked in one cell, one
    a line with its year at the end, and their targets, results and ratings one a line; the year
    column left empty; then an objective with one indicator, its year in its column."""
    document = docx.Document()
    document.add_paragraph("CUMPLIMIENTO DE OBJETIVOS ESPECÍFICOS")
    document.add_paragraph("Dependencia o entidad responsable: Secretaría de Bienestar Social")
    word_table(
        document,
        INDICATOR_HEADER,
        [
            [
                "2.1 Contar con la información de los compromisos de cada ministerio.",
                "70 % de los ministerios traspasan la información solicitada — 2007\n"
                "80 % de los ministerios traspasan la información solicitada — 2008\n"
                "90 % de los ministerios traspasan la información solicitada (2009)",
                "70\n80\n90",
                None,
                "72 %\n65 %\nEste indicador sólo será posible de medir el año 2010.",
                "Cumple\nNo cumple\nPendiente",
            ],
            [
                "2.2 Publicar los resultados.",
                "Porcentaje de informes publicados",
                "100",
                "2008",
                "Se publicaron todos los informes.",
                "CUMPLIDO",
            ],
        ],
    )
    document.add_paragraph("Elaboró: LIC. MARÍA LÓPEZ PÉREZ")
    buffer = io.BytesIO()
    document.save(buffer)
    return "indicadores.docx", buffer.getvalue()


def bad_indicators_xlsx() -> tuple[str, bytes]:
    """Bad ratings and targets: «Aprobado», a target of 120 %, «ciento diez», a year «dos mil ocho»."""
    rows = [
        ("1.1 Objetivo.", "Indicador uno", 70, 2008, "Hecho.", "Aprobado"),
        (None, "Indicador dos", 120, 2008, "Hecho.", "Cumple"),
        (None, "Indicador tres", "ciento diez", "dos mil ocho", "Hecho.", "No cumple"),
    ]
    name, data = indicators_xlsx(rows=rows)
    return "indicadores_con_errores.xlsx", data


GOOD: list[Callable[[], tuple[str, bytes]]] = [
    durango_xlsx,
    opciones_productivas_xlsx,
    three_for_one_docx,
    fassa_csv,
    fassa_institutional_xlsx,
    indicators_xlsx,
    indicators_docx,
]
BAD: list[Callable[[], tuple[str, bytes]]] = [
    text_renamed_xlsx,
    empty_xlsx,
    unknown_header_xlsx,
    bad_cells_xlsx,
    too_many_rows_csv,
    too_many_columns_xlsx,
    entity_bomb_xlsx,
    bad_indicators_xlsx,
]


def write_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for build in GOOD + BAD:
        name, data = build()
        (folder / name).write_bytes(data)
        written.append(folder / name)
    return written


if __name__ == "__main__":
    for path in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "anexos")):
        print(path)
