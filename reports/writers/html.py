"""The annex as HTML: the staff preview (merged cells as rowspan) and the print document
that the PDF writer hands to WeasyPrint."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import BinaryIO

from django.template.loader import render_to_string

from reports.tables import Annex, Cell

Group = list[list[Cell]]  # the printed rows of one ASM


def asm_groups(grid: Iterable[list[Cell]]) -> Iterator[Group]:
    """The rows grouped per ASM: a row none of whose cells lies under a merged cell starts a group."""
    group: Group = []
    for cells in grid:
        if group and not any(cell.covered for cell in cells):
            yield group
            group = []
        group.append(cells)
    if group:
        yield group


def table_context(
    annex: Annex, *, print_version: bool, groups: list[Group] | None = None, last: bool = True, numbered: bool = True
) -> dict:
    """`groups`: only these rows (a part of a PDF made in parts), the whole annex by default;
    `last`: the footnotes close the table; `numbered`: «Página X de Y» in the print footer."""
    # One <tbody> per ASM, so that print CSS can keep an ASM's rows on one page.
    total = sum(column.width for column in annex.columns)
    header = annex.header
    return {
        "annex": annex,
        "header_rows": [header[index : index + 2] for index in range(0, len(header), 2)],
        "groups": list(asm_groups(annex.grid())) if groups is None else groups,
        # The print document (WeasyPrint) sets each column's width exactly; a page in the browser, whose
        # Content-Security-Policy allows no inline style, names it with a class of whole percents
        # (static/css/app.css).
        "widths": [f"{100 * column.width / total:.2f}" for column in annex.columns],
        "width_classes": [f"annex-w-{max(1, round(100 * column.width / total))}" for column in annex.columns],
        "footnotes": annex.table.footnotes if last else (),
        "print": print_version,
        "numbered": numbered,
    }


def render_print(annex: Annex, groups: list[Group] | None = None, *, last: bool = True, numbered: bool = True) -> str:
    """A standalone document with plain print CSS (no Bootstrap)."""
    context = table_context(annex, print_version=True, groups=groups, last=last, numbered=numbered)
    return render_to_string("reports/annex_print.html", context)


def write_html(annex: Annex, out: BinaryIO) -> None:
    out.write(render_print(annex).encode("utf-8"))
