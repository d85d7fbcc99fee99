"""The annex as PDF: WeasyPrint over the print HTML (landscape Letter, header, signatures and
«Página X de Y» on every page; see templates/reports/print.css).

WeasyPrint lays a whole document out in memory, and its time per row grows with the document, so
a large annex is rendered in parts of at most `settings.ANNEX_PDF_PART_ROWS` rows (whole ASM
where they fit), each a document of its own with the header, the signatures and the table header
on every page, written to a temporary file. The parts are then joined with pypdf and numbered
across the whole document: each part is rendered without a page number, and «Página X de Y» is
stamped afterwards from a document of blank pages that has the same footer with only the number
drawn (`templates/reports/page_numbers.html`). An annex that fits in one part is rendered at once,
numbered by WeasyPrint itself.
"""

from __future__ import annotations

import math
import tempfile
import textwrap
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from copy import copy
from itertools import chain
from typing import TYPE_CHECKING, BinaryIO, TypeVar

from django.conf import settings
from django.template.loader import render_to_string
from pypdf import PdfReader, PdfWriter

from reports.tables import Annex, Cell

from .html import Group, asm_groups, render_print
from .weasy import html_document

# Page numbers are stamped from documents of at most this many blank pages, which bounds the
# memory of a long document's numbering too.
STAMP_PAGES = 500

T = TypeVar("T")

if TYPE_CHECKING:
    from weasyprint.document import Document
    from weasyprint.formatting_structure.boxes import Box


def parts(annex: Annex, rows: int) -> Iterator[list[Group]]:
    """The annex's ASM groups in parts of at most `rows` rows; an ASM with more activity rows than
    that is cut between parts, as a page break cuts it. Always at least one part, perhaps empty
    (an annex without rows prints its «No se definió…» message)."""
    part: list[Group] = []
    count = 0
    for group in asm_groups(annex.grid()):
        while group:
            if count and count + len(group) > rows:
                yield part
                part, count = [], 0
            taken, group = group[:rows], group[rows:]
            part.append(taken)
            count += len(taken)
    yield part


def with_last(items: Iterable[T]) -> Iterator[tuple[T, bool]]:
    """Each item and whether it is the last one."""
    iterator = iter(items)
    try:
        previous = next(iterator)
    except StopIteration:
        return
    for item in iterator:
        yield previous, False
        previous = item
    yield previous, True


def classes(box: Box) -> list[str]:
    element = getattr(box, "element", None)
    return (element.get("class") or "").split() if element is not None else []


def page_starts(document: Document) -> Iterator[tuple[Box, Box]]:
    """Each page that starts in the middle of an ASM: the ASM's rows on the page (its <tbody>,
    as far as the page holds it) and the first row's first cell, a covered «No.» cell (`data-row`)."""
    for page in document.pages:
        group = None
        for box in page._page_box.descendants():
            if getattr(box, "element_tag", None) == "tbody":
                group = box
            element = getattr(box, "element", None)
            if getattr(box, "element_tag", None) != "td" or element is None or element.get("data-row") is None:
                continue
            if "covered" in classes(box) and group is not None:
                yield group, box
            break  # only the first row of the page


def continued_rows(document: Document) -> set[str]:
    """The rows (`data-row`, «group:row») that begin a page below their ASM's merged cells."""
    return {cell.element.get("data-row") for _, cell in page_starts(document)}


def show_continued(document: Document) -> bool:
    """Show the hidden «N (continúa)» (`table_context(marks=True)`) of each row that starts a page
    under its ASM's merged cells, where it fits: the mark takes no height, so laying it out hidden
    in every such row leaves the pages as they are (a page's first row is known only once the
    document is laid out). False if a mark is taller than the ASM's rows on its page (a narrow
    «No.» beside a last, one-line row): the document must then be laid out again with the mark
    in the row."""
    all_fit = True
    for group, cell in page_starts(document):
        mark = next((box for box in cell.descendants() if "continued-mark" in classes(box)), None)
        bottom = max((line.position_y + line.height for line in mark.children), default=math.inf) if mark else math.inf
        # The «No.» cells under the ASM's number are drawn as one (no border between them), so the
        # mark may run down the ASM's rows on the page, short of their cell's padding (print.css).
        room = group.position_y + group.height - cell.style["padding_bottom"].value
        if mark is None or bottom > room + 0.01:
            all_fit = False
            continue
        for box in mark.descendants():
            box.style = box.style.copy()  # styles may be shared: only this mark is shown
            box.style["visibility"] = "visible"
    return all_fit


