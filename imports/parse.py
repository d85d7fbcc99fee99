"""The public entry point of the importer's reading half: `parse(file, name=)` reads an annex
(.xlsx, .docx or .csv) into the JSON shape documented in `docs/import.md`, with every problem
named by sheet, row, column and value. It writes nothing; the preview page and `import_annex`
show what it returns, and the commit stores it.

Each sheet (or Word table) is judged on its own: its header row tells its kind (`headers.py`);
the rows under it are read as agencies write them (an ASM over several rows, several activities
in one cell, text dates, progress cells: `cells.py`); what is not data (titles, the key/value
block, footnotes, «Fecha de elaboración», the signatures) is left out of the rows and gives the
`metadata`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from aspects.models import Aspect
from evidence import checks
from reports import tables
from sheets.cells import CUT_MARK, EXCEL_MAX_CHARS

from . import headers
from .cells import (
    NOT_AVAILABLE,
    CellError,
    Item,
    ParsedDate,
    as_month,
    by_number,
    clean,
    find_date,
    fold,
    one_line,
    parse_attention,
    parse_date,
    parse_end_dates,
    parse_number,
    parse_progress,
    parse_rating,
    parse_target,
    parse_year,
    split_numbered,
    split_stacked,
    split_units,
    without_own_number,
)
from .headers import Header
from .readers import Grid, UnreadableFile, csv, docx, xlsx

__all__ = ["UnreadableFile", "parse", "EMPTY_FILE"]

EMPTY_FILE = "el archivo no contiene datos"
FORMATS = ("xlsx", "docx", "csv")
CANCELLED_MARK = "[Cancelada por replanteamiento]"


# -- the file -----------------------------------------------------------------------------------


def parse(file: IO[bytes], *, name: str) -> dict:
    """The annex in `file` (named `name`, whose extension says the format) as a dict ready for JSON.
    Raises UnreadableFile (a Spanish message) for a file that cannot be read at all."""
    grids = read_grids(file, name)
    result: dict[str, Any] = {"file": name, "sheets": [], "tables": [], "errors": [], "warnings": []}
    context = Metadata()
    for grid in grids:
        sheet = SheetReader(grid)
        table = sheet.read()
        result["errors"].extend(sheet.errors)
        result["warnings"].extend(sheet.warnings)
        context.fill_from(sheet.metadata)
        result["sheets"].append({"sheet": grid.name, "kind": table["kind"] if table else None})
        if table is not None:
            result["tables"].append(table)
    # Signatures and the key/value block often sit once in a document (a Word file's paragraphs, the
    # first sheet): they complete every table's metadata.
    for table in result["tables"]:
        table["metadata"] = table.pop("_metadata").fill_from(context).as_json()
    result["metadata"] = context.as_json()
    totals = {"recommendations": 0, "aspects": 0, "activities": 0, "reports": 0, "indicators": 0}
    for table in result["tables"]:
        for key in totals:
            totals[key] += table["counts"][key]
    result["counts"] = totals
    if totals["recommendations"] + totals["aspects"] + totals["indicators"] == 0 and not result["errors"]:
        result["errors"].insert(0, problem(None, None, None, None, EMPTY_FILE))
    return result


def read_grids(file: IO[bytes], name: str) -> list[Grid]:
    """The file's sheets or tables, after the checks every upload passes (size, macros, zip bombs:
    `evidence.checks`); the content must be what the extension says."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in FORMATS:
        if extension == "xls":
            raise UnreadableFile("los archivos .xls (Excel 97-2003) no se leen: guárdelo como .xlsx")
        raise UnreadableFile(f"el tipo de archivo «.{extension}» no se importa: use .xlsx, .docx o .csv")
    raw = file.read()
    if not raw:
        raise UnreadableFile(EMPTY_FILE)
    limit = settings.EVIDENCE_MAX_FILE_SIZE
    if len(raw) > limit:
        raise UnreadableFile(f"el archivo pesa {filesizeformat(len(raw))}; el máximo es {filesizeformat(limit)}")
    if extension in ("xlsx", "docx") and not raw.startswith(checks.ZIP_MAGIC):
        raise UnreadableFile(xlsx.NOT_EXCEL if extension == "xlsx" else docx.NOT_WORD)
    try:
        checks.inspect_upload(io.BytesIO(raw), name, len(raw))
    except ValidationError as error:
        if extension == "xlsx" and "no corresponde" in " ".join(error.messages):
            raise UnreadableFile(xlsx.NOT_EXCEL) from error
        if extension == "docx" and "no corresponde" in " ".join(error.messages):
            raise UnreadableFile(docx.NOT_WORD) from error
        raise UnreadableFile(" ".join(error.messages)) from error
    data = io.BytesIO(raw)
    if extension == "xlsx":
        return list(xlsx.read(data))
    if extension == "docx":
        return docx.read(data)
    return csv.read(data, name=name.rsplit("/", 1)[-1])


