"""Excel workbooks (.xlsx): openpyxl in read-only mode, values only, so a formula is never evaluated
and its cached value is what is read. openpyxl parses the workbook's XML through defusedxml (a
dependency of the project), which refuses entity expansion bombs and external entities."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from typing import BinaryIO

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.exceptions import InvalidFileException

from . import MAX_COLUMNS, MAX_ROWS, Grid, Merge, UnreadableFile

NOT_EXCEL = "no es un archivo Excel válido"
MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


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
    for number, values in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1), 1):
        cells = list(values)
        while cells and (cells[-1] is None or cells[-1] == ""):
            cells.pop()
        if len(cells) > MAX_COLUMNS:
            grid.problems.append(f"la hoja tiene más de {MAX_COLUMNS} columnas")
            break
        if number > MAX_ROWS:
            if cells:
                grid.problems.append(f"la hoja tiene más de {MAX_ROWS:,} filas".replace(",", " "))
                break
            continue
        grid.rows.append(cells)
    while grid.rows and not grid.rows[-1]:
        grid.rows.pop()
    grid.merges = merges(sheet)
    return grid


def merges(sheet) -> list[Merge]:
    """The merged ranges, which openpyxl's read-only mode does not read: the sheet's `mergeCell`
    elements, read again from the package (they come after the rows)."""
    found = []
    with sheet._get_source() as source:
        for _event, element in iterparse(source, events=("end",)):
            if element.tag == f"{MAIN_NS}mergeCell":
                first_column, first_row, last_column, last_row = range_boundaries(element.get("ref"))
                found.append(Merge(first_row, first_column, last_row, last_column))
            elif element.tag == f"{MAIN_NS}row":
                element.clear()
    return found
