"""CSV files as Excel writes them: UTF-8 with or without BOM, or Windows-1252 (Excel in a Spanish
locale), separated by `,`, `;` or tabs."""

from __future__ import annotations

import csv
import io
from typing import BinaryIO

from . import Grid, UnreadableFile

DELIMITERS = ",;\t"


def decode(raw: bytes) -> str:
    """UTF-8 (the BOM dropped) when the bytes are valid UTF-8, else Windows-1252, which every byte
    but five decodes; a file that is neither is refused."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as error:
        raise UnreadableFile("no es un archivo CSV legible (codificación desconocida)") from error


def delimiter_of(text: str) -> str:
    """The separator that splits the first lines into the most, and the same number of, fields."""
    sample = text[: 64 * 1024]
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        lines = [line for line in sample.splitlines()[:20] if line.strip()]
        return max(DELIMITERS, key=lambda sep: sum(line.count(sep) for line in lines))


def read(file: BinaryIO, name: str = "CSV") -> list[Grid]:
    raw = file.read()
    if b"\x00" in raw[:8192]:
        raise UnreadableFile("no es un archivo CSV válido")
    text = decode(raw)
    grid = Grid(name, place=f'Archivo "{name}"')
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_of(text))
    try:
        for number, cells in enumerate(reader, 1):
            # The apostrophe our CSV puts before text a spreadsheet would take for a formula.
            if not grid.add_row(number, [unquote(cell) for cell in cells]):
                break
    except csv.Error as error:
        raise UnreadableFile(f"no es un archivo CSV válido: {error}") from error
    grid.drop_trailing_blank_rows()
    return [grid]


def unquote(cell: str) -> str | None:
    if cell.startswith("'") and cell[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return cell[1:]
    return cell if cell.strip() else None
