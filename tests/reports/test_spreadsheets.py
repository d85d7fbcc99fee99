"""XLSX (anexo and datos layouts) and CSV read back: cell types, formula-looking user text,
Excel's cell limit, merged ASM cells, print settings, the BOM."""

import csv
import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from aspects.models import Plan
from reports.tables import PROGRESS_ANNEX, SPECIFIC
from reports.writers.csv import write_csv
from reports.writers.xlsx import write_annex, write_datos, write_rows
from sheets.cells import CUT_MARK, EXCEL_MAX_CHARS, formula_like, spreadsheet_text
from tests import factories as make


def fresh(plan) -> Plan:
    return Plan.objects.select_related("program__agency", "cycle").get(pk=plan.pk)


def workbook(write, annex):
    out = io.BytesIO()
    write(annex, out)
    out.seek(0)
    return load_workbook(out)


def csv_rows(annex) -> tuple[bytes, list[list[str]]]:
    out = io.BytesIO()
    write_csv(annex, out)
    raw = out.getvalue()
    return raw, list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


@pytest.mark.parametrize("text", ["=1+2", "+SUMA(A1)", "-5", "@cmd", "\tx", "\rx"])
def test_formula_like_covers_every_prefix_a_spreadsheet_runs(text):
    assert formula_like(text)
    assert not formula_like("Elaborar el documento = 1 + 2")


def test_text_past_excels_limit_is_cut_with_a_visible_mark():
    cut = spreadsheet_text("a" * 40_000)
    assert len(cut) == EXCEL_MAX_CHARS and cut.endswith(CUT_MARK) and CUT_MARK == "… [texto recortado]"
    assert spreadsheet_text("breve\x00\x07") == "breve"
    assert spreadsheet_text("línea\nsigue\x0b\tfin") == "línea\nsigue\tfin"


def test_datos_xlsx_has_real_dates_numeric_percentages_a_frozen_header_and_an_autofilter(world):
    ws = workbook(write_datos, PROGRESS_ANNEX.build(fresh(world.live_plan_a), world.september)).active
    header = [cell.value for cell in ws[1]]
    values = dict(zip(header, [cell for cell in ws[2]], strict=False))
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(row=1, column=len(header)).column_letter}2"
    assert ws[1][0].font.b
    assert values["Fecha de término"].is_date and values["Fecha de término"].value == datetime(2017, 12, 31)
    assert values["Fecha de término"].number_format == "dd/mm/yyyy"
    assert values["Fecha de reporte"].is_date
    assert values["Avance (%)"].data_type == "n" and values["Avance (%)"].value == 40
    assert values["No. ASM"].value == 1 and values["Actividad"].value == "Elaborar el documento."


def test_every_date_cell_keeps_its_own_value_and_format_row_after_row():
    out = io.BytesIO()
    rows = [
        [date(2020, 1, 1), date(2021, 2, 2), "a"],
        [date(2022, 3, 3), None, datetime(2023, 4, 4, 9, 30)],
        [date(2024, 5, 5), date(2025, 6, 6), datetime(2026, 7, 7, 18, 0)],
    ]
    write_rows(["Inicio", "Término", "Otro"], rows, out)
    out.seek(0)
    ws = load_workbook(out).active
    cells = list(ws.iter_rows(min_row=2))
    assert [[cell.value for cell in row] for row in cells] == [
        [datetime(2020, 1, 1), datetime(2021, 2, 2), "a"],
        [datetime(2022, 3, 3), None, datetime(2023, 4, 4, 9, 30)],
        [datetime(2024, 5, 5), datetime(2025, 6, 6), datetime(2026, 7, 7, 18, 0)],
    ]
    assert {row[0].number_format for row in cells} == {"dd/mm/yyyy"}
    assert [row[2].number_format for row in cells[1:]] == ["dd/mm/yyyy hh:mm", "dd/mm/yyyy hh:mm"]


def test_empty_text_is_a_blank_cell_in_datos_xlsx(world):
    annex = PROGRESS_ANNEX.build(fresh(world.live_plan_a), world.september)
    ws = workbook(write_datos, annex).active
    values = {header.value: cell for header, cell in zip(ws[1], ws[2], strict=False)}
    fields = dict(zip(annex.data_labels, next(annex.data_rows()), strict=True))
    assert fields["Nota de la fecha"] == ""  # nobody wrote a note on the date
    assert values["Nota de la fecha"].value is None and values["Nota de la fecha"].data_type == "n"