def problem(grid: Grid | None, row: int | None, column: str | None, value: Any, reason: str) -> dict:
    """An error or warning: {"sheet", "row", "column", "value", "message"}, the message a whole
    Spanish sentence naming where («Hoja "Seguimiento ASM", fila 10, columna "Fecha Término":
    "mañana" no es una fecha»)."""
    where = []
    if grid is not None:
        where.append(grid.place)
    if row is not None:
        where.append(f"fila {row}")
    if column:
        where.append(f'columna "{column}"')
    message = f"{', '.join(where)}: {reason}" if where else reason
    text = clean(value) if value is not None else None
    return {
        "sheet": grid.name if grid else None,
        "row": row,
        "column": column,
        "value": text,
        "message": message[:1].upper() + message[1:],
    }


# -- metadata -----------------------------------------------------------------------------------

META_KEYS = (
    ("agency", ("dependencia o entidad", "dependencia", "entidad responsable")),
    ("responsible", ("nombre y cargo del responsable", "responsable de la elaboracion")),
    (
        "program",
        (
            "programa o fondo evaluado",
            "fondo o recurso federal evaluado",
            "programa presupuestario",
            "programa",
            "fondo evaluado",
        ),
    ),
    ("prepared_on", ("fecha de elaboracion",)),
    ("cycle", ("ciclo", "mecanismo")),
    ("period", ("periodo de corte",)),
)
ROLES = {"elaboro": "prepared_by", "autorizo": "authorised_by", "autofizo": "authorised_by"}
ROLE_HINT = re.compile(r"(?i)\b(?:elabor|auto[rf]iz)")  # a cheap test before a cell is read as a signature


@dataclass
class Metadata:
    values: dict[str, str] = field(default_factory=dict)
    signatures: dict[str, dict[str, str | None]] = field(default_factory=dict)

    def set(self, key: str, value: str) -> None:
        if value and key not in self.values:
            self.values[key] = value

    def sign(self, role: str, name: str, position: str) -> None:
        if name and role not in self.signatures:
            self.signatures[role] = {"name": name, "position": position or None}

    def fill_from(self, other: Metadata) -> Metadata:
        for key, value in other.values.items():
            self.set(key, value)
        for role, signature in other.signatures.items():
            self.signatures.setdefault(role, signature)
        return self

    def as_json(self) -> dict:
        responsible = self.values.get("responsible", "")
        parts = re.split(r"\n|,\s+", responsible, maxsplit=1)
        name = parts[0].strip() if responsible else ""
        position = parts[1].strip() if len(parts) > 1 else ""
        prepared = self.values.get("prepared_on", "")
        prepared_on: Any = None
        if prepared and prepared != "—":
            try:
                prepared_on = find_date(prepared)[1].as_json()
            except CellError:
                prepared_on = {"text": prepared, "precision": None}
        return {
            "agency": self.values.get("agency") or None,
            "program": self.values.get("program") or None,
            "cycle": self.values.get("cycle") or None,
            "period": self.values.get("period") or None,
            "responsible_name": name or None,
            "responsible_position": position or None,
            "prepared_on": prepared_on,
            "signatures": {
                role: self.signatures.get(role, {"name": None, "position": None})
                for role in ("prepared_by", "authorised_by")
            },
        }


def meta_key(text: str) -> tuple[str, str] | None:
    """(key, value written in the same cell) for a key/value label («Fecha de Elaboración: 23 de
    marzo de 2012»), or None."""
    folded = fold(text).strip()
    for key, labels in META_KEYS:
        for label in labels:
            if not folded.startswith(label):
                continue
            rest = text[len(label) :]
            if ":" in rest:  # the label runs on to its colon («… seguimiento al programa de ASM: …»)
                return key, rest.split(":", 1)[1].strip()
            # Without a colon the value is in the next cell. «Programa 3x1 para Migrantes» or «Mecanismo
            # 2011» are titles: a short label must then be the whole cell.
            if key not in ("program", "cycle") or folded.rstrip(" .") == label:
                return key, ""
            return None
    return None


