"""One cell of an annex as agencies write it, turned into values: dates (real cells or Spanish text),
progress cells, cells that hold several numbered activities, lists of responsible units, SI/NO.

Each function takes the cell's text (or the value openpyxl read) and answers the values, or raises
`CellError` with the Spanish reason; `imports.parse` adds the sheet, row and column to the reason.
Text dates are read by dateparser (Spanish, day first, no relative dates such as «mañana»); the
regular expressions here only find where a date sits in a longer cell and what labels surround it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

from dateparser.date import DateDataParser

from aspects.models import DatePrecision
from aspects.templatetags.asm import written_date
from indicators.rating import Rating


class CellError(ValueError):
    """A cell that cannot be read; the message is Spanish and ends without a period."""


# -- text ---------------------------------------------------------------------------------------


_COMBINING = re.compile(r"[\u0300-\u036f]")


def fold(text: str) -> str:
    """Accents and case aside: «Área Responsable» → «area responsable»."""
    if text.isascii():
        return text.casefold()
    return _COMBINING.sub("", unicodedata.normalize("NFD", text)).casefold()


def clean(value: Any) -> str:
    """A cell as text: None empty, whole numbers without «.0», dates dd/mm/aaaa, spaces trimmed on each line."""
    if value is None:
        return ""
    if type(value) is str and "\n" not in value and "\r" not in value:
        return " ".join(value.replace("\xa0", " ").split())  # the common case: one line of text
    if isinstance(value, bool):
        return "Sí" if value else "No"
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line).strip()


def one_line(text: str) -> str:
    return " ".join(text.split())


# -- dates --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedDate:
    value: date
    precision: str  # "day" or "month"
    text: str  # as written

    def as_json(self) -> str | dict[str, str]:
        if self.precision == "day":
            return self.value.isoformat()
        return {"text": self.text, "precision": "month", "date": self.value.isoformat()}


def as_month(parsed: ParsedDate | None, precision: str) -> ParsedDate | None:
    """A date of the datos layout whose precision column says «Mes»: the month, written as the
    annexes print it («Diciembre 2009»), not its last day."""
    if parsed is None or fold(precision) != "mes":
        return parsed
    return ParsedDate(parsed.value, "month", written_date(parsed.value, DatePrecision.MONTH))


@dataclass(frozen=True)
class EndDates:
    """What a «Fecha de término» cell says: the committed date (with the label in front of it, if
    any), the original date of a replanned activity and the actual end date."""

    committed: ParsedDate | None
    note: str = ""
    original: ParsedDate | None = None
    actual: ParsedDate | None = None


_parser = DateDataParser(
    languages=["es"],
    settings={
        "DATE_ORDER": "DMY",
        # Only dates written out: «mañana» or «hace 2 días» are not dates of a document.
        "PARSERS": ["custom-formats", "absolute-time"],
        "REQUIRE_PARTS": ["month", "year"],
        # A month stands for its last day, as the demo loader and the forms store «Diciembre 2009».
        "PREFER_DAY_OF_MONTH": "last",
    },
)

_MONTHS = (
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre"
    "|ene|feb|mar|abr|may|jun|jul|ago|sep|sept|set|oct|nov|dic"
)
# Where a date sits inside a longer cell («Fecha preliminar propuesta 31/12/2010»).
DATE_IN_TEXT = re.compile(
    rf"""(?ix)
    \b\d{{1,2}}\s*[/.-]\s*\d{{1,2}}\s*[/.-]\s*\d{{2,4}}\b                   # 31/12/2008, 08-05-2017
    | \b\d{{1,2}}\s*[-/]\s*(?:{_MONTHS})\.?\s*[-/]\s*\d{{2,4}}\b          # 30-mar-20
    | (?:\b\d{{1,2}}\s*[°ºo]?\s*(?:de\s+)?)?\b(?:{_MONTHS})\.?\s*(?:de(?:l)?\s+)?\d{{4}}\b  # 1° de julio de 2010
    | \b\d{{4}}-\d{{2}}-\d{{2}}\b                                          # 2010-12-31
    """
)
_NUMERIC = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ORDINAL = re.compile(r"(\d)\s*[°º]")


@lru_cache(maxsize=4096)
def _parse_date_text(text: str) -> ParsedDate:
    written = one_line(text).strip(" .,;:")
    if not written:
        raise CellError("la fecha está vacía")
    # The common numeric forms are read directly; an impossible one (31/02/2020) is an error, not a guess.
    for pattern, order in ((_NUMERIC, (2, 1, 0)), (_ISO, (0, 1, 2))):
        if match := pattern.match(written):
            year, month, day = (int(match.group(index + 1)) for index in order)
            try:
                return ParsedDate(date(year, month, day), "day", written)
            except ValueError:
                raise CellError(f'"{written}" no es una fecha válida') from None
    data = _parser.get_date_data(_ORDINAL.sub(r"\1", written))
    if data.date_obj is None or data.period not in ("day", "month"):
        raise CellError(f'"{written}" no es una fecha')
    return ParsedDate(data.date_obj.date(), data.period, written)


def parse_date(value: Any) -> ParsedDate:
    """A date cell: a real date, or text in the forms Spanish documents use (30-mar-20, 31/12/2008,
    08-05-2017 day first, 1° de julio de 2010, 30 de agosto 2011; «Diciembre 2009» with a month
    precision). Raises CellError for text that is not a date or an impossible date."""
    if isinstance(value, datetime):
        return ParsedDate(value.date(), "day", value.strftime("%d/%m/%Y"))
    if isinstance(value, date):
        return ParsedDate(value, "day", value.strftime("%d/%m/%Y"))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise CellError(f'"{clean(value)}" no es una fecha')
    return _parse_date_text(clean(value))


def find_date(text: str) -> tuple[str, ParsedDate, str]:
    """A date inside a longer text: (text before it, the date, text after it). Without any
    date-like part, the whole text is read as a date (and refused if it is not one)."""
    match = DATE_IN_TEXT.search(text)
    if match is None:
        return "", parse_date(text), ""
    return text[: match.start()], parse_date(match.group(0)), text[match.end() :]


_ACTUAL = re.compile(r"(?i)\b(?:y\s+)?fecha\s+real\s+de\s+t[eé]rmino(?:\s+de\s+la\s+actividad)?\s*[.:]?")
_COMMITTED = re.compile(r"(?i)^\s*fecha\s+comprometida(?:\s+en\s+el\s+documento\s+de\s+trabajo)?\s*[.:]?\s*")
_ORIGINAL = re.compile(r"(?i)\(\s*replanteada;\s*originalmente\s+([^)]*)\)")


def parse_end_dates(value: Any) -> EndDates:
    """A «Fecha de término» cell: «31/12/2010», «Diciembre 2009», «Fecha preliminar propuesta
    31/12/2010», «Fecha comprometida … 31/12/2008 Y Fecha real de término … 23/12/2008», and
    what the annexes print for a replanned activity: «… (replanteada; originalmente 30/06/2010)»."""
    if not isinstance(value, str):
        return EndDates(parse_date(value))
    text = one_line(value)
    if not text:
        return EndDates(None)
    actual = None
    parts = _ACTUAL.split(text, maxsplit=1)
    if len(parts) == 2:
        text, actual_text = parts
        actual = find_date(actual_text)[1]
        text = _COMMITTED.sub("", text).strip(" .,;")
    original = None
    if match := _ORIGINAL.search(text):
        original = parse_date(match.group(1))
        text = (text[: match.start()] + text[match.end() :]).strip()
    if not text and actual is not None:
        # Only the actual date: the seed prints «Fecha real de término agosto de 2009» for an
        # activity whose document of work committed no date.
        return EndDates(None, original=original, actual=actual)
    before, committed, after = find_date(text)
    note = one_line(f"{before} {after}").strip(" .,;:")
    return EndDates(committed, note=note, original=original, actual=actual)


# -- numbered items -----------------------------------------------------------------------------

# «1. », «1.- », «1.-Texto», «1) », «1 - », and «1 Texto» (a capital after it) at the start of a line;
# not «1/12/2010», «1-mar-20» or «1 de julio de 2010».
_CAPITAL = 'A-ZÁÉÍÓÚÑ¿¡"«'
_LINE_NUMBER = re.compile(
    rf"^\s*(\d{{1,3}})(?:\.\s*-\s*|\.\s+|\.(?=[{_CAPITAL}])|\)\s*|\s+-\s+|\s+(?=[{_CAPITAL}]))(?=\S)"
)


def _inline_marker(number: int) -> re.Pattern:
    """The next number of a list written on one line: «… 2. Iniciar», «… 2.-Iniciar»; a bare
    number («… 2 Resultados») only before a capital letter, so that «Programa 3x1» is not a list."""
    return re.compile(rf"(?<=\s){number}(?:\.\s*-\s*|\.\s+|\)\s*)(?=\S)|(?<=\s){number}\s+(?=[{_CAPITAL}])")


def without_own_number(text: str, number: int) -> str:
    """An activity's text without the number it carries in front of it («1 Presentar…», «1.-Apartir…»,
    as some agencies write it), when that number is the activity's own: the number is read into its
    own field in every layout, whether the annex prints it in the text or in a column of its own."""
    match = _LINE_NUMBER.match(text)
    if match and int(match.group(1)) == number:
        return text[match.end() :].strip()
    return text


@dataclass(frozen=True)
class Item:
    number: int | None
    text: str


def split_numbered(value: Any) -> list[Item]:
    """Items numbered `1. …`, `1.-…` or `1 …`, one a line, or one after the other on a line in
    sequence (1, 2, 3…). Text without numbering is one item without number; an empty cell, none."""
    text = clean(value)
    if not text:
        return []
    if not _LINE_NUMBER.match(text):
        return [Item(None, text)]
    items: list[Item] = []
    for line in text.split("\n"):
        match = _LINE_NUMBER.match(line)
        expected = (items[-1].number or 0) + 1 if items else None
        if match and (not items or int(match.group(1)) == expected):
            items.append(Item(int(match.group(1)), line[match.end() :].strip()))
        elif items:
            items[-1] = Item(items[-1].number, f"{items[-1].text}\n{line}".strip())
    # Items written on one line: «1. Dar continuidad … 2. Iniciar …».
    split: list[Item] = []
    for item in items:
        pieces = [item]
        while True:
            last = pieces[-1]
            assert last.number is not None
            match = _inline_marker(last.number + 1).search(last.text)
            if match is None:
                break
            pieces[-1] = Item(last.number, last.text[: match.start()].strip())
            pieces.append(Item(last.number + 1, last.text[match.end() :].strip()))
        split.extend(pieces)
    return [item for item in split if item.text] or [Item(None, text)]


def by_number(items: list[Item], count: int) -> list[str] | None:
    """The texts of a cell that follows the numbering of the activities (1 … count), or None when
    it does not, and the cell is then the same for all of them."""
    if len(items) == count and all(item.number == index for index, item in enumerate(items, 1)):
        return [item.text for item in items]
    return None


# -- units --------------------------------------------------------------------------------------

# The words a unit's name starts with: «… y DGS», «… y Dirección General de Seguimiento» join two
# units; «Unidad de Planeación y Relaciones Internacionales» is one.
_UNIT_HEADS = (
    "unidad|direccion|dir|departamento|depto|area|coordinacion|subcoordinacion|subdireccion|oficina|ofna"
    "|secretaria|subsecretaria|delegacion|delegaciones|jefatura|comite|instituto|gerencia|consejo|servicios"
)
_JOINED_BY_Y = re.compile(r"\s+y\s+(?=\S)")


def _starts_a_unit(text: str) -> bool:
    word = text.split(maxsplit=1)[0].strip(".,:;")
    if len(word) >= 2 and word.isupper() and word.isalpha():
        return True  # an acronym: DGS, UPRI
    return bool(re.match(rf"^(?:{_UNIT_HEADS})\b", fold(word)))


def split_units(value: Any) -> tuple[list[str], list[str]]:
    """Responsible units stacked one a line, or joined by « y », «/» or «;» (a name may contain a
    comma). Returns (units, repeated names left out)."""
    text = clean(value)
    if not text:
        return [], []
    parts: list[str] = []
    for line in re.split(r"[\n;/]", text):
        line = line.strip(" .,")
        if not line:
            continue
        current = line
        pieces = []
        while match := next((m for m in _JOINED_BY_Y.finditer(current) if _starts_a_unit(current[m.end() :])), None):
            pieces.append(current[: match.start()])
            current = current[match.end() :]
        pieces.append(current)
        parts.extend(piece.strip(" .,") for piece in pieces if piece.strip(" .,"))
    units: list[str] = []
    repeated: list[str] = []
    seen: set[str] = set()
    for part in parts:
        key = fold(one_line(part))
        if key in seen:
            repeated.append(part)
        else:
            seen.add(key)
            units.append(part)
    return units, repeated


# -- progress -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    percent: int | None
    justification: str = ""
    replanning: bool | None = None
    replanning_justification: str = ""
    concluded: ParsedDate | None = None  # «Fecha de conclusión: Enero de 2009»


_PERCENT_LABEL = re.compile(r"(?i)^\s*(?:porcentaje\s+de\s+)?avance\s*(?:%|\(%\))?\s*:?\s*")
_LABELS = re.compile(
    r"(?i)(justificaci[oó]n\s+del\s+replanteamiento|justificaci[oó]n|replanteamiento|nota|fecha\s+de\s+conclusi[oó]n)\s*:"
)
NOT_AVAILABLE = "n.d."


def parse_progress(value: Any) -> Progress:
    """A progress cell: «Porcentaje de avance: 75% Justificación: … Replanteamiento: Sí»,
    «Avance %:100», «100%. Nota: …» (the note is the justification), «n.d.» (no percent), or a
    bare number. Raises CellError for a percent that is not a number or is outside 0–100."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Progress(_percent_in_range(value, clean(value)))
    text = clean(value)
    if not text:
        return Progress(None)
    if fold(text).strip(" .") in ("n.d", "nd", "n/d", "no disponible"):
        return Progress(None, NOT_AVAILABLE)
    if "sin reporte al corte" in fold(text):
        return Progress(None)
    labelled = list(_LABELS.finditer(text))
    head = text[: labelled[0].start()] if labelled else text
    fields: dict[str, str] = {}
    for index, match in enumerate(labelled):
        end = labelled[index + 1].start() if index + 1 < len(labelled) else len(text)
        key = fold(match.group(1)).split()[0] if "del" not in fold(match.group(1)) else "replanning_justification"
        body = text[match.end() : end].strip()
        fields.setdefault(
            key, body if key in ("justificacion", "nota", "replanning_justification") else body.strip(" .")
        )
    percent = _read_percent(head)
    # Without a label, what the cell prints after its percent is its justification («Porcentaje de
    # avance: 100%\nLa capacitación se programó…\nReplanteamiento: No», as S061 prints it).
    justification = fields.get("justificacion") or fields.get("nota", "") or _after_percent(head)
    replanning = None
    if "replanteamiento" in fields:
        answer = fold(fields["replanteamiento"]).strip(" .")
        replanning = answer.startswith("si") if answer else None
    concluded = None
    if fields.get("fecha"):
        try:
            concluded = find_date(fields["fecha"])[1]
        except CellError:
            concluded = None
    return Progress(
        percent,
        justification.strip().rstrip("\n"),
        replanning,
        fields.get("replanning_justification", ""),
        concluded,
    )