# Page breaks. A row is printed whole and an ASM's rows are kept on one page, for reading; but a
# row (or an ASM) taller than a good part of a page, moved whole to the next page, would leave the
# page before it mostly empty. So, before layout, a row estimated taller than PIECE_LINES lines is
# cut at line breaks into pieces of about that many lines, each a printed row of its own drawn as
# one cell (no border between them), whose «No.» lies under the ASM's like any row after its
# first; and an ASM estimated taller than SPLIT_GROUP_LINES may break between its rows. A page
# then ends at most a piece short, and a piece at the top of a page repeats «N (continúa)» like
# any row that starts a page in the middle of its ASM. The estimate needs no layout: WeasyPrint
# could split a row by itself, but then nothing could print the ASM's number in its second half.
PIECE_LINES = 10
SPLIT_GROUP_LINES = 16
BODY_WIDTH_PT = 724  # landscape Letter between the side margins of print.css
CHAR_WIDTH_PT = 3.4  # a generous average at 7.5 pt in a narrow font: lines are over- rather than underestimated
CELL_PADDING_PT = 6


def line_width(annex: Annex) -> list[int]:
    """Characters a line of each column holds, roughly."""
    total = sum(column.width for column in annex.columns) or 1
    return [
        max(4, int((BODY_WIDTH_PT * column.width / total - CELL_PADDING_PT) / CHAR_WIDTH_PT))
        for column in annex.columns
    ]


def text_lines(text: str, width: int) -> list[tuple[str, bool]]:
    """The text as the lines it is likely to print in, each with whether a line break of the
    text ends it. Words (URLs among them) are never cut."""
    lines: list[tuple[str, bool]] = []
    for paragraph in text.split("\n"):
        wrapped = textwrap.wrap(paragraph, width, break_long_words=False, break_on_hyphens=False) or [""]
        lines.extend((line, index == len(wrapped) - 1) for index, line in enumerate(wrapped))
    return lines


def joined_lines(lines: list[tuple[str, bool]]) -> str:
    """Lines back into text: a line break where the text had one, a space elsewhere."""
    text = ""
    for line, ends_paragraph in lines:
        text += line + ("\n" if ends_paragraph else " ")
    return text.rstrip(" \n")


def in_pieces(cells: list[Cell], widths: list[int]) -> list[list[Cell]]:
    """A row as printed rows of at most about PIECE_LINES lines each (the row itself when shorter)."""
    lines = [text_lines(cell.text, width) if cell.text else [] for cell, width in zip(cells, widths, strict=True)]
    tallest = max((len(cell_lines) for cell_lines in lines), default=0)
    if tallest <= PIECE_LINES:
        return [cells]
    count = math.ceil(tallest / PIECE_LINES)
    size = math.ceil(tallest / count)
    pieces = []
    for index in range(count):
        piece = []
        for cell, cell_lines in zip(cells, lines, strict=True):
            part = copy(cell)
            part.text = joined_lines(cell_lines[index * size : (index + 1) * size])
            if index:
                part.covered, part.rowspan = True, 1  # drawn on from the piece above
                # What «(continúa)» repeats: the ASM's number, or the row's own (a recommendation's).
                part.number = cell.number or cells[0].text
            part.joined = index < count - 1
            piece.append(part)
        pieces.append(piece)
    return pieces


def printed_rows(annex: Annex, groups: list[Group]) -> tuple[list[Group], set[int]]:
    """The groups with their tall rows in pieces, and the groups a page break may cut."""
    widths = line_width(annex)
    printed, splittable = [], set()
    for index, group in enumerate(groups):
        rows = [piece for cells in group for piece in in_pieces(cells, widths)]
        height = sum(
            max(
                (len(text_lines(cell.text, width)) for cell, width in zip(cells, widths, strict=True) if cell.text),
                default=1,
            )
            for cells in rows
        )
        if height > SPLIT_GROUP_LINES:
            splittable.add(index)
        printed.append(rows)
    return printed, splittable


