"""What any spreadsheet cell written from user text must respect, defined once for XLSX and CSV."""

from __future__ import annotations

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# A spreadsheet runs text that begins with one of these as a formula (CSV/formula injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
EXCEL_MAX_CHARS = 32_767
CUT_MARK = "… [texto recortado]"


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