def _read_percent(head: str) -> int | None:
    text = _PERCENT_LABEL.sub("", head.strip()).strip()
    # The report's cut-off note the annex prints under the percent («(Reportado al corte de …)»).
    text = re.sub(r"(?is)\(reportado al corte de [^)]*\)", "", text).strip(" .\n")
    if not text:
        return None
    match = re.match(r"^(-?\d+(?:[.,]\d+)?)\s*%?(?:\s|$|[.;,])", text + " ")
    if match is None:
        raise CellError(f'"{one_line(head)}" no es un porcentaje')
    return _percent_in_range(float(match.group(1).replace(",", ".")), one_line(head))


def _after_percent(head: str) -> str:
    text = _PERCENT_LABEL.sub("", head.strip()).strip()
    text = re.sub(r"(?is)\(reportado al corte de [^)]*\)", "", text)
    match = re.match(r"^-?\d+(?:[.,]\d+)?\s*%?", text)
    return text[match.end() :].lstrip(" .\n").rstrip() if match else ""


def _percent_in_range(number: float, written: str) -> int:
    if not 0 <= number <= 100:
        raise CellError(f"el porcentaje {clean(number)} está fuera de 0–100")
    return round(number)


# -- recommendations ----------------------------------------------------------------------------


def parse_attention(value: Any) -> bool:
    """Atención SI / NO."""
    text = fold(clean(value)).strip(" .")
    if text in ("si", "s", "x", "1", "true", "verdadero"):
        return True
    if text in ("no", "n", "0", "false", "falso"):
        return False
    raise CellError(f'"{clean(value)}" no es SI ni NO')


