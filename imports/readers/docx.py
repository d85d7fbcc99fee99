"""Word documents (.docx): each table of the document is a grid; the paragraphs around it (title,
key/value lines, «Elaboró» / «Autorizó») are its `lines`.

The table's XML is walked rather than python-docx's `row.cells`, which repeats a merged cell's
text in every row and column it covers: here the text is in the range's first cell only, as a
spreadsheet has it, so an ASM merged down across its activity rows is read once."""

from __future__ import annotations

import zipfile
from typing import BinaryIO

import docx
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from . import MAX_COLUMNS, MAX_ROWS, Grid, Merge, UnreadableFile

NOT_WORD = "no es un documento de Word válido"


def read(file: BinaryIO) -> list[Grid]:
    try:
        document = docx.Document(file)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise UnreadableFile(NOT_WORD) from error
    except Exception as error:  # a broken part of the package
        raise UnreadableFile(f"{NOT_WORD}: {type(error).__name__}") from error
    grids: list[Grid] = []
    pending: list[str] = []  # paragraphs since the last table
    for block in document.element.body.iterchildren():
        if block.tag == qn("w:p"):
            text = Paragraph(block, document).text.strip()
            if text:
                pending.append(text)
                if grids:
                    grids[-1].lines.append(text)
        elif block.tag == qn("w:tbl"):
            grid = read_table(Table(block, document), f"Tabla {len(grids) + 1}")
            grid.lines = pending
            pending = []
            grids.append(grid)
    return grids


def read_table(table: Table, name: str) -> Grid:
    grid = Grid(name, place=name)
    above: dict[int, Merge] = {}  # column → the vertical range open above it
    for number, tr in enumerate(table._tbl.tr_lst, 1):
        if number > MAX_ROWS:
            grid.problems.append(f"la tabla tiene más de {MAX_ROWS:,} filas".replace(",", " "))
            break
        cells: list = [None] * tr.grid_before
        for tc in tr.tc_lst:
            column = len(cells) + 1
            span = tc.grid_span
            vmerge = tc.vMerge  # "restart", "continue" or None
            if vmerge == "continue" and column in above:
                merge = above[column]
                above[column] = Merge(merge.first_row, merge.first_column, number, merge.last_column)
                cells.extend([None] * span)
                continue
            text = _Cell(tc, table).text.strip()
            cells.append(text or None)
            cells.extend([None] * (span - 1))
            closed = above.pop(column, None)
            if closed is not None and (closed.last_row > closed.first_row or closed.last_column > closed.first_column):
                grid.merges.append(closed)
            if vmerge == "restart":
                above[column] = Merge(number, column, number, column + span - 1)
            elif span > 1:
                grid.merges.append(Merge(number, column, number, column + span - 1))
        if len(cells) > MAX_COLUMNS:
            grid.problems.append(f"la tabla tiene más de {MAX_COLUMNS} columnas")
            break
        while cells and cells[-1] is None:
            cells.pop()
        grid.rows.append(cells)
    grid.merges.extend(
        merge for merge in above.values() if merge.last_row > merge.first_row or merge.last_column > merge.first_column
    )
    return grid
