"""What any spreadsheet cell must respect, defined once for XLSX and CSV: text a spreadsheet would
take for a formula, Excel's cell length, and how lists and moments are written. The annexes' datos
layout, the public list downloads and the open-data bulk ZIP all write through these, and the CSV
evidence an agency uploads is served with the same formula rule (`neutralised_csv`).

Below every domain app (like `jobs`), so that `evidence`, which sits under `reports`, uses the rule
instead of writing it again."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime

from django.utils import timezone
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# A spreadsheet runs text that begins with one of these as a formula (CSV/formula injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
EXCEL_MAX_CHARS = 32_767
CUT_MARK = "… [texto recortado]"
LIST_SEPARATOR = "; "


def formula_like(text: str) -> bool:
    """Whether a spreadsheet would take this text for a formula: XLSX writes it as a string
    cell, CSV prefixes it with an apostrophe."""
    return text.startswith(FORMULA_PREFIXES)


def formula_safe(text: str) -> str:
    """Text as a CSV cell: an apostrophe before text a spreadsheet would run as a formula."""
    return "'" + text if formula_like(text) else text


def spreadsheet_text(value: str) -> str:
    """Text that fits an Excel cell: control characters Excel refuses are dropped and text past
    32,767 characters is cut, with a visible mark."""
    # Printable text (most of it) holds none of those characters, and isprintable() is a fast scan.
    text = value if value.isprintable() else ILLEGAL_CHARACTERS_RE.sub("", value)
    if len(text) > EXCEL_MAX_CHARS:
        text = text[: EXCEL_MAX_CHARS - len(CUT_MARK)] + CUT_MARK
    return text


def joined(values: list | tuple) -> str:
    """A list in one cell: «Planeación; Calidad»."""
    return LIST_SEPARATOR.join("" if value is None else str(value) for value in values)


def local(value: datetime) -> datetime:
    """A moment as the local wall-clock time, which is what a spreadsheet can hold."""
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


# A number as a spreadsheet reads one from a CSV: a sign is part of it, not the start of a formula. Our own
# CSVs write numbers as numbers and apply the rule to text only; a CSV someone else wrote has no types.
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")


def neutralised_csv(data: bytes) -> bytes:
    """A CSV written elsewhere (an uploaded evidence file), with every text cell a spreadsheet would
    run as a formula made text by `formula_safe`. The same bytes when no cell needs it; otherwise
    rewritten with the file's own delimiter, line ending and encoding (UTF-8, with its BOM
    if it had one, or else Latin-1, which gives back every byte it read)."""
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError:
        text, encoding = data.decode("latin-1"), "latin-1"
    # The delimiter is the one the header line uses most (Excel writes «;» where the decimal mark is a
    # comma); quoting is RFC 4180's, as Excel writes and reads it.
    header = re.sub(r'"[^"]*"', "", text.split("\n", 1)[0])
    delimiter = max(",;\t|", key=lambda candidate: (header.count(candidate), candidate == ","))
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))

    def unsafe(cell: str) -> bool:
        return formula_like(cell) and not PLAIN_NUMBER.fullmatch(cell)

    if not any(unsafe(cell) for row in rows for cell in row):
        return data
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n" if "\r\n" in text else "\n")
    for row in rows:
        writer.writerow([formula_safe(cell) if unsafe(cell) else cell for cell in row])
    return out.getvalue().encode(encoding)