def parse_number(value: Any) -> int:
    """An ASM's, activity's or recommendation's number: «3», «3.», «No. 3»."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    text = clean(value)
    match = re.match(r"^(?:n[uú]m(?:ero)?\.?|no\.?)?\s*(\d{1,5})\s*[.)-]?$", text, re.IGNORECASE)
    if match is None:
        raise CellError(f'"{text}" no es un número')
    return int(match.group(1))


# -- indicators ---------------------------------------------------------------------------------

# The ratings as agencies write them, folded, and the rating each means («Cumplido»: met).
RATINGS = {
    "cumple": Rating.MET,
    "cumplido": Rating.MET,
    "cumple parcialmente": Rating.PARTLY_MET,
    "cumplido parcialmente": Rating.PARTLY_MET,
    "no cumple": Rating.NOT_MET,
    "no cumplido": Rating.NOT_MET,
    "pendiente": Rating.PENDING,
    "sin meta": Rating.NO_TARGET,
}
_TRAILING_YEAR = re.compile(r"^(?P<text>.*?)[\s,;:.(\-–—]*\(?(?P<year>(?:19|20)\d\d)\)?\.?$", re.DOTALL)
# On a single line the year must stand apart («… — 2007», «… (2007)»): «Cobertura 2010» may be the name.
_SEPARATED_YEAR = re.compile(r"^(?P<text>.*?)\s*(?:[,;:\-–—]\s*|\()(?P<year>(?:19|20)\d\d)\)?\.?$", re.DOTALL)


def parse_rating(value: Any) -> str:
    """«Cumple», «Cumple parcialmente», «No cumple», «Pendiente» or «Cumplido», in any case."""
    text = " ".join(fold(clean(value)).replace("_", " ").strip(" .").split())
    if text in RATINGS:
        return str(RATINGS[text])
    raise CellError(
        f'"{clean(value)}" no es una calificación: escriba Cumple, Cumple parcialmente, No cumple o Pendiente'
    )


def parse_target(value: Any) -> int | float:
    """A percent target, 0 to 100: «70», «70 %», «72,5%»."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    else:
        text = clean(value)
        match = re.fullmatch(r"(\d{1,3}(?:[.,]\d+)?)\s*%?", text)
        if match is None:
            raise CellError(f'"{text}" no es una meta en porcentaje (un número de 0 a 100)')
        number = float(match.group(1).replace(",", "."))
    if not 0 <= number <= 100:
        raise CellError(f'la meta "{clean(value)}" debe estar entre 0 y 100 %')
    return int(number) if number.is_integer() else number