def with_continued(render: Callable[[set[str]], Document]) -> Document:
    """`render(continued)` laid out where a page starts in the middle of an ASM with that row
    repeating the ASM's number («3 (continúa)»), so that no page holds a row without it: shown
    where it was laid out hidden (`show_continued`), or, where one does not fit, laid out again
    with the mark in the rows that start a page (`continued`, their `data-row`; a short text in a
    cell beside the row's other cells, so the pages mostly stay put)."""
    document = render(set())
    if show_continued(document):
        return document
    document = render(continued_rows(document))
    show_continued(document)  # a row the new layout moved to the top of a page
    return document


def laid_out(annex: Annex, groups: list[Group], **options) -> Document:
    """The document laid out, tall rows in pieces (`printed_rows`), «N (continúa)» where a page
    starts in the middle of an ASM (`with_continued`)."""
    groups, splittable = printed_rows(annex, groups)

    def render(continued: set[str]) -> Document:
        # Fresh cells: marking a row «continúa» writes into them.
        rows = [[[copy(cell) for cell in cells] for cells in group] for group in groups] if continued else groups
        html = render_print(annex, rows, continued=continued, splittable=splittable, marks=True, **options)
        return html_document(html).render()

    return with_continued(render)


def write_pdf(annex: Annex, out: BinaryIO) -> None:
    chunks = parts(annex, settings.ANNEX_PDF_PART_ROWS)
    first = next(chunks)
    second = next(chunks, None)
    if second is None:
        laid_out(annex, first).write_pdf(out)
        return
    write_in_parts(annex, chain([first, second], chunks), out)


def write_in_parts(annex: Annex, chunks: Iterable[list[Group]], out: BinaryIO) -> None:
    """Render each part to a temporary file, join them and number the pages across the whole."""
    with ExitStack() as stack:
        writer = PdfWriter()
        total = append_unnumbered(annex, writer, stack, chunks)
        stamp_page_numbers(writer, annex, start=0, count=total, total=total, stack=stack)
        writer.write(out)


def append_unnumbered(
    annex: Annex, writer: PdfWriter, stack: ExitStack, chunks: Iterable[list[Group]] | None = None
) -> int:
    """Add the annex's pages to `writer`, rendered without page numbers (in parts of at most
    `settings.ANNEX_PDF_PART_ROWS` rows, or the given `chunks`), so that a document joining
    them numbers them afterwards (`stamp_page_numbers`). Returns how many pages it added. Each
    part's file stays open in `stack` until the writer is written."""
    chunks = parts(annex, settings.ANNEX_PDF_PART_ROWS) if chunks is None else chunks
    added = 0
    for groups, last in with_last(chunks):
        document = laid_out(annex, groups, last=last, numbered=False)
        file = stack.enter_context(tempfile.TemporaryFile())
        document.write_pdf(file)
        del document  # the layout of one part is all WeasyPrint holds at a time
        file.seek(0)
        for page in PdfReader(file).pages:
            writer.add_page(page)
            added += 1
    return added


def stamp_page_numbers(
    writer: PdfWriter, annex: Annex, *, start: int, count: int, total: int, stack: ExitStack
) -> None:
    """«Página X de `total`» where `annex` prints it, on the `count` pages of `writer` from the
    index `start`, X counting from `start` + 1."""
    for offset in range(0, count, STAMP_PAGES):
        size = min(STAMP_PAGES, count - offset)
        numbers = stack.enter_context(tempfile.TemporaryFile())
        write_page_numbers(annex, numbers, first=start + offset + 1, count=size, total=total)
        for index, number in enumerate(PdfReader(numbers).pages):
            page = writer.pages[start + offset + index]
            page.merge_page(number)
            page.compress_content_streams()


def write_page_numbers(annex: Annex, out: BinaryIO, *, first: int, count: int, total: int) -> None:
    """`count` pages that show only «Página X de Y», X from `first`, where the annex prints it."""
    html = render_to_string(
        "reports/page_numbers.html", {"annex": annex, "first": first, "total": total, "breaks": range(count - 1)}
    )
    html_document(html).write_pdf(out)
    out.seek(0)
