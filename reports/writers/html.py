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


def mark_continued(groups: list[Group], continued: set[str]) -> None:
    """Rows that a page break left at the top of a page under their ASM's merged cells repeat the
    ASM's number: «3 (continúa)». `continued` holds «group:row» positions (the `data-row` of the
    print table), found by laying the document out once (reports/writers/pdf.py)."""
    for group_index, group in enumerate(groups):
        for row_index, cells in enumerate(group):
            first = cells[0] if cells else None
            if first is not None and first.covered and f"{group_index}:{row_index}" in continued:
                first.text = f"{first.number} (continúa)"
                first.continued = True


def table_context(
    annex: Annex,
    *,
    print_version: bool,
    groups: list[Group] | None = None,
    last: bool = True,
    numbered: bool = True,
    continued: set[str] | None = None,
    splittable: set[int] | None = None,
    marks: bool = False,
) -> dict:
    """`groups`: only these rows (a part of a PDF made in parts), the whole annex by default;
    `last`: the footnotes close the table; `numbered`: «Página X de Y» in the print footer;
    `continued`: the rows that start a page in the middle of their ASM; `splittable`: the groups
    (by index) a page break may cut between their rows; `marks`: each row under its ASM's merged
    cells carries «N (continúa)» hidden, for the PDF to show where a page starts
    (reports/writers/pdf.py)."""
    # One <tbody> per ASM, so that print CSS can keep an ASM's rows on one page.
    total = sum(column.width for column in annex.columns)
    header = annex.header
    groups = list(asm_groups(annex.grid())) if groups is None else groups
    if continued:
        mark_continued(groups, continued)
    header_rows = [header[index : index + 2] for index in range(0, len(header), 2)]
    # The running header grows with the document's title lines and header block.
    top_margin = 2.2 + 0.5 * len(annex.title_lines) + (0.4 if annex.subtitle else 0) + 0.42 * len(header_rows)
    return {
        "annex": annex,
        "header_rows": header_rows,
        "top_margin": f"{top_margin:.2f}",
        "groups": groups,
        # The print document (WeasyPrint) sets each column's width exactly; a page in the browser, whose
        # Content-Security-Policy allows no inline style, names it with a class of whole percents
        # (static/css/app.css).
        "widths": [f"{100 * column.width / total:.2f}" for column in annex.columns],
        "width_classes": [f"annex-w-{max(1, round(100 * column.width / total))}" for column in annex.columns],
        "footnotes": annex.table.footnotes if last else (),
        "print": print_version,
        "numbered": numbered,
        "splittable": splittable or set(),
        "marks": marks,
    }


def render_print(
    annex: Annex,
    groups: list[Group] | None = None,
    *,
    last: bool = True,
    numbered: bool = True,
    continued: set[str] | None = None,
    splittable: set[int] | None = None,
    marks: bool = False,
) -> str:
    """A standalone document with plain print CSS (no Bootstrap)."""
    context = table_context(
        annex,
        print_version=True,
        groups=groups,
        last=last,
        numbered=numbered,
        continued=continued,
        splittable=splittable,
        marks=marks,
    )
    return render_to_string("reports/annex_print.html", context)


def write_html(annex: Annex, out: BinaryIO) -> None:
    out.write(render_print(annex).encode("utf-8"))
