"""CSV of any columns and rows: UTF-8 with BOM so that Excel shows the accents, text a
spreadsheet would take for a formula prefixed with an apostrophe (`cells`).

The one CSV writer of the project: the annexes' datos layout (one row per activity, or per ASM,
or per recommendation, with the ASM columns repeated), the public list downloads and the files
of the open-data bulk ZIP. Rows may be any iterator; they are written as they come, in chunks,
so that a response can stream them and memory does not grow with them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any, BinaryIO

from reports.tables import Annex
from sheets.cells import formula_safe, joined, local, spreadsheet_text

BOM = "\ufeff"
CHUNK_CHARS = 64 * 1024  # text gathered before a chunk is handed on


def csv_value(value: Any) -> str:
    """A cell as text: dates ISO, moments in local time to the minute, lists joined with «; »,
    booleans «Sí»/«No», nothing as an empty cell."""
    if type(value) is str:  # the common case first: most cells are text
        return formula_safe(spreadsheet_text(value))
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Sí" if value else "No"
    if isinstance(value, datetime):
        return local(value).isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return csv_value(joined(value))
    if isinstance(value, str):
        return csv_value(str(value))
    return str(value)


def iter_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """The file as UTF-8 chunks: the BOM and the header at once (a response's first byte does not
    wait for the first query), then the rows in chunks of about 64 KB."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def flush() -> bytes:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text.encode("utf-8")

    buffer.write(BOM)
    writer.writerow([csv_value(label) for label in columns])
    yield flush()
    for values in rows:
        writer.writerow([csv_value(value) for value in values])
        if buffer.tell() >= CHUNK_CHARS:
            yield flush()
    if buffer.tell():
        yield flush()


def write_rows(columns: Sequence[str], rows: Iterable[Sequence[Any]], out: BinaryIO) -> None:
    for chunk in iter_csv(columns, rows):
        out.write(chunk)


def write_csv(annex: Annex, out: BinaryIO) -> None:
    """The annex in the datos layout."""
    write_rows(annex.data_labels, annex.data_rows(), out)
