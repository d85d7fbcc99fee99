"""The combined document of a plan (`reports.combined.CombinedDocument`) as PDF.

One HTML document for WeasyPrint, so that the table of contents gets its page numbers from
`target-counter()` and «Página X de Y» runs across the whole document. Each table is printed by
the annex's own templates (`_print_header.html`, `_print_footer.html`, `_annex_table.html`) from
the annex's own context (`html.table_context`) on a named page of its own, which starts a new
page and gives it the running header, the signatures and the top margin of its annex. As in the
annex's PDF, a page that starts in the middle of an ASM repeats its number («3 (continúa)»),
laid out hidden in every such row and shown in those that start a page (`pdf.with_continued`),
the tables' `data-row` marks carrying the table's place in the document.

The document is laid out whole, so its memory grows with the plan: large plans are made by a
job (reports/tasks.py), never in a request.
"""

from __future__ import annotations

from copy import copy
from typing import TYPE_CHECKING, BinaryIO

from django.template.loader import render_to_string

from reports.combined import CombinedDocument, annex_anchor

from .html import Group, asm_groups, table_context
from .pdf import with_continued
from .weasy import html_document

if TYPE_CHECKING:
    from weasyprint.document import Document


def render_combined(
    document: CombinedDocument, groups: list[list[Group]], continued: dict[int, set[str]] | None = None
) -> str:
    """The print HTML; `groups`: each annex's rows (read once), `continued`: by annex, the rows
    that start a page in the middle of their ASM."""
    continued = continued or {}
    participants = document.participant_table()
    sections = []
    for index, (annex, rows) in enumerate(zip(document.annexes, groups, strict=True)):
        context = table_context(annex, print_version=True, groups=rows, continued=continued.get(index), marks=True)
        context.update(anchor=annex_anchor(annex), page=f"annex-{index}", row_prefix=f"{index}/")
        sections.append(context)
    return render_to_string(
        "reports/combined_print.html",
        {
            "document": document,
            "sections": sections,
            "contents": document.sections(),
            "participants": participants,
            "units": document.units() if participants.derived else [],
            "signing": document.annexes[0],
        },
    )


def laid_out(document: CombinedDocument) -> Document:
    groups = [list(asm_groups(annex.grid())) for annex in document.annexes]

    def render(continued: set[str]) -> Document:
        by_annex: dict[int, set[str]] = {}
        for key in continued:
            index, row = key.split("/", 1)
            by_annex.setdefault(int(index), set()).add(row)
        rows = groups
        if continued:  # fresh cells: marking a row «continúa» writes into them
            rows = [[[[copy(cell) for cell in cells] for cells in group] for group in annex] for annex in groups]
        return html_document(render_combined(document, rows, by_annex)).render()

    return with_continued(render)


def write_combined_pdf(document: CombinedDocument, out: BinaryIO) -> None:
    laid_out(document).write_pdf(out)