def role_of(text: str) -> str | None:
    word = fold(text).strip(" .:").split(":")[0].strip()
    return ROLES.get(word)


def is_blank_signature(text: str) -> bool:
    return not text.strip(" _-")


# -- one sheet ----------------------------------------------------------------------------------


@dataclass
class RowValues:
    number: int  # 1-based row in the sheet
    raw: list[Any]
    header: Header
    texts: dict[str, str] = field(default_factory=dict)  # the cells read as text, by field

    def get(self, name: str) -> Any:
        index = self.header.columns.get(name)
        if index is None or index >= len(self.raw):
            return None
        value = self.raw[index]
        return None if value == "" else value

    def text(self, name: str) -> str:
        if name not in self.texts:
            self.texts[name] = clean(self.get(name))
        return self.texts[name]

    def label(self, name: str) -> str:
        index = self.header.columns.get(name)
        return self.header.labels.get(index, headers.LABELS.get(name, name)) if index is not None else name


class SheetReader:
    def __init__(self, grid: Grid) -> None:
        self.grid = grid
        self.errors: list[dict] = []
        self.warnings: list[dict] = []
        self.metadata = Metadata()
        self.skip: set[int] = set()  # rows that are signatures

    def error(self, row: int | None, column: str | None, value: Any, reason: str) -> None:
        self.errors.append(problem(self.grid, row, column, value, reason))

    def warn(self, row: int | None, column: str | None, value: Any, reason: str) -> None:
        self.warnings.append(problem(self.grid, row, column, value, reason))

    def read(self) -> dict | None:
        grid = self.grid
        for reason in grid.problems:
            self.error(None, None, None, reason)
        if grid.problems:
            return None
        self.read_lines(grid.lines)
        self.read_signatures()
        if not any(any(value not in (None, "") for value in row) for row in grid.rows):
            return None
        header = headers.find_header(grid)
        if header is None or not header.recognised:
            self.read_context(range(1, len(grid.rows) + 1))
            text = fold(" ".join(clean(value) for row in grid.rows for value in row))
            if "no se definio" in text:
                self.warn(None, None, None, "la tabla dice que no se definió un documento; no se importa nada de ella")
                return None
            if header is None and (self.metadata_only() or self.only_signatures()):
                return None
            missing = header.missing if header else [headers.LABELS[n] for n in headers.REQUIRED[tables.SPECIFIC.slug]]
            names = ", ".join(f"«{label}»" for label in missing)
            self.error(
                header.row if header else None, None, None, f"encabezado no reconocido: faltan las columnas {names}"
            )
            return None
        self.read_context(range(1, header.row))
        builder = BUILDERS[header.kind](self, header)
        preview = []
        for number in range(header.row + 1, len(grid.rows) + 1):
            raw = grid.rows[number - 1]
            if not self.is_data(number, raw, header):
                continue
            row = RowValues(number, raw, header)
            preview.append({"row": number, "values": self.preview_values(row)})
            self.check_length(row)
            builder.add(row)
        table = builder.finish()
        table.update(sheet=grid.name, kind=header.kind, header_row=header.row, rows=preview, _metadata=self.metadata)
        table["columns"] = [header.labels[index] for index in sorted(header.labels)]
        if not table["aspects"] and not table["recommendations"] and not table["indicators"]:
            self.warn(header.row, None, None, "la tabla no tiene filas de datos")
        return table

    def metadata_only(self) -> bool:
        return bool(self.metadata.values or self.metadata.signatures)

    def only_signatures(self) -> bool:
        """A table of nothing but the signature block, names or blank lines ready to sign (a Word
        annex puts its two signatures side by side in a table of their own)."""
        filled = [number for number, row in enumerate(self.grid.rows, 1) if any(clean(value) for value in row)]
        return bool(filled) and all(number in self.skip for number in filled)

    # What is not data. -------------------------------------------------------------------------

    def read_lines(self, lines: list[str]) -> None:
        """A Word document's paragraphs: the key/value lines and «Elaboró» / «Autorizó» under a name."""
        previous: list[str] = []
        for line in lines:
            role = role_of(line)
            if role and len(line) < 40:
                if previous:
                    self.metadata.sign(role, previous[-1], "")
                previous = []
                continue
            found = meta_key(line)
            if found and found[1]:
                self.metadata.set(*found)
            else:
                previous.append(line)

    def read_context(self, rows: range) -> None:
        """Key/value rows: a label cell and the first filled cell after it, or «Label: value» in one cell."""
        for number in rows:
            if number in self.skip:
                continue
            cells = [clean(value) for value in self.grid.rows[number - 1]]
            filled = [(index, text) for index, text in enumerate(cells) if text]
            if len(filled) == 1 and "\n" in filled[0][1]:
                # A title cell of several lines («Secretaría de Desarrollo Social\nPrograma: Opciones Productivas»).
                for line in filled[0][1].split("\n"):
                    if (found := meta_key(line)) and found[1]:
                        self.metadata.set(*found)
                continue
            for position, (_index, text) in enumerate(filled):
                found = meta_key(text)
                if not found:
                    continue
                key, value = found
                if not value and position + 1 < len(filled):
                    value = filled[position + 1][1]
                self.metadata.set(key, value)
                break

    def read_signatures(self) -> None:
        """«Elaboró» / «Autorizó» cells and the name (and position) written above them in the same
        column, or in the same cell on the lines before («GERARDO PALMA ANGELES\\nElaboró»)."""
        rows = self.grid.rows
        for number, cells in enumerate(rows, 1):
            if not any(isinstance(value, str) and ROLE_HINT.search(value) for value in cells):
                continue
            roles = [(index, clean(value)) for index, value in enumerate(cells) if clean(value)]
            found = False
            for index, text in roles:
                lines = text.split("\n")
                label, _, after = lines[0].partition(":")
                if after.strip() and len(lines[0]) < 120 and (head_role := role_of(label)):
                    # «Elaboró: NOMBRE», then the position on the next line.
                    name = after.strip()
                    self.metadata.sign(head_role, "" if is_blank_signature(name) else name, " ".join(lines[1:]))
                    found = True
                    continue
                role = role_of(lines[-1]) if len(lines[-1]) < 40 else None
                if role is None:
                    continue
                found = True
                above = [line for line in lines[:-1] if not is_blank_signature(line)]
                if not above:
                    width = len(roles)
                    for back in range(number - 1, max(number - 4, 0), -1):
                        row = rows[back - 1]
                        filled = [value for value in row if clean(value)]
                        if len(filled) > max(width, 2):
                            break  # a data row: the block ends
                        value = clean(row[index]) if index < len(row) else ""
                        if value or filled:
                            self.skip.add(back)
                        if value:
                            above.insert(0, "" if is_blank_signature(value) else value)
                        if len(above) == 2:
                            break
                name = above[0] if above else ""
                position = " ".join(above[1:]) if len(above) > 1 else ""
                self.metadata.sign(role, name, position)
            if found:
                self.skip.add(number)

    def is_data(self, number: int, raw: list[Any], header: Header) -> bool:
        """Whether a row under the header holds data: not empty, not a signature, not the header
        repeated (a new page), not a title, footnote, «Fecha de elaboración» or empty-table note."""
        if number in self.skip:
            return False
        filled = [(index, value) for index, value in enumerate(raw) if value not in (None, "") and clean(value)]
        if not filled:
            return False
        if self.repeats_header(raw, header):
            return False
        if len(filled) == 1:
            index, value = filled[0]
            text = clean(value)
            found = meta_key(text)
            if found:
                key, written = found
                self.metadata.set(key, written)
                return False
            if index == header.columns.get("number") or index not in header.labels or self.spans_row(number, index):
                # A title («ASPECTOS ESPECÍFICOS 2009-2010 (Mecanismo 2011)»), a footnote, the note of an empty table.
                return False
        return True

    @staticmethod
    def repeats_header(raw: list[Any], header: Header) -> bool:
        """The header again (a new page): most of its cells, its first labelled one included."""
        first = min(header.labels)
        if (
            first >= len(raw)
            or not isinstance(raw[first], str)
            or headers.compact(raw[first]) != header.compacts[first]
        ):
            return False
        compacts = [headers.compact(value) for value in raw[: len(header.compacts)]]
        same = sum(1 for index, text in enumerate(compacts) if text and text == header.compacts[index])
        return same >= max(2, len([text for text in header.compacts if text]) // 2)

    def spans_row(self, number: int, index: int) -> bool:
        return any(
            merge.first_row <= number <= merge.last_row
            and merge.first_column == index + 1
            and merge.last_column - merge.first_column >= 2
            for merge in self.grid.merges
        )

    def preview_values(self, row: RowValues) -> dict[str, str]:
        values: dict[str, str] = {}
        for index, label in sorted(row.header.labels.items()):
            value = row.raw[index] if index < len(row.raw) else None
            if label in values and index == row.header.columns.get("activities"):
                values[label] = one_line(f"{values[label]} {clean(value)}")
            else:
                values[label] = clean(value)
        return values

    def check_length(self, row: RowValues) -> None:
        for index, value in enumerate(row.raw):
            if isinstance(value, str) and (len(value) >= EXCEL_MAX_CHARS or value.endswith(CUT_MARK)):
                label = row.header.labels.get(index)
                self.warn(
                    row.number, label, value[:60] + "…", "el texto llega al límite de una celda y puede estar recortado"
                )


# -- the tables ---------------------------------------------------------------------------------


def date_json(value: ParsedDate | None) -> Any:
    return value.as_json() if value else None


class Builder:
    def __init__(self, sheet: SheetReader, header: Header) -> None:
        self.sheet = sheet
        self.header = header
        self.aspects: list[dict] = []
        self.recommendations: list[dict] = []
        self.indicators: list[dict] = []

    def add(self, row: RowValues) -> None:
        raise NotImplementedError

    def finish(self) -> dict:
        activities = sum(len(aspect["activities"]) for aspect in self.aspects)
        reports = sum(1 for aspect in self.aspects for activity in aspect["activities"] if activity.get("reported"))
        for aspect in self.aspects:
            for activity in aspect["activities"]:
                activity.pop("reported", None)
        return {
            "aspects": self.aspects,
            "recommendations": self.recommendations,
            "indicators": self.indicators,
            "counts": {
                "recommendations": len(self.recommendations),
                "aspects": len(self.aspects),
                "activities": activities,
                "reports": reports,
                "indicators": len(self.indicators),
            },
        }

    def cell_error(self, row: RowValues, name: str, error: CellError) -> None:
        self.sheet.error(row.number, row.label(name), row.get(name), str(error))

    def read(self, row: RowValues, name: str, parse: Callable[[Any], Any]) -> Any:
        """The cell `name` read by `parse`; None when it is empty, or unreadable (its error is on the sheet)."""
        if not row.text(name):
            return None
        try:
            return parse(row.get(name))
        except CellError as error:
            self.cell_error(row, name, error)
            return None

    def number(self, row: RowValues, name: str = "number") -> int | None | bool:
        """The row's number; None when empty; False (after an error) when it is not a number."""
        value = row.get(name)
        if value is None or clean(value) == "":
            return None
        try:
            return parse_number(value)
        except CellError as error:
            self.cell_error(row, name, error)
            return False

    def context(self, row: RowValues) -> None:
        """The datos layout's first columns: program, cycle, cut-off period."""
        for key in ("program", "cycle", "period"):
            if row.text(key):
                self.sheet.metadata.set(key, row.text(key))


class RecommendationBuilder(Builder):
    def add(self, row: RowValues) -> None:
        self.context(row)
        number = self.number(row)
        if number is None:
            if self.recommendations and row.text("description"):  # its text goes on from the page before
                last = self.recommendations[-1]
                last["text"] = f"{last['text']} {row.text('description')}".strip()
                if row.text("justification"):
                    last["justification"] = f"{last['justification']} {row.text('justification')}".strip()
            return
        attended = self.read(row, "attention", parse_attention)
        if not row.text("attention"):
            self.sheet.error(row.number, row.label("attention"), "", "falta la atención (SI o NO)")
        year = self.read(row, "year", parse_number)
        self.recommendations.append(
            {
                "number": number if number is not False else None,
                "row": row.number,
                "text": row.text("description"),
                "year": year,
                "scope": row.text("scope") or None,
                "attended": attended,
                "justification": row.text("justification"),
            }
        )


def aspect_kind(text: str, default: str) -> str:
    folded = fold(text)
    for kind in (
        Aspect.Kind.INTERINSTITUTIONAL,
        Aspect.Kind.INTERGOVERNMENTAL,
        Aspect.Kind.INSTITUTIONAL,
        Aspect.Kind.SPECIFIC,
    ):
        if kind.value in folded.replace("í", "i"):
            return kind.value
    return default


class SummaryBuilder(Builder):
    def add(self, row: RowValues) -> None:
        self.context(row)
        number = self.number(row)
        if number is None:
            if self.aspects and row.text("aspect"):
                self.aspects[-1]["text"] = f"{self.aspects[-1]['text']} {row.text('aspect')}".strip()
            return
        start = self.date(row, "start")
        end = self.date(row, "end", required=True)
        self.aspects.append(
            {
                "number": number if number is not False else None,
                "row": row.number,
                "text": row.text("aspect"),
                "kind": aspect_kind(row.text("classification"), Aspect.Kind.SPECIFIC),
                "scope": row.text("scope") or None,
                "start": date_json(start),
                "end": date_json(end),
                "products": row.text("products"),
                "activities": [],
            }
        )
        if start and end and end.value < start.value:
            self.sheet.warn(
                row.number, row.label("end"), row.get("end"), "la fecha de término es anterior a la de inicio"
            )

    def date(self, row: RowValues, name: str, required: bool = False) -> ParsedDate | None:
        if required and not row.text(name):
            self.sheet.error(row.number, row.label(name), "", "falta la fecha")
        return self.read(row, name, parse_date)


class ActivityBuilder(SummaryBuilder):
    """The documents of work and their progress annexes: an ASM over one or more rows (merged cells,
    or continuation rows whose No. and ASM cells are empty, or a Word table repeating them), one
    activity per row or several numbered in one cell."""

    PER_ACTIVITY = ("start", "end", "units", "products", "progress", "results_obtained", "evidence")

    def __init__(self, sheet: SheetReader, header: Header) -> None:
        super().__init__(sheet, header)
        self.kind = (
            Aspect.Kind.INSTITUTIONAL
            if header.kind in (tables.INSTITUTIONAL.slug, tables.INSTITUTIONAL_PROGRESS.slug)
            else Aspect.Kind.SPECIFIC
        )
        self.progress = header.kind in (tables.PROGRESS_ANNEX.slug, tables.INSTITUTIONAL_PROGRESS.slug)
        # The last activity that came with its own number («1 Presentar…»): only its text can go on
        # in the next row, a page further down; an activity without a number is one row.
        self.last_numbered: dict | None = None

    def add(self, row: RowValues) -> None:
        self.context(row)
        number = self.number(row)
        text = row.text("aspect")
        current = self.aspects[-1] if self.aspects else None
        if number is False:
            return
        if number is None:
            if current is None:
                if text or row.text("activities"):
                    self.sheet.error(row.number, row.label("number"), "", "falta el número del ASM")
                return
            if text and one_line(text) != one_line(current["text"]):
                # The ASM's text goes on from the page before (a PDF or Word page break).
                current["text"] = f"{current['text']} {text}".strip()
        elif (
            current is not None
            and number == current["number"]
            and (not text or one_line(text) == one_line(current["text"]))
        ):
            pass  # the same ASM, its cells repeated on each of its rows (a Word table, a datos layout)
        else:
            if any(aspect["number"] == number for aspect in self.aspects):
                self.sheet.warn(row.number, row.label("number"), row.get("number"), "el número del ASM se repite")
            if not text:
                self.sheet.error(row.number, row.label("aspect"), "", "falta el texto del ASM")
            current = {
                "number": number,
                "row": row.number,
                "text": text,
                "kind": aspect_kind(row.text("classification"), self.kind),
                "topic": row.text("topic") or None,
                "scope": row.text("scope") or None,
                "coordinating_unit": row.text("coordinating_unit") or None,
                "expected_results": row.text("expected_results"),
                "observations": row.text("observations"),
                "end": None,
                "activities": [],
            }
            self.aspects.append(current)
            self.add_activities(row, current, first=True)
            return
        for key in ("topic", "scope", "coordinating_unit", "expected_results", "observations"):
            if not current.get(key) and row.text(key):
                current[key] = row.text(key)
        self.add_activities(row, current, first=False)

    def add_activities(self, row: RowValues, aspect: dict, first: bool) -> None:
        items = split_numbered(row.get("activities"))
        activities = aspect["activities"]
        if not items:
            # No activity on this row: a date or observations of the ASM itself.
            if not activities and row.text("end") and aspect["end"] is None:
                end = self.end_dates(row, row.get("end"))
                aspect["end"] = date_json(end.committed) if end else None
            if not first and row.text("observations"):
                aspect["observations"] = "\n".join(filter(None, [aspect["observations"], row.text("observations")]))
            return
        last = self.last_numbered
        if (
            last is not None
            and activities
            and activities[-1] is last
            and items[0].number is None
            and not row.text("activity_number")
            and not row.text("end")
            and not row.text("start")
        ):
            # The activity's text goes on from the page before: «carpeta de evidencias de la siguiente evaluación.»
            last["description"] = f"{last['description']} {items[0].text}".strip()
            units, _ = split_units(row.get("units"))
            last["units"].extend(unit for unit in units if unit not in last["units"])
            if clean(row.get("units")):
                last["units_cell"] = "\n".join(filter(None, (last.get("units_cell"), clean(row.get("units")))))
            return
        count = len(items)
        split = {name: self.values_for(row, name, count) for name in self.PER_ACTIVITY}
        own_number = self.number(row, "activity_number") if row.text("activity_number") else None
        for position, item in enumerate(items):
            number = item.number or (own_number if own_number and count == 1 else None) or len(activities) + 1
            activity = self.activity(row, item, number, {name: values[position] for name, values in split.items()})
            if not first or position:
                if row.text("expected_results") and row.text("expected_results") != aspect["expected_results"]:
                    activity["expected_results"] = row.text("expected_results")
            elif row.header.columns.get("activity_number") is not None and row.text("expected_results"):
                activity["expected_results"] = ""
            activities.append(activity)
            self.last_numbered = activity if item.number is not None else None

    def values_for(self, row: RowValues, name: str, count: int) -> list[Any]:
        value = row.get(name)
        if isinstance(value, str):
            texts = by_number(split_numbered(value), count)
            if texts is not None:
                return texts
        return [value] * count

    def activity(self, row: RowValues, item: Item, number: int, values: dict[str, Any]) -> dict:
        description = without_own_number(item.text, number)
        cancelled = False
        if description.endswith(CANCELLED_MARK):
            description, cancelled = description[: -len(CANCELLED_MARK)].strip(), True
        if fold(row.text("cancelled")).startswith("si"):
            cancelled = True
        units, repeated = split_units(values["units"])
        for name in repeated:
            self.sheet.warn(row.number, row.label("units"), name, f"la unidad «{name}» está repetida en la lista")
        start = None
        if clean(values["start"]):
            try:
                start = parse_date(values["start"])
            except CellError as error:
                self.sheet.error(row.number, row.label("start"), values["start"], str(error))
        end = self.end_dates(row, values["end"])
        if not clean(values["end"]) and not row.text("actual_end"):
            # An activity with only its actual end date (no committed one) is what some seeds print.
            self.sheet.error(row.number, row.label("end"), "", "falta la fecha de término de la actividad")
        committed = end.committed if end else None
        note = end.note if end else ""
        original = end.original if end else None
        actual = end.actual if end else None
        note = row.text("end_note") or note
        for name, target in (("original_end", "original"), ("actual_end", "actual")):
            parsed = self.read(row, name, parse_date)
            if parsed is None:
                continue
            if target == "original":
                original = parsed
            else:
                actual = parsed
        # The datos layout says in a column of its own which dates are only a month.
        committed = as_month(committed, row.text("end_precision"))
        actual = as_month(actual, row.text("actual_end_precision"))
        if start and committed and committed.value < start.value:
            self.sheet.warn(
                row.number, row.label("end"), values["end"], "la fecha de término es anterior a la fecha de inicio"
            )
        activity: dict[str, Any] = {
            "number": number,
            "row": row.number,
            "description": description,
            "units": units,
            # The cell as printed, which the plan keeps when it is more than the names («Realiza: …»).
            "units_cell": clean(values["units"]),
            "start": date_json(start),
            "end_committed": date_json(committed),
            "end_note": note,
            "end_original": date_json(original),
            "end_actual": date_json(actual),
            "product": clean(values["products"]),
            "expected_results": "",
            "results_obtained": clean(values["results_obtained"]),
            "cancelled": cancelled,
        }
        if self.progress:
            activity.update(self.progress_of(row, values["progress"], actual))
        return activity

    def end_dates(self, row: RowValues, value: Any):
        if not clean(value):
            return None
        try:
            return parse_end_dates(value)
        except CellError as error:
            self.sheet.error(row.number, row.label("end"), value, str(error))
            return None

    def progress_of(self, row: RowValues, value: Any, actual: ParsedDate | None) -> dict:
        result: dict[str, Any] = {
            "percent": None,
            "justification": "",
            "replanning": None,
            "replanning_justification": row.text("replanning_justification"),
            "evidence": row.text("evidence"),
            "observations": row.text("report_observations"),
            "reported": False,
        }
        if "percent" in row.header.columns:
            # The datos layout: the percent, its justification and the replanning in columns of their own.
            result["justification"] = row.text("justification")
            answer = fold(row.text("replanning"))
            result["replanning"] = answer.startswith("si") if answer else None
            cell = self.read(row, "percent", parse_progress)
            result["percent"] = cell.percent if cell is not None else None
            # Without a report the annex prints 0 %; the period of the report tells.
            if "report_period" in row.header.columns and not row.text("report_period") and not result["justification"]:
                result["percent"] = result["replanning"] = None
        elif clean(value):
            try:
                progress = parse_progress(value)
            except CellError as error:
                self.sheet.error(row.number, row.label("progress"), value, str(error))
                return result
            result.update(
                percent=progress.percent, justification=progress.justification, replanning=progress.replanning
            )
            if progress.replanning_justification:
                result["replanning_justification"] = progress.replanning_justification
            if progress.concluded and actual is None:
                result["end_actual"] = progress.concluded.as_json()
        result["reported"] = (
            result["percent"] is not None or result["justification"] == NOT_AVAILABLE or bool(result["justification"])
        )
        return result


class IndicatorBuilder(Builder):
    """A table of indicators: objective, indicator, target (%), year, result, rating; one indicator a
    row, or several stacked in one cell, one a line with its year at the end, the other cells of the
    row then giving one line per indicator or one value for all. An empty objective is the one above
    (a cell merged down, or left empty under its first row)."""

    STACKED = ("target", "year", "result_text", "rating")

    def add(self, row: RowValues) -> None:
        self.context(row)
        objective = row.text("objective") or (self.indicators[-1]["objective"] if self.indicators else "")
        if not row.text("indicator"):
            if row.text("objective") or row.text("target") or row.text("rating"):
                self.sheet.error(row.number, row.label("indicator"), "", "falta el texto del indicador")
            return
        stacked = split_stacked(row.get("indicator"))
        count = len(stacked)
        for position, (text, line_year) in enumerate(stacked):
            values = {name: self.line(row, name, position, count) for name in self.STACKED}
            self.indicators.append(
                {
                    "objective": " ".join(objective.split()),
                    "text": text,
                    "target": self.value(row, "target", values["target"], parse_target),
                    "year": line_year or self.value(row, "year", values["year"], parse_year),
                    "result_text": values["result_text"],
                    "rating": self.value(row, "rating", values["rating"], parse_rating),
                    "row": row.number,
                }
            )

    @staticmethod
    def line(row: RowValues, name: str, position: int, count: int) -> str:
        """This indicator's line of a cell that gives one per stacked indicator, or the whole cell."""
        text = row.text(name)
        lines = text.split("\n")
        return lines[position] if count > 1 and len(lines) == count else text

    def value(self, row: RowValues, name: str, text: str, read: Callable[[Any], Any]) -> Any:
        if not text:
            return None
        try:
            # The cell itself when it is this indicator's (a number stays a number), else its line.
            return read(row.get(name) if text == row.text(name) else text)
        except CellError as error:
            self.sheet.error(row.number, row.label(name), text, str(error))
            return None


BUILDERS: dict[str, type[Builder]] = {
    tables.RECOMMENDATIONS.slug: RecommendationBuilder,
    tables.SUMMARY.slug: SummaryBuilder,
    tables.SPECIFIC.slug: ActivityBuilder,
    tables.INSTITUTIONAL.slug: ActivityBuilder,
    tables.PROGRESS_ANNEX.slug: ActivityBuilder,
    tables.INSTITUTIONAL_PROGRESS.slug: ActivityBuilder,
    headers.INDICATORS: IndicatorBuilder,
}
