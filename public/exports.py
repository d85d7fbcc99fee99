"""Downloads of the public lists and of the open data: one list of columns, three formats.

A page declares its columns once, as (label, getter) pairs, and `download()` writes its rows as
CSV, XLSX or JSON. The spreadsheet rules (formula-like text, Excel's cell length) are those of
`reports.writers.cells`, shared with the annexes.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any, BinaryIO

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from reports.writers.cells import spreadsheet_text
from reports.writers.csv import csv_lines, csv_value
from reports.writers.xlsx import datos_value

Columns = list[tuple[str, Callable[[Any], Any]]]

DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}


def local(value: datetime) -> datetime:
    """A moment as the local wall-clock time, which is what a spreadsheet can hold."""
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


def joined(values: list | tuple) -> str:
    return "; ".join("" if value is None else str(value) for value in values)


def csv_text(value: Any) -> str:
    """A CSV cell as the annexes write it (`reports.writers.csv`), plus the values a list may hold."""
    if isinstance(value, bool):
        return "Sí" if value else "No"
    if isinstance(value, datetime):
        return local(value).isoformat(sep=" ", timespec="minutes")
    if isinstance(value, (list, tuple)):
        value = joined(value)
    return csv_value(value)


def iter_csv(columns: Columns, rows: Iterable[Any]) -> Iterator[str]:
    """The CSV text line by line, starting with the BOM (so that Excel reads UTF-8) and the header."""
    header = [csv_text(label) for label, _ in columns]
    return csv_lines(header, ([csv_text(get(row)) for _, get in columns] for row in rows))


def write_csv(columns: Columns, rows: Iterable[Any], out: BinaryIO) -> None:
    for line in iter_csv(columns, rows):
        out.write(line.encode("utf-8"))


def xlsx_cell(ws, value: Any) -> Any:
    """A typed cell as the annexes' datos layout writes it (`reports.writers.xlsx`): real dates and
    numbers, text that looks like a formula as a string cell."""
    if isinstance(value, (list, tuple)):
        value = joined(value)
    if isinstance(value, datetime):
        cell = WriteOnlyCell(ws, value=local(value))
        cell.number_format = DATETIME_FORMAT
        return cell
    return datos_value(ws, value)


def write_xlsx(columns: Columns, rows: Iterable[Any], out: BinaryIO) -> None:
    # Write-only mode: the rows are never all in memory as cells.
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Datos")
    ws.freeze_panes = "A2"
    for index, (label, _) in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(index)].width = min(max(len(label) + 2, 12), 40)
    heading = []
    for label, _ in columns:
        cell = WriteOnlyCell(ws, value=spreadsheet_text(label))
        cell.font = Font(bold=True)
        heading.append(cell)
    ws.append(heading)
    count = 0
    for row in rows:
        ws.append([xlsx_cell(ws, get(row)) for _, get in columns])
        count += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(max(len(columns), 1))}{count + 1}"
    wb.save(out)


def json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} no se puede escribir en JSON.")


def write_json(columns: Columns, rows: Iterable[Any], out: BinaryIO) -> None:
    records = [{label: get(row) for label, get in columns} for row in rows]
    out.write(json.dumps(records, ensure_ascii=False, default=json_value, indent=1).encode("utf-8"))


WRITERS: dict[str, Callable[[Columns, Iterable[Any], BinaryIO], None]] = {"csv": write_csv, "xlsx": write_xlsx, "json": write_json}


def download(*, filename: str, columns: list[tuple[str, Callable[[Any], Any]]], rows: Iterable[Any], fmt: str) -> HttpResponse:
    """The rows as an attachment `<filename>.<fmt>`: "csv" (UTF-8 with BOM), "xlsx" or "json".
    Each column is a label and a getter of the cell's value from a row; an unknown format is a 404."""
    if fmt not in WRITERS:
        raise Http404("Formato de descarga no disponible.")
    response = HttpResponse(content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.{fmt}")
    response["X-Content-Type-Options"] = "nosniff"
    if fmt == "xlsx":
        # openpyxl writes a ZIP, which needs a seekable file.
        buffer = io.BytesIO()
        write_xlsx(columns, rows, buffer)
        response.write(buffer.getvalue())
    else:
        WRITERS[fmt](columns, rows, response)
    return response