def test_formula_looking_user_text_is_a_string_cell_in_xlsx_and_quoted_in_csv(world):
    aspect = world.aspect_a
    aspect.text, aspect.expected_results = '=HIPERVINCULO("http://x")', "@SUMA(1)"
    aspect.save()
    activity = world.activity_a
    activity.description, activity.product = "+1+1", "-2"
    activity.save()
    annex = SPECIFIC.build(fresh(world.plan_a))

    anexo = workbook(write_annex, annex).active
    cells = {cell.value: cell for row in anexo.iter_rows() for cell in row if isinstance(cell.value, str)}
    for text in ['=HIPERVINCULO("http://x")', "@SUMA(1)", "-2"]:
        assert cells[text].data_type == "s", text

    datos = workbook(write_datos, annex).active
    row = {header.value: cell for header, cell in zip(datos[1], datos[2], strict=False)}
    assert (row["Aspecto Susceptible de Mejora"].value, row["Aspecto Susceptible de Mejora"].data_type) == (
        '=HIPERVINCULO("http://x")',
        "s",
    )
    assert (row["Actividad"].value, row["Actividad"].data_type) == ("+1+1", "s")
    assert row["Productos y/o evidencias"].data_type == "s"

    _, lines = csv_rows(annex)
    record = dict(zip(lines[0], lines[1], strict=False))
    assert record["Aspecto Susceptible de Mejora"] == '\'=HIPERVINCULO("http://x")'
    assert record["Actividad"] == "'+1+1"
    assert record["Productos y/o evidencias"] == "'-2"
    assert record["Resultados esperados"] == "'@SUMA(1)"


def test_a_cell_over_excels_limit_is_cut_in_both_writers(world):
    world.aspect_a.text = "x" * 40_000  # past TEXT_MAX too: only the database is asked here
    world.aspect_a.save()
    annex = SPECIFIC.build(fresh(world.plan_a))
    datos = workbook(write_datos, annex).active
    cell = {header.value: cell for header, cell in zip(datos[1], datos[2], strict=False)}[
        "Aspecto Susceptible de Mejora"
    ]
    assert len(cell.value) == EXCEL_MAX_CHARS and cell.value.endswith("… [texto recortado]")
    _, lines = csv_rows(annex)
    assert dict(zip(lines[0], lines[1], strict=False))["Aspecto Susceptible de Mejora"].endswith("… [texto recortado]")


def test_annex_xlsx_is_print_ready_with_merged_asm_cells(world):
    make.activity(world.live_aspect_a, units=[world.unit_a], number=2, description="Publicar el documento.")
    ws = workbook(write_annex, SPECIFIC.build(fresh(world.live_plan_a))).active
    heading = next(row[0].row for row in ws.iter_rows() if row[0].value == "No.")
    assert [cell.value for cell in ws[heading]][:4] == [
        "No.",
        "Aspecto Susceptible de Mejora",
        "Ámbito de gestión",
        "Actividades",
    ]
    assert all(cell.font.b and cell.alignment.wrap_text for cell in ws[heading])
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert f"B{heading + 1}:B{heading + 2}" in merged  # the ASM, down across its two activities
    assert f"D{heading + 1}:D{heading + 2}" not in merged
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 1  # Letter
    assert (
        ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    )
    assert ws.print_title_rows == f"$1:${heading}"
    assert "Elaboró: Ana Pérez" in ws.oddFooter.left.text and "Autorizó: Saúl Ríos" in ws.oddFooter.right.text
    assert ws.oddFooter.center.text == "Página &P de &N"
    assert not any(cell.value == "BORRADOR: no autorizado" for row in ws.iter_rows() for cell in row)


def test_annex_xlsx_of_a_draft_says_borrador_and_names_no_authoriser(world):
    ws = workbook(write_annex, SPECIFIC.build(fresh(world.plan_a))).active
    assert ws["A3"].value == "BORRADOR: no autorizado"
    assert ws.oddHeader.right.text == "BORRADOR"
    assert ws.oddFooter.right.text.startswith("Autorizó: ____")


def test_csv_is_utf8_with_bom_and_the_datos_columns(world):
    raw, lines = csv_rows(PROGRESS_ANNEX.build(fresh(world.live_plan_a), world.september))
    assert raw.startswith(b"\xef\xbb\xbf")
    record = dict(zip(lines[0], lines[1], strict=False))
    assert (record["Programa"], record["Fecha de término"], record["Avance (%)"], record["Área responsable"]) == (
        "A001",
        "2017-12-31",
        "40",
        "Dirección de Planeación",
    )
    assert "Área" in raw.decode("utf-8-sig")
