"""The informe ejecutivo (`reports.executive.ExecutiveReport`) as PDF and XLSX.

- PDF: WeasyPrint over `reports/executive_print.html` (portrait Letter, the annexes' print CSS:
  title, header block and signatures on every page, «Página X de Y»); the chart is the SVG of
  `reports.charts`, drawn inline, no script.
- XLSX: one sheet with the same parts in the same order; the summary of ratings is a table of
  cells and a native bar chart (openpyxl) that reads those cells, so the chart and its table
  cannot disagree. User text goes through `xlsx.put` (a formula-like text stays text).
"""

from __future__ import annotations

from typing import BinaryIO

from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.series import DataPoint
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from reports.executive import COLOURS, UNMEASURED, ExecutiveReport

from .weasy import html_document
from .xlsx import BORDER, FONT_SIZE, HEADING_FILL, LINE_HEIGHT, WRAP, print_on_letter_paper, put, wrapped_lines

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Column widths (characters) of the sheet: the gaps' table uses all five.
WIDTHS = (8, 34, 30, 26, 30)


def render_executive_html(report: ExecutiveReport) -> str:
    return render_to_string("reports/executive_print.html", {"report": report, "chart": report.chart()})


def write_executive_pdf(report: ExecutiveReport, out: BinaryIO) -> None:
    html_document(render_executive_html(report)).write_pdf(out)


def write_executive_xlsx(report: ExecutiveReport, out: BinaryIO) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Informe ejecutivo"
    last = len(WIDTHS)
    for index, width in enumerate(WIDTHS, 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    body = Font(size=FONT_SIZE)
    bold = Font(bold=True, size=FONT_SIZE)

    def banner(row: int, text: str, font: Font) -> int:
        put(ws, row, 1, text, font=font, alignment=Alignment(wrap_text=True, vertical="top"))
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
        width = sum(WIDTHS)
        ws.row_dimensions[row].height = min(LINE_HEIGHT * wrapped_lines(text, width) + 4, 409)
        return row + 1

    def heading(row: int, text: str) -> int:
        return banner(row + 1, text, Font(bold=True, size=11))

    row = banner(1, report.title, Font(bold=True, size=13))
    row = banner(row, report.subtitle, Font(size=11))
    if not report.is_authorised:
        row = banner(row, "BORRADOR: no autorizado", Font(bold=True, size=13, color="C00000"))
    for label, value in report.header:
        put(ws, row, 1, label, font=bold, alignment=WRAP)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        put(ws, row, 3, value, font=body, alignment=WRAP)
        ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=last)
        ws.row_dimensions[row].height = LINE_HEIGHT * 2
        row += 1

    # The summary of ratings: the table, and the chart that reads it.
    row = heading(row, "Resumen de calificaciones")
    table_top = row
    for column, label in ((1, "Calificación"), (3, "Indicadores")):
        put(ws, row, column, label, font=bold, fill=HEADING_FILL, border=BORDER)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
    row += 1
    first_value = row
    for _, label, count in report.ratings:
        put(ws, row, 1, label, font=body, border=BORDER)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        put(ws, row, 3, count, font=body, border=BORDER)
        row += 1
    last_value = row - 1
    put(ws, row, 1, "Total de indicadores", font=bold, border=BORDER)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
    put(ws, row, 3, report.total, font=bold, border=BORDER)
    row += 1
    put(ws, row, 1, "Califican «Cumple» entre los medibles", font=bold, border=BORDER)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
    put(ws, row, 3, report.met_share, font=bold, border=BORDER)
    row += 1

    chart = BarChart()
    chart.type = "bar"  # horizontal bars, as in the PDF
    chart.style = 10
    chart.title = "Indicadores por calificación"
    chart.legend = None
    chart.y_axis.title = "Indicadores"
    chart.y_axis.majorUnit = 1
    data = Reference(ws, min_col=3, min_row=table_top, max_row=last_value)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=first_value, max_row=last_value))
    series = chart.series[0]
    for index, (code, _, _) in enumerate(report.ratings):
        point = DataPoint(idx=index)
        point.graphicalProperties.solidFill = COLOURS.get(code, COLOURS[UNMEASURED]).lstrip("#")
        series.dPt.append(point)
    chart.height, chart.width = 7.5, 16
    ws.add_chart(chart, f"A{row + 1}")
    row += 17  # the rows the chart covers

    row = heading(row, "Logros")
    for number, achievement in enumerate(report.achievements, 1):
        row = banner(row, f"{number}. {achievement}", body)
    if not report.achievements:
        row = banner(row, "No se registraron logros.", Font(italic=True, size=FONT_SIZE))

    row = heading(row, "Brechas")
    if report.gaps:
        labels = ("No.", "Logro comprometido", "Logro alcanzado", "Brecha", "Causas")
        for column, label in enumerate(labels, 1):
            put(ws, row, column, label, font=bold, fill=HEADING_FILL, border=BORDER, alignment=WRAP)
        row += 1
        for gap in report.gaps:
            cells: tuple[int | str, ...] = (gap.number, gap.committed, gap.reached, gap.gap, gap.causes)
            for column, cell in enumerate(cells, 1):
                put(ws, row, column, cell, font=body, border=BORDER, alignment=WRAP)
            need = max(wrapped_lines(str(cell), width) for cell, width in zip(cells, WIDTHS, strict=True))
            ws.row_dimensions[row].height = min(LINE_HEIGHT * need + 2, 409)
            row += 1
    else:
        row = banner(row, "No se registraron brechas.", Font(italic=True, size=FONT_SIZE))

    for title, text in report.sections:
        row = heading(row, title)
        row = banner(row, text or "Sin texto registrado.", body if text else Font(italic=True, size=FONT_SIZE))

    # The signatures close the document; on paper they are also in every page's footer.
    row += 2
    for signature, (start, end) in zip(report.signatures, ((1, 2), (3, last)), strict=False):
        for offset, (text, font) in enumerate(
            [(signature.name or "_" * 30, bold), (signature.position, body), (signature.role, bold)]
        ):
            put(ws, row + offset, start, text, font=font, alignment=Alignment(horizontal="center", wrap_text=True))
            ws.merge_cells(start_row=row + offset, start_column=start, end_row=row + offset, end_column=end)

    ws.page_setup.orientation = ws.ORIENTATION_PORTRAIT
    print_on_letter_paper(ws, report.signatures, draft=not report.is_authorised)
    wb.save(out)


EXECUTIVE_WRITERS = {
    "pdf": ("application/pdf", write_executive_pdf),
    "xlsx": (XLSX_TYPE, write_executive_xlsx),
}
