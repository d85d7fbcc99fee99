"""Helpers of the annex tests: the seed programs (`demo`, loaded once per module), and a table
read back as the rows a reader sees."""

from __future__ import annotations

import unicodedata

import pytest

from aspects.models import Plan
from reports.tables import TABLES, Annex


@pytest.fixture
def seeds(demo, db):
    return annex_of


def annex_of(key: str, table: str, cycle: str | None = None, period: str | None = None) -> Annex:
    """A table of a seed program's plan (its seed cycle unless `cycle` says otherwise)."""
    plans = (
        Plan.objects.filter(program__key=key)
        .exclude(cycle__name="Programa de ASM 2026")
        .select_related("program__agency", "cycle")
    )
    plan = plans.get(cycle__name=cycle) if cycle else plans.get()
    return TABLES[table].build(plan, plan.cycle.periods.get(name=period) if period else None)


def rows_of(annex: Annex) -> list[dict[str, str]]:
    """Each printed row as {column label: text}, a merged ASM cell repeated on its activity rows."""
    rows: list[dict[str, str]] = []
    for cells in annex.grid():
        previous = rows[-1] if rows else {}
        rows.append(
            {cell.column.label: previous.get(cell.column.label, "") if cell.covered else cell.text for cell in cells}
        )
    return rows


def norm(text: str) -> str:
    """Compare as a reader would: accents, case and line breaks aside (the seeds print names in
    capitals without accents: «JOSE SAMUEL GARCIA SANCHEZ»)."""
    plain = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return " ".join(plain.upper().split())


def drawn_text(box) -> str:
    """The text WeasyPrint draws in a laid-out box (its visible text boxes), without the hyphens
    the layout added at the end of a line."""
    return "".join(
        part.text.removesuffix("\u2010")
        for part in box.descendants()
        if isinstance(getattr(part, "text", None), str) and part.style["visibility"] == "visible"
    )
