"""The annex as HTML: the staff preview (merged cells as rowspan) and the print document
that the PDF writer hands to WeasyPrint."""

from __future__ import annotations

from typing import BinaryIO

from django.template.loader import render_to_string

from reports.tables import Annex, Cell


def table_context(annex: Annex, *, print_version: bool) -> dict:
    # One <tbody> per ASM, so that print CSS can keep an ASM's rows on one page.
    groups: list[list[list[Cell]]] = []
    for cells in annex.grid():
        if not groups or not any(cell.covered for cell in cells):
            groups.append([])
        groups[-1].append(cells)
    total = sum(column.width for column in annex.columns)
    header = annex.header
    return {
        "annex": annex,
        "header_rows": [header[index : index + 2] for index in range(0, len(header), 2)],
        "groups": groups,
        "widths": [f"{100 * column.width / total:.2f}" for column in annex.columns],
        "print": print_version,
    }


def render_print(annex: Annex) -> str:
    """A standalone document with plain print CSS (no Bootstrap)."""
    return render_to_string("reports/annex_print.html", table_context(annex, print_version=True))


def write_html(annex: Annex, out: BinaryIO) -> None:
    out.write(render_print(annex).encode("utf-8"))
