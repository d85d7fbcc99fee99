"""The datos layout as CSV: UTF-8 with BOM so that Excel shows the accents; one row per
activity (or per ASM, or per recommendation) with the ASM columns repeated."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any, BinaryIO

from reports.tables import Annex

from .cells import formula_like, spreadsheet_text


def csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        text = spreadsheet_text(value)
        return "'" + text if formula_like(text) else text
    return str(value)


def csv_lines(header: Iterable[str], rows: Iterable[Iterable[str]]) -> Iterator[str]:
    """CSV text line by line, starting with the BOM and the header, so that a response can
    stream it. Shared with the public lists' downloads."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(header)
    yield "\ufeff" + flush()
    for cells in rows:
        writer.writerow(cells)
        yield flush()


def iter_csv(annex: Annex) -> Iterator[str]:
    """The file line by line, starting with the BOM and the header."""
    header = [field.label for field in annex.data_fields]
    return csv_lines(header, ([csv_value(value) for value in values] for values in annex.data_rows()))


def write_csv(annex: Annex, out: BinaryIO) -> None:
    for line in iter_csv(annex):
        out.write(line.encode("utf-8"))
