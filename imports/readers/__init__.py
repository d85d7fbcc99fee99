"""The readers: each turns one kind of file into `Grid`s, one per sheet of a workbook or per table of
a document, the cells as read (text, numbers, dates) with the merged ranges. What a grid means is
`imports.parse`'s business; the readers only read, within the bounds below."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MAX_ROWS = 20_000
MAX_COLUMNS = 100


class UnreadableFile(Exception):
    """A file that cannot be read at all; the message is Spanish, for the user."""


@dataclass(frozen=True)
class Merge:
    """A merged range, 1-based and inclusive, as a spreadsheet names it."""

    first_row: int
    first_column: int
    last_row: int
    last_column: int


@dataclass
class Grid:
    """A sheet or a table: `rows[i][j]` is the cell at row i + 1, column j + 1 (None when empty).

    A cell covered by a merged range is None; only the range's first cell holds the value, as in
    a spreadsheet. `lines` are the document's text around a Word table (title, key/value lines,
    signatures), which a sheet keeps in its own rows. `problems` are the bounds the reader met."""

    name: str
    rows: list[list[Any]] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    place: str = ""  # how a message names it: «Hoja "Seguimiento ASM"», «Tabla 2», «Archivo "plan.csv"»

    def __post_init__(self) -> None:
        self.place = self.place or f'Hoja "{self.name}"'

    def cell(self, row: int, column: int) -> Any:
        cells = self.rows[row - 1] if 0 < row <= len(self.rows) else []
        return cells[column - 1] if 0 < column <= len(cells) else None

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)

    def add_row(self, number: int, cells: list[Any]) -> bool:
        """Keep row `number` (1-based) of a sheet without its empty cells at the end, within the
        bounds. False once a bound is passed: the problem is noted and the reader stops. Empty
        rows past the last one allowed are passed over (a sheet's formatting often reaches far)."""
        while cells and (cells[-1] is None or cells[-1] == ""):
            cells.pop()
        if len(cells) > MAX_COLUMNS:
            self.problems.append(f"la hoja tiene más de {MAX_COLUMNS} columnas")
            return False
        if number > MAX_ROWS:
            if cells:
                self.problems.append(f"la hoja tiene más de {MAX_ROWS:,} filas".replace(",", " "))
                return False
            return True
        self.rows.append(cells)
        return True

    def drop_trailing_blank_rows(self) -> None:
        while self.rows and not self.rows[-1]:
            self.rows.pop()
