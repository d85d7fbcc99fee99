"""What any spreadsheet cell must respect, defined once for XLSX and CSV: text a spreadsheet would
take for a formula, Excel's cell length, and how lists and moments are written. The annexes' datos
layout, the public list downloads and the open-data bulk ZIP all write through these."""

from __future__ import annotations

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


def spreadsheet_text(value: str) -> str:
    """Text that fits an Excel cell: control characters Excel refuses are dropped and text past
    32,767 characters is cut, with a visible mark."""
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    if len(text) > EXCEL_MAX_CHARS:
        text = text[: EXCEL_MAX_CHARS - len(CUT_MARK)] + CUT_MARK
    return text


def joined(values: list | tuple) -> str:
    """A list in one cell: «Planeación; Calidad»."""
    return LIST_SEPARATOR.join("" if value is None else str(value) for value in values)


def local(value: datetime) -> datetime:
    """A moment as the local wall-clock time, which is what a spreadsheet can hold."""
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