def result_figure(value: Any) -> Decimal | None:
    """The measured figure of a result cell that is only a number or a percent («72 %», «50,5»,
    «100%»), to rate against the target; None for a result written in words («75 % de los
    ministerios…»), which is kept as text and rated as the document says. At most twelve digits
    and four decimals, what a measurement stores."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Decimal(str(value)) if abs(value) < 10**12 else None
    match = re.fullmatch(r"(\d{1,12}(?:[.,]\d{1,4})?)\s*%?", clean(value))
    return Decimal(match.group(1).replace(",", ".")) if match else None


def parse_year(value: Any) -> int:
    text = clean(value)
    if re.fullmatch(r"(19|20)\d\d", text):
        return int(text)
    raise CellError(f'"{text}" no es un año')


def split_stacked(value: Any) -> list[tuple[str, int | None]]:
    """The indicators of one cell: one a line, each ending with its year («70 % de los ministerios
    traspasan la información solicitada — 2007»), as (text, year). A line without a year goes on
    into the next one (a long text wrapped by hand); a cell whose lines do not end with years is
    one indicator, its year taken off when it stands apart («— 2007», «(2007)»)."""
    lines = clean(value).split("\n")
    if len(lines) > 1 and sum(1 for line in lines if _TRAILING_YEAR.match(line)) > 1:
        stacked: list[tuple[str, int | None]] = []
        pending: list[str] = []
        for line in lines:
            pending.append(line)
            match = _TRAILING_YEAR.match(line)
            if match:
                pending[-1] = match.group("text")
                stacked.append((" ".join(pending).strip(), int(match.group("year"))))
                pending = []
        if pending:
            stacked.append((" ".join(pending).strip(), None))
        return stacked
    text = " ".join(lines).strip()
    match = _SEPARATED_YEAR.match(text)
    return [(match.group("text").strip(), int(match.group("year")))] if match else [(text, None)]
