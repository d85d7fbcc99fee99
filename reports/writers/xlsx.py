"""The annex as XLSX, in two layouts.

- *Anexo* (print-ready): title and header block, bold wrapped column headers, ASM cells merged
  down across their activity rows as in the seeds, dates as date cells (dd/mm/aaaa) and percents
  as numbers with a % format where the cell holds nothing else, panes frozen under the column
  headers and an autofilter on them, landscape Letter fitted to the page width, the title rows
  repeated on every printed page and the signatures in the page footer.
- *Datos* (for analysts): one row per activity with the ASM columns repeated, real dates,
  percentages as numbers, a frozen header and an autofilter: `write_rows()`, the XLSX writer of
  any columns and rows (also the public list downloads).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reports.tables import DATE_FORMAT, DRAFT, Annex, Cell, Signature, document_state, lines
from sheets.cells import formula_like, joined, local, spreadsheet_text

DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
FONT_SIZE = 9
LINE_HEIGHT = 12  # points per wrapped line at FONT_SIZE

_thin = Side(style="thin", color="000000")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
WRAP = Alignment(wrap_text=True, vertical="top")
HEADING_FILL = PatternFill("solid", fgColor="D9D9D9")


def put(ws: Worksheet, row: int, column: int, value: Any, **style: Any):
    """Write one cell; user text is never taken for a formula."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        value = spreadsheet_text(value)
        cell.value = value
        if formula_like(value):
            cell.data_type = "s"
    else:
        cell.value = value
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def wrapped_lines(text: str, width: float) -> int:
    """Lines a wrapped cell of `width` characters needs; Excel does not grow merged rows itself."""
    per_line = max(int(width * 1.1) - 1, 1)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n")) if text else 1


def footer_text(text: str, limit: int = 120) -> str:
    # «&» starts a code in Excel's header and footer, which hold 255 characters in all.
    return text[:limit].replace("&", "&&")


