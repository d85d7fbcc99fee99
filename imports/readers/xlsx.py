"""Excel workbooks (.xlsx): openpyxl in read-only mode, cached values only, so a formula is never evaluated
and its cached value is what is read. openpyxl parses the workbook's XML through defusedxml (a
dependency of the project), which refuses entity expansion bombs and external entities."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from typing import BinaryIO

from defusedxml import DefusedXmlException
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.exceptions import InvalidFileException

from . import MAX_COLUMNS, Grid, Merge, UnreadableFile

NOT_EXCEL = "no es un archivo Excel válido"


def read(file: BinaryIO) -> Iterator[Grid]:
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, DefusedXmlException) as error:
        raise UnreadableFile(NOT_EXCEL) from error
    except Exception as error:  # a broken part of the package (XML syntax, a missing relation)
        raise UnreadableFile(f"{NOT_EXCEL}: {type(error).__name__}") from error
    try:
        for sheet in workbook.worksheets:
            if not hasattr(sheet, "iter_rows"):
                continue  # a chart sheet
            yield read_sheet(sheet)
    except DefusedXmlException as error:
        raise UnreadableFile(NOT_EXCEL) from error
    finally:
        workbook.close()


def read_sheet(sheet) -> Grid:
    grid = Grid(sheet.title)
    # A workbook may declare dimensions smaller or larger than its data; read what is there.
    sheet.reset_dimensions()
    for number, row in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS + 1), 1):
        if not grid.add_row(number, [cell_value(cell) for cell in row]):
            break
    grid.drop_trailing_blank_rows()
    grid.merges = merges(sheet)
    return grid


def cell_value(cell) -> object:
    """The cell's value; a number formatted as a percent (a fraction: 1 is «100%») as the text the
    sheet shows, so that a progress of 100 % is not read as 1 %."""
    value = cell.value
    if (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and "%" in (getattr(cell, "number_format", None) or "")
    ):
        percent = round(value * 100, 2)
        return f"{int(percent) if percent == int(percent) else percent}%"
    return value


MERGE_CELL = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?ref=\"([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)\"")
CHUNK = 1024 * 1024
OVERLAP = 200  # longer than a mergeCell element, so that one cut by a chunk's end is found whole


def merges(sheet) -> list[Merge]:
    """The merged ranges, which openpyxl's read-only mode does not read: the sheet's `mergeCell`
    elements, found in the sheet's XML (which openpyxl has just parsed through defusedxml) in
    chunks that overlap, so that memory does not grow with the sheet."""
    found = []
    tail = b""
    with sheet._get_source() as source:
        while chunk := source.read(CHUNK):
            data = tail + chunk
            for match in MERGE_CELL.finditer(data):
                if match.end() > len(tail):  # not found whole in the previous chunk already
                    first_column, first_row, last_column, last_row = range_boundaries(match.group(1).decode())
                    found.append(Merge(first_row, first_column, last_row, last_column))
            tail = data[-OVERLAP:]
    return found
