"""Excel workbooks laid out as agencies keep them (built from the seed documents in tests/imports/builders.py)."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from imports.parse import UnreadableFile, parse

from . import builders
from .helpers import activities, messages, parse_workbook, read


def test_durango_header_on_row_seven_with_the_key_value_block_and_signatures_left_out():
    result = read(builders.durango_xlsx)
    assert result["errors"] == [] and result["warnings"] == []
    [table] = result["tables"]
    assert (table["sheet"], table["kind"], table["header_row"]) == ("Seguimiento ASM", "especifico", 7)
    assert table["counts"] == {"recommendations": 0, "aspects": 6, "activities": 7, "reports": 0, "indicators": 0}
    assert [row["row"] for row in table["rows"]] == list(range(8, 15))  # no title, key/value or signature row
    assert table["rows"][0]["values"]["Fecha Término"] == "30-mar-20"
    assert table["metadata"] == {
        "agency": "Secretaría de Bienestar Social del Estado de Durango",
        "program": "Programa Autoempelo para Jefas de Familia",
        "cycle": None,
        "period": None,
        "responsible_name": None,
        "responsible_position": None,
        "prepared_on": "2020-01-15",
        "signatures": {
            "prepared_by": {
                "name": "LIC. MARÍA LÓPEZ PÉREZ",
                "position": "Jefa del Departamento de Inclusión Productiva",
            },
            "authorised_by": {"name": "ING. JUAN RAMÍREZ SOTO", "position": "Director de Planeación"},
        },
    }


def test_an_asm_merged_down_over_two_rows_is_one_asm_with_two_activities():
    aspects = read(builders.durango_xlsx)["tables"][0]["aspects"]
    third = aspects[2]
    assert (third["number"], third["row"], third["text"]) == (
        3,
        10,
        "Fortalecer los mecanismos de seguimiento a las beneficiarias.",
    )
    # A text date («30-mar-20») and a real date cell give the same ISO date.
    assert activities(third, "number", "row", "end_committed", "units") == [
        (1, 10, "2020-03-30", ["Departamento de inclusión Productiva"]),
        (2, 11, "2020-03-30", ["Departamento de inclusión Productiva"]),
    ]
    assert third["expected_results"].startswith("Cómo llevar a cabo el monitoreo")
    assert [aspect["number"] for aspect in aspects] == [1, 2, 3, 4, 5, 6]


def test_continuation_rows_without_merged_cells_join_the_asm_above():
    rows = [list(row) for row in builders.DURANGO_ROWS]
    name, data = builders.durango_xlsx(rows=rows)
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data))
    workbook.active.merged_cells.ranges = set()  # the same sheet, the ASM cells simply left empty
    aspects = parse_workbook(workbook, name)["tables"][0]["aspects"]
    assert [len(aspect["activities"]) for aspect in aspects] == [1, 1, 2, 1, 1, 1]


def test_a_numbered_activity_goes_on_in_a_row_with_only_text_and_an_unnumbered_one_does_not():
    unit, end, results = "Departamento de inclusión Productiva", "30-mar-20", "Resultados."
    rows = [
        (1, "Documentar la lógica causal.", "1 Construir la lógica causal de la", unit, end, results),
        (None, None, "intervención y sus supuestos.", None, None, None),  # the text goes on, a page further down
        (2, "Controlar los riesgos.", "Construir la matriz de riesgos", unit, end, results),
        (None, None, "Identificar los riesgos", unit, None, None),  # rows 10 and 11: ASM 2, merged down
    ]
    result = read(lambda: builders.durango_xlsx(rows=rows))
    first, second = result["tables"][0]["aspects"]
    assert activities(first, "number", "description") == [
        (1, "Construir la lógica causal de la intervención y sus supuestos.")
    ]
    assert activities(second, "number", "description") == [
        (1, "Construir la matriz de riesgos"),
        (2, "Identificar los riesgos"),
    ]
    assert messages(result) == [
        'Hoja "Seguimiento ASM", fila 11, columna "Fecha Término": falta la fecha de término de la actividad'
    ]


def test_anexo_c_sections_repeated_header_and_numbered_activities_in_one_cell():
    result = read(builders.opciones_productivas_xlsx)
    assert result["errors"] == []
    [table] = result["tables"]
    assert (table["kind"], table["header_row"]) == ("avance", 5)
    # The section title, the repeated header, the footnote and «Fecha de Elaboración» are not rows.
    assert [row["row"] for row in table["rows"]] == [6, 7, 10, 11]
    assert table["metadata"]["prepared_on"] == "2012-03-23"
    assert table["metadata"]["program"] == "Opciones Productivas"
    first, second = table["aspects"][:2]
    assert activities(first, "number", "description", "end_committed", "product", "percent") == [
        (
            1,
            "Dar continuidad a la carta compromiso establecida con la ciudadanía (solicitantes).",
            {"text": "Diciembre 2009", "precision": "month", "date": "2009-12-31"},
            "Cartas compromiso",
            100,
        ),
        (
            2,
            "Iniciar un proyecto piloto de las modalidades de cofinanciamiento y red de mentores",
            {"text": "Diciembre 2009", "precision": "month", "date": "2009-12-31"},
            "Resultados de la satisfacción",
            100,
        ),
    ]
    assert activities(second, "number", "end_committed", "percent", "justification", "replanning") == [
        (1, {"text": "Diciembre de 2008", "precision": "month", "date": "2008-12-31"}, 100, "", None),
        (2, {"text": "Enero de 2009", "precision": "month", "date": "2009-01-31"}, 100, "", None),
        (
            3,
            {"text": "Agosto de 2009", "precision": "month", "date": "2009-08-31"},
            90,
            "falta la modalidad de Red de mentores",
            True,
        ),
    ]
    assert [aspect["number"] for aspect in table["aspects"]] == [2, 3, 1, 4]
    assert table["aspects"][2]["activities"][0]["units"] == ["DGOP", "UPRI"]
    assert table["aspects"][2]["activities"][0]["end_committed"] == "2011-08-30"
    assert table["counts"] == {"recommendations": 0, "aspects": 4, "activities": 7, "reports": 7, "indicators": 0}


def test_a_header_merged_over_the_activity_number_and_its_text():
    result = read(builders.fassa_institutional_xlsx)
    assert result["errors"] == []
    [table] = result["tables"]
    assert (table["kind"], table["header_row"]) == ("institucional", 4)
    first, second = table["aspects"]
    assert activities(first, "number", "description", "start", "end_committed") == [
        (1, "Generar Plan de ASM 2017", "2017-01-17", "2017-05-04"),
        (2, "Realizar difusión del Plan de ASM 2017", "2017-05-15", "2017-05-17"),
    ]
    assert first["coordinating_unit"] == "SERVICIOS DE SALUD DEL ESTADO DE QUERÉTARO"
    assert first["kind"] == "institucional"


def test_the_header_and_signatures_repeated_at_a_page_break_are_not_data():
    result = read(builders.fassa_institutional_xlsx)
    second = result["tables"][0]["aspects"][1]
    # The activity after the repeated header and signatures still belongs to ASM 2.
    assert activities(second, "number", "row", "units") == [
        (1, 7, ["DIRECCIÓN DE FINANZAS", "DIRECCIÓN DE PLANEACIÓN"]),
        (2, 12, ["OFNA. DEL C. DIR. GENERAL DE RECURSOS HUMANOS, PLANEACIÓN Y FINANZAS"]),
    ]
    assert messages(result, "warnings") == [
        'Hoja "Institucional", fila 7, columna "Área responsable": la unidad «DIRECCIÓN DE FINANZAS» está repetida '
        "en la lista"
    ]
    signatures = result["tables"][0]["metadata"]["signatures"]
    assert signatures["prepared_by"]["name"] == "GERARDO PALMA ANGELES"
    assert signatures["authorised_by"]["name"] == "JOSE SAMUEL GARCIA SANCHEZ"


def test_bad_cells_give_one_error_each_naming_sheet_row_column_and_value():
    result = read(builders.bad_cells_xlsx)
    assert messages(result) == [
        'Hoja "Seguimiento ASM", fila 2, columna "Fecha Término": "31/02/2020" no es una fecha válida',
        'Hoja "Seguimiento ASM", fila 3, columna "Fecha Término": "mañana" no es una fecha',
        'Hoja "Seguimiento ASM", fila 4, columna "Fecha Término": falta la fecha de término de la actividad',
        'Hoja "Seguimiento ASM", fila 5, columna "Porcentaje de avance": "ciento diez %" no es un porcentaje',
        'Hoja "Seguimiento ASM", fila 6, columna "Porcentaje de avance": el porcentaje 110 está fuera de 0–100',
    ]
    assert result["errors"][1] == {
        "sheet": "Seguimiento ASM",
        "row": 3,
        "column": "Fecha Término",
        "value": "mañana",
        "message": 'Hoja "Seguimiento ASM", fila 3, columna "Fecha Término": "mañana" no es una fecha',
    }


def test_an_end_date_before_the_start_date_is_a_warning():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["No.", "Aspecto Susceptible de Mejora", "Actividades", "Fecha de inicio", "Fecha de término"])
    sheet.append([1, "Documentar la lógica causal.", "Construirla.", "15-05-2017", "31-01-2017"])
    result = parse_workbook(workbook, "plan.xlsx")
    assert result["errors"] == []
    assert messages(result, "warnings") == [
        'Hoja "Sheet", fila 2, columna "Fecha de término": la fecha de término es anterior a la fecha de inicio'
    ]


def test_a_text_renamed_xlsx_is_not_an_excel_file():
    with pytest.raises(UnreadableFile, match="^no es un archivo Excel válido$"):
        read(builders.text_renamed_xlsx)


def test_an_empty_workbook_is_never_a_success():
    result = read(builders.empty_xlsx)
    assert result["tables"] == [] and messages(result) == ["El archivo no contiene datos"]


def test_an_unknown_header_names_the_missing_columns():
    result = read(builders.unknown_header_xlsx)
    assert messages(result) == [
        'Hoja "Participantes", fila 1: encabezado no reconocido: faltan las columnas «Fecha de término»'
    ]
    workbook = Workbook()
    workbook.active.append(["Nombre", "Cargo", "Correo electrónico"])
    assert messages(parse_workbook(workbook, "participantes.xlsx")) == [
        'Hoja "Sheet": encabezado no reconocido: faltan las columnas «No.», «Aspecto Susceptible de Mejora», '
        "«Actividades», «Fecha de término»"
    ]


def test_more_than_one_hundred_columns_is_refused():
    assert messages(read(builders.too_many_columns_xlsx)) == ['Hoja "Sheet": la hoja tiene más de 100 columnas']


def test_xml_entities_are_refused_by_defusedxml():
    with pytest.raises(UnreadableFile, match="no es un archivo Excel válido"):
        read(builders.entity_bomb_xlsx)


def test_a_file_over_the_evidence_size_limit_is_refused(settings):
    settings.EVIDENCE_MAX_FILE_SIZE = 1024
    with pytest.raises(UnreadableFile, match=r"el máximo es 1\.0"):
        read(builders.durango_xlsx)


def test_a_workbook_with_macros_is_refused_by_the_upload_checks():
    name, data = builders.durango_xlsx()
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("xl/vbaProject.bin", b"\x00" * 10)
    with pytest.raises(UnreadableFile, match="macros"):
        parse(io.BytesIO(out.getvalue()), name=name)


def test_a_formula_is_read_as_its_cached_value_and_never_evaluated():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["No.", "Aspecto Susceptible de Mejora", "Actividades", "Fecha de término"])
    sheet.append(["=1+1", "Documentar.", "Construir.", "31/12/2020"])
    # openpyxl stores no cached value: the cell reads as empty, not as 2
    result = parse_workbook(workbook, "formula.xlsx")
    assert messages(result) == ['Hoja "Sheet", fila 2, columna "No.": falta el número del ASM']


def test_unknown_formats_and_old_excel_files_are_refused():
    with pytest.raises(UnreadableFile, match=r"\.xls \(Excel 97-2003\)"):
        parse(io.BytesIO(b"x"), name="plan.xls")
    with pytest.raises(UnreadableFile, match="use .xlsx, .docx o .csv"):
        parse(io.BytesIO(b"x"), name="plan.pdf")


def test_text_at_the_cell_limit_is_a_warning():
    from sheets.cells import CUT_MARK

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["No.", "Aspecto Susceptible de Mejora", "Actividades", "Fecha de término"])
    sheet.append([1, "Documentar." + CUT_MARK, "Construir.", "31/12/2020"])
    result = parse_workbook(workbook, "largo.xlsx")
    assert result["errors"] == []
    assert messages(result, "warnings") == [
        'Hoja "Sheet", fila 2, columna "Aspecto Susceptible de Mejora": el texto llega al límite de una celda y '
        "puede estar recortado"
    ]


def test_signatures_and_labels_written_with_a_colon_in_one_cell():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Ciclo: Mecanismo 2011"])
    sheet.append(["Mecanismo 2012"])  # a title, not a label
    sheet.append(["No.", "Aspecto Susceptible de Mejora", "Actividades", "Fecha de término"])
    sheet.append([1, "Documentar.", "Construir.", "31/12/2020"])
    sheet.append([])
    sheet.append(["Elaboró: LIC. ANA DÍAZ\nEnlace de evaluación", None, "Autorizó: ____________"])
    result = parse_workbook(workbook, "firmas.xlsx")
    assert result["errors"] == []
    metadata = result["tables"][0]["metadata"]
    assert metadata["cycle"] == "Mecanismo 2011"
    assert metadata["signatures"] == {
        "prepared_by": {"name": "LIC. ANA DÍAZ", "position": "Enlace de evaluación"},
        "authorised_by": {"name": None, "position": None},
    }
    assert [row["row"] for row in result["tables"][0]["rows"]] == [4]


def test_a_percent_formatted_cell_reads_as_the_percent_it_shows():
    # The annexes write «100%» as the number 1 formatted «0%»; so may an agency.
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["No.", "Aspecto Susceptible de Mejora", "Actividades", "Fecha de término", "Porcentaje de avance"])
    sheet.append([1, "Documentar.", "Construir.", "31/12/2020", 1])
    sheet.append([None, None, "Revisar.", "31/12/2020", 0.755])
    for row in (2, 3):
        sheet.cell(row, 5).number_format = "0%"
    result = parse_workbook(workbook, "avance.xlsx")
    assert result["errors"] == []
    assert activities(result["tables"][0]["aspects"][0], "description", "percent") == [
        ("Construir.", 100),
        ("Revisar.", 76),  # what «0%» shows; the application keeps whole percents
    ]