def write_annex(annex: Annex, out: BinaryIO) -> None:
    columns = annex.columns
    last = len(columns)
    wb = Workbook()
    ws = wb.active
    ws.title = "Anexo"

    def banner(row: int, text: str, font: Font) -> None:
        put(ws, row, 1, text, font=font, alignment=Alignment(wrap_text=True, vertical="center"))
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)

    row = 1
    for line in annex.title_lines:
        banner(row, line, Font(bold=True, size=13 if row == 1 else 11))
        row += 1
    if annex.subtitle:
        banner(row, annex.subtitle, Font(size=11))
        row += 1
    if document_state(annex) == DRAFT:
        banner(row, f"{DRAFT}: no autorizado", Font(bold=True, size=13, color="C00000"))
        row += 1
    label_span = min(2, last - 1) or 1
    for label, value in annex.header:
        if not label:  # a line the document prints without a label
            banner(row, value, Font(bold=True, size=FONT_SIZE + 1))
            row += 1
            continue
        put(ws, row, 1, label, font=Font(bold=True, size=FONT_SIZE), alignment=WRAP)
        put(ws, row, label_span + 1, value, font=Font(size=FONT_SIZE), alignment=WRAP)
        if label_span > 1:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=label_span)
        if last > label_span + 1:
            ws.merge_cells(start_row=row, start_column=label_span + 1, end_row=row, end_column=last)
        ws.row_dimensions[row].height = LINE_HEIGHT * 2
        row += 1
    row += 1

    heading_row = row
    for index, column in enumerate(columns, 1):
        put(
            ws,
            row,
            index,
            column.label,
            font=Font(bold=True, size=FONT_SIZE),
            border=BORDER,
            fill=HEADING_FILL,
            alignment=Alignment(wrap_text=True, vertical="center", horizontal="center"),
        )
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.row_dimensions[row].height = LINE_HEIGHT * max(wrapped_lines(c.label, c.width) for c in columns)
    row += 1

    body_font = Font(size=FONT_SIZE)
    group: list[tuple[int, list[Cell]]] = []

    def close_group() -> None:
        """Size the rows of one ASM so that its merged cells show all their text."""
        if not group:
            return
        own = [
            max([wrapped_lines(c.text, c.column.width) for c in cells if not c.column.group] or [1])
            for _, cells in group
        ]
        merged = max([wrapped_lines(c.text, c.column.width) for c in group[0][1] if c.column.group] or [1])
        extra = max(merged - sum(own), 0) / len(own)
        for (number, _), need in zip(group, own, strict=False):
            ws.row_dimensions[number].height = min(LINE_HEIGHT * (need + extra), 409)
        group.clear()

    for cells in annex.grid():
        if not any(cell.covered for cell in cells):
            close_group()
        group.append((row, cells))
        for index, cell in enumerate(cells, 1):
            if cell.covered:
                continue
            if cell.value is not None:
                put(
                    ws,
                    row,
                    index,
                    cell.value,
                    font=body_font,
                    alignment=WRAP,
                    border=BORDER,
                    number_format=cell.column.number_format,
                )
            else:
                put(ws, row, index, cell.text, font=body_font, alignment=WRAP, border=BORDER)
            if cell.rowspan > 1:
                ws.merge_cells(start_row=row, start_column=index, end_row=row + cell.rowspan - 1, end_column=index)
        row += 1
    close_group()
    last_body_row = row - 1
    if row == heading_row + 1:
        put(ws, row, 1, annex.empty_message, font=Font(bold=True, size=FONT_SIZE), alignment=WRAP, border=BORDER)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
        row += 1

    for note in annex.table.footnotes:
        put(ws, row, 1, note, font=Font(italic=True, size=FONT_SIZE - 1), alignment=WRAP)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
        ws.row_dimensions[row].height = LINE_HEIGHT * 2
        row += 1

    # The signature block closes the table; on paper it is also in every page's footer.
    row += 2
    halves = [(1, max(last // 2, 1)), (max(last // 2, 1) + 1, last)]
    for signature, (start, end) in zip(annex.signatures, halves, strict=False):
        for offset, (text, font) in enumerate(
            [
                (signature.name or "_" * 30, Font(bold=True, size=FONT_SIZE)),
                (signature.position, Font(size=FONT_SIZE)),
                (signature.role, Font(bold=True, size=FONT_SIZE)),
            ]
        ):
            put(ws, row + offset, start, text, font=font, alignment=Alignment(horizontal="center", wrap_text=True))
            if end > start:
                ws.merge_cells(start_row=row + offset, start_column=start, end_row=row + offset, end_column=end)

    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    print_on_letter_paper(ws, annex.signatures, draft=document_state(annex) == DRAFT)
    ws.print_title_rows = f"1:{heading_row}"
    ws.freeze_panes = ws.cell(row=heading_row + 1, column=1)
    ws.auto_filter.ref = f"A{heading_row}:{get_column_letter(last)}{max(last_body_row, heading_row)}"
    ws.page_margins.bottom = 1.1
    ws.page_margins.footer = 0.3
    wb.save(out)


def print_on_letter_paper(ws: Worksheet, signatures: Sequence[Signature], *, draft: bool) -> None:
    """Print `ws` one page wide on letter paper, with the two signatures (prepared, authorised) in
    every page's footer around its number, and «BORRADOR» in red at the top of a draft's pages."""
    ws.page_setup.paperSize = ws.PAPERSIZE_LETTER
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    prepared, authorised = signatures
    # One line each: openpyxl writes a line break in a footer as «_x000a_», which LibreOffice prints as is.
    ws.oddFooter.left.text = footer_text(
        lines(f"Elaboró: {prepared.name or '____________'}", prepared.position, sep=", ")
    )
    ws.oddFooter.center.text = "Página &P de &N"
    ws.oddFooter.right.text = footer_text(
        lines(f"Autorizó: {authorised.name or '____________'}", authorised.position, sep=", ")
    )
    ws.oddFooter.left.size = ws.oddFooter.right.size = 8
    if draft:
        ws.oddHeader.right.text = DRAFT
        ws.oddHeader.right.color = "C00000"


class TypedRow:
    """A write-only sheet's row as typed cells: real dates and numbers; text a spreadsheet would take
    for a formula as a string cell; lists joined with «; »; moments in local time; no cell for
    empty text.

    A date or a moment needs a cell with its number format. One such cell per column is given each
    row's value, not a new one per row: a write-only sheet writes a row as it is appended, which frees
    its cells for the next (openpyxl reuses its own plain cell the same way), and a new styled cell
    cost more than the rest of the row's values together."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.styled: dict[tuple[int, str], WriteOnlyCell] = {}

    def __call__(self, values: Sequence[Any]) -> list[Any]:
        return [self.cell(column, value) for column, value in enumerate(values)]

    def cell(self, column: int, value: Any) -> Any:
        if type(value) is str:  # the common case first: most cells are text
            if not value:
                # A blank cell, as a spreadsheet has where nothing was typed (openpyxl writes no cell
                # for None); an empty text cell would only make the file and its writing longer.
                return None
            text = spreadsheet_text(value)
            if formula_like(text):
                cell = WriteOnlyCell(self.ws, value=text)
                cell.data_type = "s"
                return cell
            return text
        if value is None or type(value) is int:  # the next most common: as they are
            return value
        if isinstance(value, (list, tuple)):
            return self.cell(column, joined(value))
        if isinstance(value, datetime):
            return self.formatted(column, local(value), DATETIME_FORMAT)
        if isinstance(value, date):
            return self.formatted(column, value, DATE_FORMAT)
        if isinstance(value, str):
            return self.cell(column, str(value))
        return value

    def formatted(self, column: int, value: date, number_format: str) -> WriteOnlyCell:
        cell = self.styled.get((column, number_format))
        if cell is None:
            cell = self.styled[column, number_format] = WriteOnlyCell(self.ws)
            cell.number_format = number_format
        cell.value = value
        return cell


Sheet = tuple[str, Sequence[str], Iterable[Sequence[Any]]]  # title, columns, rows


def write_rows(columns: Sequence[str], rows: Iterable[Sequence[Any]], out: BinaryIO, *, title: str = "Datos") -> None:
    """Any columns and rows as one sheet (`write_sheets`)."""
    write_sheets([(title, columns, rows)], out)


def write_sheets(sheets: Iterable[Sheet], out: BinaryIO) -> None:
    """Sheets of any columns and rows, each with a bold frozen header and an autofilter. The one
    XLSX writer of data (the annexes' datos layout, the consolidated annex, the public list
    downloads): openpyxl's write-only mode, each sheet fed from its iterator in turn, so its
    memory does not grow with the rows."""
    wb = Workbook(write_only=True)
    for title, columns, rows in sheets:
        ws = wb.create_sheet(title)
        # Write-only: the sheet's top (frozen pane, widths) is written with the first row.
        ws.freeze_panes = "A2"
        for index, label in enumerate(columns, 1):
            ws.column_dimensions[get_column_letter(index)].width = min(max(len(label) + 2, 12), 40)
        heading = []
        for label in columns:
            cell = WriteOnlyCell(ws, value=spreadsheet_text(label))
            cell.font = Font(bold=True)
            heading.append(cell)
        ws.append(heading)
        typed = TypedRow(ws)
        count = 0
        for values in rows:
            ws.append(typed(values))
            count += 1
        ws.auto_filter.ref = f"A1:{get_column_letter(max(len(columns), 1))}{count + 1}"
    wb.save(out)


def write_datos(annex: Annex, out: BinaryIO) -> None:
    """The annex in the datos layout."""
    write_rows(annex.data_labels, annex.data_rows(), out)
