"""Importing a file of annexes: receiving it, planning what it will create, and creating it.

Three steps, shared by the panel («Importar») and the `import_annex` command:

- `receive_file()` checks the upload (the evidence checks: content, size, macros, ZIP bombs),
  refuses a file the agency already imported, reads it (`imports.parse.parse`) and keeps it with
  what was read as an `Import`. A file that cannot be read at all is refused and nothing is kept.
- `preview()` plans, without writing, what the import will create with the user's choices
  (`Import.choices`): per target plan, its ASM (merged across the sheets that describe the same
  ASM), activities, units, recommendations, progress reports, indicators and the measurements
  of their results, and every problem that blocks.
  The page shows it; the commit executes exactly that plan.
- `commit_import()` writes the plan in one transaction, or nothing, with an audit entry naming
  the import on every row it creates.

Which sheet says what about an ASM: the summary («Resumen») numbers the plan's ASM and gives
their kind, dates and products; the documento de trabajo and the documento institucional give
their activities (their «No.» may restart at 1 in each document); the progress annexes give the
same activities with their progress at a cut-off. Sheets that go to one plan are read in that
order, and an ASM already planned from an earlier sheet (same text, accents, case and spaces
ignored, or one text the start of the other, as cells cut at a page break leave them) is the
same ASM: the later sheet adds what it knows (its activities, the number printed in its own
document, the progress).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone

from aspects import progress
from aspects.models import Activity, Aspect, DatePrecision, Plan, Topic
from aspects.services import record_progress
from audit.models import acting_as_if_given, recorded_as
from evidence.checks import inspect_upload
from evidence.services import sha256_of
from indicators.models import Indicator, IndicatorTarget, format_number
from indicators.rating import Rating, derive_rating
from indicators.services import record_measurement
from programs.access import captures_in, membership_of
from programs.folding import fold
from programs.models import (
    TEXT_MAX,
    Agency,
    CutOffPeriod,
    Cycle,
    Evaluation,
    EvaluationType,
    ManagementScope,
    Program,
    Recommendation,
    Unit,
)
from programs.workflow import display_name
from reports import tables

from .cells import result_figure
from .headers import INDICATORS
from .models import Import

# The table kinds the reader recognises (imports.parse), by the slugs of the annexes they
# reproduce (reports.tables), how pages name them, and the order in which the sheets of one plan
# are read (see the module's docstring).
KINDS: dict[str, str] = {
    tables.RECOMMENDATIONS.slug: tables.RECOMMENDATIONS.title,
    tables.SUMMARY.slug: tables.SUMMARY.title,
    tables.SPECIFIC.slug: tables.SPECIFIC.title,
    tables.INSTITUTIONAL.slug: tables.INSTITUTIONAL.title,
    tables.PROGRESS_ANNEX.slug: tables.PROGRESS_ANNEX.title,
    tables.INSTITUTIONAL_PROGRESS.slug: tables.INSTITUTIONAL_PROGRESS.title,
    INDICATORS: "Cumplimiento de objetivos específicos (indicadores)",
}
RECOMMENDATIONS = tables.RECOMMENDATIONS.slug
SUMMARY = tables.SUMMARY.slug
ASPECT_KINDS = {
    tables.SPECIFIC.slug: Aspect.Kind.SPECIFIC,
    tables.INSTITUTIONAL.slug: Aspect.Kind.INSTITUTIONAL,
    tables.PROGRESS_ANNEX.slug: Aspect.Kind.SPECIFIC,
    tables.INSTITUTIONAL_PROGRESS.slug: Aspect.Kind.INSTITUTIONAL,
}
PROGRESS_KINDS = {tables.PROGRESS_ANNEX.slug, tables.INSTITUTIONAL_PROGRESS.slug}
# The key of `Import.choices` that lists the sheets the reader did not recognise and the user left out.
SKIPPED = "skipped_sheets"
ORDER = list(KINDS)
# The file types an import accepts (the evidence checks accept more).
IMPORTABLE = {"xlsx": "Excel", "docx": "Word", "csv": "CSV"}
# The shortest text that may match another ASM's text by its start (cells cut at a page break).
PREFIX_MATCH = 40

MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ],
        start=1,
    )
}
MONTHS["setiembre"] = 9


class ImportRefused(Exception):
    """The file is not taken (nothing kept): `message` says why, in Spanish; `first` is the
    earlier import of the same file, when that is the reason."""

    def __init__(self, message: str, first: Import | None = None):
        self.message = message
        self.first = first
        super().__init__(message)


class ImportBlocked(Exception):
    """The import cannot be committed as chosen: `problems` lists why."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(" ".join(problems))


# Receiving the file. ----------------------------------------------------------------------------


def receive_file(*, upload: IO[bytes], name: str, size: int, agency: Agency, by) -> Import:
    """Check, read and keep an uploaded file as a new `Import` of `agency` (not committed).

    Raises ImportRefused (nothing kept) when the checks refuse it, the agency already imported
    the same file, or it cannot be read at all."""
    from .parse import UnreadableFile, parse

    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in IMPORTABLE:
        raise ImportRefused(f"«{name}»: solo se importan archivos de Excel (.xlsx), Word (.docx) y CSV (.csv).")
    try:
        file_type = inspect_upload(upload, name, size)
    except ValidationError as error:
        message = " ".join(error.messages)
        if "no corresponde" in message:
            message = f"«{name}» no es un archivo {IMPORTABLE[extension]} válido. {message}"
        raise ImportRefused(message) from None
    sha256 = sha256_of(upload)  # type: ignore[arg-type]  # an UploadedFile or a File: both have chunks()
    first = Import.objects.filter(agency=agency, sha256=sha256).first()
    if first is not None:
        raise ImportRefused(_already_imported(first), first)
    try:
        upload.seek(0)
        parsed = parse(upload, name=name)
    except UnreadableFile as error:
        raise ImportRefused(f"«{name}»: {error}") from None
    import_ = Import(
        agency=agency,
        original_name=name,
        size=size,
        content_type=file_type.content_type,
        sha256=sha256,
        uploaded_by=by,
        uploaded_by_name=display_name(by) if by is not None else "sistema",
        parsed=parsed,
    )
    import_.choices = default_choices(import_, agency=agency)
    upload.seek(0)
    try:
        with transaction.atomic():
            import_.file.save(f"archivo.{extension}", upload, save=False)  # type: ignore[arg-type]
            import_.save()
    except IntegrityError:
        # The same file uploaded at the same moment by someone else of the agency.
        if import_.file.name:
            import_.file.storage.delete(import_.file.name)
        first = Import.objects.filter(agency=agency, sha256=sha256).first()
        raise ImportRefused(_already_imported(first) if first else "El archivo ya se está importando.", first) from None
    except BaseException:
        if import_.file.name:
            import_.file.storage.delete(import_.file.name)
        raise
    return import_


def _already_imported(first: Import) -> str:
    when = timezone.localtime(first.created_at).strftime("%d/%m/%Y %H:%M")
    done = "se importó" if first.is_imported else "se subió (sin importar todavía)"
    return f"Este archivo ya {done} el {when} por {first.uploaded_by_name}: importación {first.pk}."


# The choices: which plan each table goes to. ----------------------------------------------------


def default_choices(import_: Import, *, agency: Agency) -> dict[str, dict[str, Any]]:
    """Choices prefilled from what the document says: the program its header names (among the
    agency's), the cycle of the year it was prepared in, the cut-off period before that date."""
    programs = list(Program.objects.for_agency(agency))
    cycles = list(Cycle.objects.order_by("-year", "name"))
    choices: dict[str, dict[str, Any]] = {}
    for index, table in enumerate(import_.tables):
        metadata = table.get("metadata") or {}
        program = match_program(metadata.get("program") or "", programs)
        prepared = to_date(metadata.get("prepared_on"))[0]
        named = _squash(metadata.get("cycle"))
        # Of the cycles of the year it was prepared in, one where the program has no plan yet
        # (a plan that exists blocks the import).
        taken = set(Plan.objects.filter(program=program).values_list("cycle_id", flat=True)) if program else set()
        of_year = sorted(
            (c for c in cycles if prepared and c.year == prepared.year), key=lambda c: (c.pk in taken, c.name)
        )
        cycle = (
            next((c for c in cycles if named and _squash(c.name) == named), None)
            or (of_year[0] if of_year else None)
            or (cycles[0] if cycles else None)
        )
        choice: dict[str, Any] = {
            "exclude": False,
            "program": program.pk if program else None,
            "cycle": cycle.pk if cycle else None,
        }
        if table.get("kind") in PROGRESS_KINDS and cycle is not None:
            # The period the header block names, else the one before the annex was prepared.
            period = next(
                (p for p in cycle.periods.all() if _squash(metadata.get("period")).startswith(_squash(p.name) or "-")),
                None,
            ) or default_period(cycle, prepared)
            choice["period"] = period.pk if period else None
        if table.get("kind") == RECOMMENDATIONS:
            choice["evaluation"] = None
            choice["evaluation_year"] = year_of_recommendations(table)
        choices[str(index)] = choice
    return choices


def match_program(text: str, programs: Iterable[Program]) -> Program | None:
    """The program a header names: by key, acronym or name, accents and case ignored."""
    wanted = _squash(text)
    if not wanted:
        return None
    for program in programs:
        names = {_squash(program.key), _squash(program.name), _squash(program.acronym)} - {""}
        if wanted in names or any(name in wanted for name in names if len(name) >= 4):
            return program
    return None


def default_period(cycle: Cycle, prepared: date | None) -> CutOffPeriod | None:
    """The cut-off period a progress annex reports at: the latest of the cycle that ended on or
    before the day the annex was prepared (an annex is prepared after its cut-off); without such
    a date, or before any period ended, the one the date falls in, else the cycle's last."""
    periods = list(cycle.periods.order_by("end"))
    if not periods:
        return None
    if prepared is not None:
        ended = [period for period in periods if period.end <= prepared]
        if ended:
            return ended[-1]
        within = [period for period in periods if period.start <= prepared <= period.end]
        if within:
            return within[0]
    return periods[-1]


def year_of_recommendations(table: dict) -> int | None:
    """The «Año de evaluación» the recommendations print, to prefill a new evaluation."""
    for item in table.get("recommendations", []):
        if item.get("year"):
            return int(item["year"])
    for row in table.get("rows", []):
        value = _value(row.get("values", {}), "ano de evaluacion", "ano")
        match = re.search(r"\b(19|20)\d\d\b", value or "")
        if match:
            return int(match.group(0))
    return None


def choose(
    import_: Import,
    *,
    program: Program,
    cycle: Cycle | None = None,
    period: CutOffPeriod | None = None,
    evaluation: Evaluation | None = None,
    evaluation_type: EvaluationType | None = None,
    evaluation_year: int | None = None,
) -> None:
    """Send every table of `import_` to one plan (what `import_annex --program --cycle` asks):
    `cycle` defaults to the prefilled one, the period of a progress annex to the one before its
    date of preparation, a selection of recommendations to `evaluation`, or to a new evaluation of
    `evaluation_type` in `evaluation_year`, by default the year its rows print."""
    choices = dict(import_.choices)
    for index, table in enumerate(import_.tables):
        choice = dict(choices.get(str(index), {}))
        choice.update(exclude=False, program=program.pk)
        if cycle is not None:
            choice["cycle"] = cycle.pk
        chosen_cycle = Cycle.objects.filter(pk=_pk(choice.get("cycle"))).first()
        if table.get("kind") in PROGRESS_KINDS:
            prepared = to_date((table.get("metadata") or {}).get("prepared_on"))[0]
            chosen = period or (default_period(chosen_cycle, prepared) if chosen_cycle else None)
            choice["period"] = chosen.pk if chosen else None
        if table.get("kind") == RECOMMENDATIONS:
            choice["evaluation"] = evaluation.pk if evaluation else None
            choice["evaluation_type"] = evaluation_type.pk if evaluation_type else None
            if evaluation_year:
                choice["evaluation_year"] = evaluation_year
            choice.setdefault("evaluation_year", year_of_recommendations(table))
        choices[str(index)] = choice
    import_.choices = choices
    import_.save(update_fields=["choices"])


def discard(import_: Import) -> None:
    """Forget an import not committed, and its file once that is committed."""
    if import_.is_imported:
        raise ImportBlocked([f"La importación {import_.pk} ya se realizó: no se descarta."])
    name, storage = import_.file.name, import_.file.storage
    with transaction.atomic():
        import_.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))


def import_annex(
    *,
    file: IO[bytes],
    name: str,
    size: int,
    program: Program,
    cycle: Cycle | None = None,
    evaluation: Evaluation | None = None,
    evaluation_type: EvaluationType | None = None,
    evaluation_year: int | None = None,
    by=None,
) -> Import:
    """Receive, choose and commit a file in one step, for `import_annex` without --dry-run:
    every table to `program`'s plan in `cycle`. Raises ImportRefused (a file refused or
    unreadable) or ImportBlocked (its errors, or a choice the command cannot make); either way
    nothing is kept. `file` is a django File (it needs `chunks()`)."""
    import_ = receive_file(upload=file, name=name, size=size, agency=program.agency, by=by)
    try:
        choose(
            import_,
            program=program,
            cycle=cycle,
            evaluation=evaluation,
            evaluation_type=evaluation_type,
            evaluation_year=evaluation_year,
        )
        commit_import(import_=import_, by=by)
    except BaseException:
        discard(import_)
        raise
    return import_


# Reading the parsed values. ----------------------------------------------------------------------


def _squash(text: str | None) -> str:
    return " ".join(fold(text).replace(".", " ").split())


def _value(values: dict[str, Any], *labels: str) -> str:
    """The raw cell of the first column whose folded header starts with one of `labels`."""
    folded = {_squash(label): value for label, value in values.items()}
    for wanted in labels:
        for label, value in folded.items():
            if label.startswith(wanted) and value not in (None, ""):
                return str(value).strip()
    return ""


def to_date(value: Any) -> tuple[date | None, str]:
    """A parsed date (ISO text, or {"text", "precision": "month"}) as (date, precision); a month
    only is its last day, as the demo data and the annexes keep it."""
    if not value:
        return None, DatePrecision.DAY
    if isinstance(value, dict):
        if value.get("date"):  # the reader may give the day it stands for (the month's last)
            try:
                return date.fromisoformat(str(value["date"])[:10]), DatePrecision.MONTH
            except ValueError:
                pass
        text = _squash(value.get("text"))
        month = next((number for name, number in MONTHS.items() if name in text.split()), None)
        year = re.search(r"\b(19|20)\d\d\b", text)
        if month is None or year is None:
            return None, DatePrecision.DAY
        last = calendar.monthrange(int(year.group(0)), month)[1]
        return date(int(year.group(0)), month, last), DatePrecision.MONTH
    try:
        return date.fromisoformat(str(value)[:10]), DatePrecision.DAY
    except ValueError:
        return None, DatePrecision.DAY


def same_text(a: str, b: str) -> bool:
    a, b = _squash(a), _squash(b)
    if not a or not b:
        return False
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) >= PREFIX_MATCH and longer.startswith(shorter)


def split_units(names: Iterable[str]) -> list[str]:
    """Unit names as the reader gives them, stripped, each once (first spelling kept)."""
    seen: dict[str, str] = {}
    for name in names:
        clean = " ".join(str(name).split())
        if clean and _squash(clean) not in seen:
            seen[_squash(clean)] = clean
    return list(seen.values())


def units_label(cell: Any, names: list[str]) -> str:
    """The «Área responsable» cell when it says more than the units' names in their order
    («Realiza: Delegaciones», «DGOP/ UPRI»), so that the plan prints it as the agency wrote it;
    empty when the names, one a line, are the cell."""
    text = str(cell or "").strip()
    if " ".join(text.split()) == " ".join(" ".join(names).split()):
        return ""
    return text[:TEXT_MAX]


# The plan of what an import creates. ---------------------------------------------------------------


@dataclass
class PlannedUnit:
    name: str
    existing: Unit | None

    @property
    def is_new(self) -> bool:
        return self.existing is None

    @property
    def printed_name(self) -> str:
        return self.existing.name if self.existing is not None else self.name


@dataclass
class PlannedReport:
    period: CutOffPeriod
    percent: int
    justification: str
    # None: the annex does not say (ProgressReport.replanning is three-state).
    replanning: bool | None
    replanning_justification: str = ""
    observations: str = ""
    evidence_note: str = ""


@dataclass
class PlannedActivity:
    number: int
    description: str
    units: list[PlannedUnit]
    start: date | None
    end: date | None
    end_precision: str
    actual_end: date | None
    actual_precision: str
    product: str
    expected_results: str
    results_obtained: str
    sheet: str
    row: int | None
    end_note: str = ""
    units_label: str = ""
    original_end: date | None = None
    cancelled: bool = False
    report: PlannedReport | None = None
    progress_note: str = ""  # why a progress cell gives no report («n.d.»)


@dataclass
class PlannedPeriod:
    """The cut-off period of the plan's cycle that a year's imported results are measured at: the
    cycle's latest period ending in that year, else a new one covering the year («Año 2008»),
    created pending (the coordination opens it when the round is to be submitted)."""

    cycle: Cycle
    year: int
    name: str
    existing: CutOffPeriod | None

    @property
    def is_new(self) -> bool:
        return self.existing is None

    @property
    def label(self) -> str:
        if self.existing is None:
            return f"«{self.name}» (nuevo: se crea «por abrir» en el ciclo «{self.cycle}»)"
        return f"«{self.existing.name}» ({self.existing.get_status_display().lower()})"


@dataclass
class PlannedMeasurement:
    """A result the table prints for one year, stored as a measurement of that year at its
    period (`PlannedPeriod`), in the plan's draft round of that period. A result that is only a
    number is its value, rated against the year's target; where the document's rating differs
    from the derived one the document's is kept as an override, with a justification naming the
    file. A result in words keeps the document's rating."""

    year: int
    period: PlannedPeriod
    result_text: str
    value: Decimal | None
    rating: str  # what is stored: the document's, else the derived one
    derived_rating: str  # what the thresholds give (empty for a result in words)
    overridden: bool
    justification: str
    row: int | None

    @property
    def rating_label(self) -> str:
        return str(Rating(self.rating).label) if self.rating else ""

    @property
    def derived_label(self) -> str:
        return str(Rating(self.derived_rating).label) if self.derived_rating else ""


@dataclass
class PlannedIndicator:
    """An indicator of a specific objective (the ASM it hangs from), with its yearly targets and
    the results the table prints, each a measurement of its year (`PlannedMeasurement`)."""

    number: int
    text: str
    sheet: str
    row: int | None
    targets: dict[int, int | float] = field(default_factory=dict)  # year → percent
    measurements: list[PlannedMeasurement] = field(default_factory=list)

    @property
    def targets_label(self) -> str:
        return ", ".join(f"{value:g} % en {year}" for year, value in sorted(self.targets.items()))

    def measurement(self, year: int) -> PlannedMeasurement | None:
        return next((each for each in self.measurements if each.year == year), None)


@dataclass
class PlannedAspect:
    number: int
    document_number: int | None
    text: str
    kind: str
    sheet: str
    row: int | None
    scope: ManagementScope | None = None
    topic: Topic | None = None
    coordinating_unit: PlannedUnit | None = None
    start: date | None = None
    end: date | None = None
    products: str = ""
    expected_results: str = ""
    observations: str = ""
    activities: list[PlannedActivity] = field(default_factory=list)
    also_in: list[str] = field(default_factory=list)  # the other sheets that describe it
    indicators: list[PlannedIndicator] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return str(Aspect.Kind(self.kind).label)

    def activity(self, number: int) -> PlannedActivity | None:
        return next((activity for activity in self.activities if activity.number == number), None)


@dataclass
class PlannedRecommendation:
    number: int
    text: str
    attended: bool
    justification: str
    scope: ManagementScope | None
    sheet: str
    row: int | None


@dataclass
class PlannedPlan:
    """One plan the import creates: a program in a cycle."""

    program: Program
    cycle: Cycle
    responsible_name: str = ""
    responsible_position: str = ""
    prepared_on: date | None = None
    prepared_by_name: str = ""
    prepared_by_position: str = ""
    authorised_by_name: str = ""
    authorised_by_position: str = ""
    evaluation: Evaluation | None = None
    new_evaluation: tuple[EvaluationType, int] | None = None  # (type, year) of an evaluation to create
    recommendations: list[PlannedRecommendation] = field(default_factory=list)
    aspects: list[PlannedAspect] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    # The ASM by the start of their folded text (texts that match share it: see same_text), and
    # the numbers taken, so that a sheet of thousands of ASM is planned in linear time.
    _by_start: dict[str, list[PlannedAspect]] = field(default_factory=dict, repr=False)
    _numbers: set[int] = field(default_factory=set, repr=False)

    def __str__(self) -> str:
        return f"{self.program.key} · {self.cycle}"

    def add(self, aspect: PlannedAspect) -> None:
        self.aspects.append(aspect)
        self._by_start.setdefault(_squash(aspect.text)[:PREFIX_MATCH], []).append(aspect)
        self._numbers.add(aspect.number)

    def free_number(self, wanted: int | None) -> int:
        if wanted and wanted not in self._numbers:
            return wanted
        return max(self._numbers, default=0) + 1

    def same_aspect(self, text: str) -> PlannedAspect | None:
        candidates = self._by_start.get(_squash(text)[:PREFIX_MATCH], [])
        return next((aspect for aspect in candidates if same_text(aspect.text, text)), None)

    @property
    def activities(self) -> list[PlannedActivity]:
        return [activity for aspect in self.aspects for activity in aspect.activities]

    @property
    def reports(self) -> list[PlannedReport]:
        return [activity.report for activity in self.activities if activity.report is not None]

    @property
    def measurements(self) -> list[PlannedMeasurement]:
        return [each for aspect in self.aspects for indicator in aspect.indicators for each in indicator.measurements]


@dataclass
class SheetPreview:
    index: int
    table: dict
    choice: dict
    excluded: bool
    program: Program | None = None
    cycle: Cycle | None = None
    period: CutOffPeriod | None = None
    evaluation: Evaluation | None = None
    problems: list[str] = field(default_factory=list)  # block the commit (besides the reader's errors)
    notes: list[str] = field(default_factory=list)  # do not block
    aspects: list[PlannedAspect] = field(default_factory=list)  # as planned, in this sheet's order
    recommendations: list[PlannedRecommendation] = field(default_factory=list)
    indicators: list[tuple[PlannedAspect, PlannedIndicator]] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.table.get("kind", ""), "Tabla no reconocida")

    @property
    def name(self) -> str:
        return str(self.table.get("sheet", ""))

    @property
    def errors(self) -> list[dict]:
        return self.table.get("_errors", [])

    @property
    def warnings(self) -> list[dict]:
        return self.table.get("_warnings", [])


@dataclass
class Preview:
    sheets: list[SheetPreview]
    plans: list[PlannedPlan]
    errors: list[dict]  # the reader's errors that block (of sheets not left out)
    problems: list[str]  # what else blocks, in Spanish
    unplaced_errors: list[dict]  # the reader's errors of no table it recognised

    @property
    def blocked(self) -> bool:
        return bool(self.errors or self.problems)

    @property
    def new_units(self) -> list[str]:
        names: dict[str, str] = {}
        for plan in self.plans:
            for aspect in plan.aspects:
                units = [unit for activity in aspect.activities for unit in activity.units]
                if aspect.coordinating_unit:
                    units.append(aspect.coordinating_unit)
                for unit in units:
                    if unit.is_new:
                        names.setdefault(_squash(unit.name), unit.name)
        return list(names.values())

    @property
    def counts(self) -> dict[str, int]:
        return {
            "plans": len(self.plans),
            "recommendations": sum(len(plan.recommendations) for plan in self.plans),
            "aspects": sum(len(plan.aspects) for plan in self.plans),
            "activities": sum(len(plan.activities) for plan in self.plans),
            "reports": sum(len(plan.reports) for plan in self.plans),
            "indicators": sum(len(aspect.indicators) for plan in self.plans for aspect in plan.aspects),
            "measurements": sum(len(plan.measurements) for plan in self.plans),
            "units": len(self.new_units),
        }


class _Catalogue:
    """The agency's units and the shared catalogues, read once per preview; the units planned
    but not yet created are shared, so that one new name is one new unit."""

    def __init__(self, agency: Agency):
        self.units = {_squash(unit.name): unit for unit in Unit.objects.filter(agency=agency)}
        for unit in Unit.objects.filter(agency=agency).exclude(acronym=""):
            self.units.setdefault(_squash(unit.acronym), unit)
        self.planned: dict[str, PlannedUnit] = {}
        self.scopes = {_squash(scope.code): scope for scope in ManagementScope.objects.all()}
        self.topics = {_squash(topic.name): topic for topic in Topic.objects.all()}

    def unit(self, name: str) -> PlannedUnit:
        key = _squash(name)
        if key not in self.planned:
            self.planned[key] = PlannedUnit(name=name[:255], existing=self.units.get(key))
        return self.planned[key]


class _Periods:
    """The periods the imported results of each year go to, found or planned once per cycle and
    year, so that two tables (or two plans of one cycle) with results of 2008 share one new
    «Año 2008» rather than create it twice."""

    def __init__(self) -> None:
        self.planned: dict[tuple[int, int], PlannedPeriod] = {}

    def of(self, cycle: Cycle, year: int) -> PlannedPeriod:
        key = (cycle.pk, year)
        if key not in self.planned:
            existing = cycle.periods.filter(end__year=year).order_by("-end").first()
            name = existing.name if existing is not None else f"Año {year}"
            if existing is None and cycle.periods.filter(name=name).exists():
                name = f"Año {year} (importado)"  # a period of that name that ends in another year
            self.planned[key] = PlannedPeriod(cycle=cycle, year=year, name=name, existing=existing)
        return self.planned[key]


def planned_measurements(tables: list[dict], cycle: Cycle | None) -> list[dict[str, Any]]:
    """What the commit will store of the indicator tables' results, for the command's dry run:
    per year, how many results, and the period of `cycle` they go to (`"period"`, and
    `"new_period"` when it will be created), both null while the cycle is not chosen."""
    years: dict[int, int] = {}
    for table in tables:
        for item in table.get("indicators", []):
            if (item.get("result_text") or item.get("rating")) and item.get("year"):
                years[int(item["year"])] = years.get(int(item["year"]), 0) + 1
    periods = _Periods()
    planned = []
    for year, count in sorted(years.items()):
        period = periods.of(cycle, year) if cycle is not None else None
        planned.append(
            {
                "year": year,
                "results": count,
                "period": period.name if period else None,
                "new_period": period.is_new if period else None,
            }
        )
    return planned


def _pk(value: Any) -> int:
    """A chosen id as kept in `Import.choices` (0, which no row has, when none was chosen)."""
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def _rights(by) -> tuple[Any, Any]:
    """The programs and evaluations a user may import into (None: a command, which may all of
    the import's agency)."""
    if by is None:
        return Program.objects.all(), Evaluation.objects.all()
    return Program.objects.captured_by(by), Evaluation.objects.editable_by(by)


def preview(import_: Import, *, by=None) -> Preview:
    """What committing `import_` with its choices would create, and what blocks it. Writes nothing."""
    catalogue = _Catalogue(import_.agency)
    periods = _Periods()
    programs, evaluations = _rights(by)
    programs = programs.filter(agency=import_.agency)
    tables = import_.tables
    errors_by_sheet: dict[str, list[dict]] = {}
    for error in import_.errors:
        errors_by_sheet.setdefault(str(error.get("sheet", "")), []).append(error)
    warnings_by_sheet: dict[str, list[dict]] = {}
    for warning in import_.warnings:
        warnings_by_sheet.setdefault(str(warning.get("sheet", "")), []).append(warning)
    sheet_names = {str(table.get("sheet", "")) for table in tables}

    sheets: list[SheetPreview] = []
    for index, table in enumerate(tables):
        name = str(table.get("sheet", ""))
        table = {
            **table,
            "_errors": errors_by_sheet.get(name, []),
            "_warnings": warnings_by_sheet.get(name, []),
            # The raw cells by row number, read once (a sheet may have 20,000 rows).
            "_by_row": {each.get("row"): each.get("values", {}) for each in table.get("rows", [])},
        }
        choice = import_.choice(index)
        sheets.append(SheetPreview(index=index, table=table, choice=choice, excluded=bool(choice.get("exclude"))))
    skipped = set(import_.choices.get(SKIPPED, []))
    unplaced = [error for error in import_.errors if str(error.get("sheet", "")) not in sheet_names]
    blocking_errors = [error for error in unplaced if str(error.get("sheet", "")) not in skipped]

    plans: dict[tuple[int, int], PlannedPlan] = {}
    problems: list[str] = []
    ordered = sorted(
        (sheet for sheet in sheets if not sheet.excluded),
        key=lambda sheet: (ORDER.index(sheet.table["kind"]) if sheet.table.get("kind") in ORDER else 99, sheet.index),
    )
    for sheet in ordered:
        blocking_errors.extend(sheet.errors)
        kind = sheet.table.get("kind")
        if kind not in KINDS:
            sheet.problems.append("El tipo de tabla no se reconoce: déjela fuera.")
            continue
        sheet.program = programs.filter(pk=_pk(sheet.choice.get("program"))).first()
        sheet.cycle = Cycle.objects.filter(pk=_pk(sheet.choice.get("cycle"))).first()
        if sheet.program is None:
            sheet.problems.append("Elija el programa o fondo al que va esta tabla.")
        if sheet.cycle is None:
            sheet.problems.append("Elija el ciclo de seguimiento.")
        if sheet.program is None or sheet.cycle is None:
            continue
        key = (sheet.program.pk, sheet.cycle.pk)
        if key not in plans:
            existing = Plan.objects.filter(program=sheet.program, cycle=sheet.cycle).first()
            if existing is not None:
                sheet.problems.append(
                    f"Ya existe el programa de trabajo de {sheet.program.key} en el ciclo «{sheet.cycle}» "
                    f"({existing.get_state_display().lower()}): elija otro ciclo o programa, o deje fuera esta "
                    "tabla."
                )
                continue
            plans[key] = PlannedPlan(program=sheet.program, cycle=sheet.cycle)
        plan = plans[key]
        plan.sheets.append(sheet.name)
        _take_metadata(plan, sheet.table.get("metadata") or {})
        if kind == RECOMMENDATIONS:
            _plan_recommendations(plan, sheet, catalogue, evaluations)
        elif kind == SUMMARY:
            _plan_summary(plan, sheet, catalogue)
        elif kind == INDICATORS:
            _plan_indicators(plan, sheet, periods, source=import_.original_name)
        else:
            if kind in PROGRESS_KINDS:
                period_id = sheet.choice.get("period")
                sheet.period = sheet.cycle.periods.filter(pk=period_id).first() if period_id else None
                if sheet.period is None:
                    sheet.problems.append(
                        "Elija el periodo de corte al que corresponde este avance."
                        if sheet.cycle.periods.exists()
                        else f"El ciclo «{sheet.cycle}» no tiene periodos de corte: agréguelos antes de importar el "
                        "avance."
                    )
            _plan_activities(plan, sheet, catalogue)
    for plan in plans.values():
        if not plan.responsible_name or not plan.responsible_position:
            # A plan needs its responsible person; the uploader stands in when the document names none.
            member = membership_of(import_.uploaded_by) if import_.uploaded_by else None
            plan.responsible_name = plan.responsible_name or import_.uploaded_by_name
            plan.responsible_position = plan.responsible_position or (member.position if member else "") or "—"
    for sheet in sheets:
        problems.extend(f"Hoja «{sheet.name}»: {problem}" for problem in sheet.problems)
    if not any(not sheet.excluded for sheet in sheets):
        problems.append("Todas las tablas quedaron fuera: no hay nada que importar.")
    elif not plans and not problems:
        problems.append("El archivo no contiene datos que importar.")
    return Preview(
        sheets=sheets, plans=list(plans.values()), errors=blocking_errors, problems=problems, unplaced_errors=unplaced
    )


def _take_metadata(plan: PlannedPlan, metadata: dict) -> None:
    """The header block and signatures: the first sheet that gives each value wins."""
    signatures = metadata.get("signatures") or {}
    prepared = signatures.get("prepared_by") or {}
    authorised = signatures.get("authorised_by") or {}
    values = {
        "responsible_name": metadata.get("responsible_name"),
        "responsible_position": metadata.get("responsible_position"),
        "prepared_by_name": prepared.get("name"),
        "prepared_by_position": prepared.get("position"),
        "authorised_by_name": authorised.get("name"),
        "authorised_by_position": authorised.get("position"),
    }
    for name, value in values.items():
        if value and not getattr(plan, name):
            limit = 255 if name.endswith("_name") and name.startswith(("prepared", "authorised")) else 200
            setattr(plan, name, " ".join(str(value).split())[:limit])
    if plan.prepared_on is None:
        prepared_on, precision = to_date(metadata.get("prepared_on"))
        if precision == DatePrecision.DAY:
            plan.prepared_on = prepared_on


def _plan_recommendations(plan: PlannedPlan, sheet: SheetPreview, catalogue: _Catalogue, evaluations) -> None:
    choice = sheet.choice
    program = sheet.program
    if choice.get("evaluation"):
        sheet.evaluation = evaluations.filter(pk=choice["evaluation"], program=program).first()
        if sheet.evaluation is None:
            sheet.problems.append("La evaluación elegida no es de ese programa o ya no admite cambios.")
            return
        taken = set(sheet.evaluation.recommendations.values_list("number", flat=True))
        if plan.evaluation is None:
            plan.evaluation = sheet.evaluation
    else:
        kind = EvaluationType.objects.filter(pk=_pk(choice.get("evaluation_type"))).first()
        year = choice.get("evaluation_year")
        if kind is None or not year:
            sheet.problems.append("Elija la evaluación de origen, o el tipo y el año de la evaluación nueva.")
            return
        if plan.new_evaluation is None and plan.evaluation is None:
            plan.new_evaluation = (kind, int(year))
        taken = set()
    taken |= {recommendation.number for recommendation in plan.recommendations}
    for item in sheet.table.get("recommendations", []):
        number = item.get("number")
        if not number:
            sheet.problems.append(f"Fila {item.get('row')}: la recomendación no tiene número.")
            continue
        if number in taken:
            sheet.problems.append(
                f"Fila {item.get('row')}: la recomendación {number} ya existe en la evaluación de origen."
            )
            continue
        taken.add(number)
        attended = item.get("attended")
        scope_code = item.get("scope") or _value(_row_values(sheet.table, item), "ambito")
        recommendation = PlannedRecommendation(
            number=int(number),
            text=str(item.get("text") or "")[:TEXT_MAX],
            attended=attended is not False,
            justification=str(item.get("justification") or "")[:TEXT_MAX],
            scope=catalogue.scopes.get(_squash(scope_code)) if scope_code else None,
            sheet=sheet.name,
            row=item.get("row"),
        )
        if not recommendation.attended and not recommendation.justification.strip():
            sheet.notes.append(
                f"Fila {item.get('row')}: la recomendación {number} no se atiende y no tiene justificación."
            )
        plan.recommendations.append(recommendation)
        sheet.recommendations.append(recommendation)


def _row_values(table: dict, item: dict) -> dict:
    return table["_by_row"].get(item.get("row"), {})


def _aspect_kind(text: str, default: str) -> str:
    folded = _squash(text)
    for kind in (Aspect.Kind.INTERINSTITUTIONAL, Aspect.Kind.INTERGOVERNMENTAL, Aspect.Kind.INSTITUTIONAL):
        if kind.value in folded:
            return kind
    if "especific" in folded:
        return Aspect.Kind.SPECIFIC
    return default


def _aspect_extras(aspect: PlannedAspect, item: dict, values: dict, catalogue: _Catalogue, sheet: SheetPreview) -> None:
    """Scope, topic and coordinating unit: from the reader's keys when it gives them, else from
    the row's cells under their usual headers. A scope or topic not in the catalogue is left
    empty (the catalogues are shared by every agency), with a note."""
    scope_code = str(item.get("scope") or _value(values, "ambito"))
    if scope_code and aspect.scope is None:
        aspect.scope = catalogue.scopes.get(_squash(scope_code))
        if aspect.scope is None:
            sheet.notes.append(
                f"Fila {item.get('row')}: el ámbito de gestión «{scope_code}» no está en el catálogo; se deja vacío."
            )
    topic = str(item.get("topic") or _value(values, "tema"))
    if topic and aspect.topic is None:
        aspect.topic = catalogue.topics.get(_squash(topic))
        if aspect.topic is None:
            sheet.notes.append(f"Fila {item.get('row')}: el tema «{topic}» no está en el catálogo; se deja vacío.")
    coordinating = str(item.get("coordinating_unit") or _value(values, "area coordinadora"))
    if coordinating and aspect.coordinating_unit is None:
        aspect.coordinating_unit = catalogue.unit(" ".join(coordinating.split()))


def _plan_summary(plan: PlannedPlan, sheet: SheetPreview, catalogue: _Catalogue) -> None:
    for item in sheet.table.get("aspects", []):
        values = _row_values(sheet.table, item)
        text = str(item.get("text") or "")
        existing = plan.same_aspect(text)
        if existing is not None:
            existing.also_in.append(sheet.name)
            sheet.aspects.append(existing)
            continue
        aspect = PlannedAspect(
            number=plan.free_number(item.get("number")),
            document_number=None,
            text=text[:TEXT_MAX],
            kind=item.get("kind") or _aspect_kind(_value(values, "tipo", "clasificacion"), Aspect.Kind.SPECIFIC),
            sheet=sheet.name,
            row=item.get("row"),
            start=to_date(item.get("start") or None)[0],
            end=to_date(item.get("end") or None)[0],
            products=str(item.get("products") or _value(values, "productos") or "")[:TEXT_MAX],
        )
        if item.get("number") and aspect.number != item.get("number"):
            aspect.document_number = item.get("number")
        _aspect_extras(aspect, item, values, catalogue, sheet)
        plan.add(aspect)
        sheet.aspects.append(aspect)


def _plan_indicators(plan: PlannedPlan, sheet: SheetPreview, periods: _Periods, *, source: str) -> None:
    """Each objective is a specific objective of the plan (an ASM, found by its text or added);
    rows that repeat an indicator's text under its objective give it the target of another year.
    Each year's result is a measurement of that year (`_plan_measurement`), once the table's
    targets are all known."""
    results: list[tuple[PlannedIndicator, dict]] = []
    for item in sheet.table.get("indicators", []):
        objective = str(item.get("objective") or "")[:TEXT_MAX]
        row = item.get("row")
        if not objective:
            sheet.problems.append(f"Fila {row}: el indicador no tiene objetivo específico.")
            continue
        aspect = plan.same_aspect(objective)
        if aspect is None:
            aspect = PlannedAspect(
                number=plan.free_number(None),
                document_number=None,
                text=objective,
                kind=Aspect.Kind.SPECIFIC,
                sheet=sheet.name,
                row=row,
            )
            plan.add(aspect)
        text = str(item.get("text") or "")[:TEXT_MAX]
        indicator = next((each for each in aspect.indicators if same_text(each.text, text)), None)
        if indicator is None:
            indicator = PlannedIndicator(number=len(aspect.indicators) + 1, text=text, sheet=sheet.name, row=row)
            aspect.indicators.append(indicator)
            sheet.indicators.append((aspect, indicator))
        year, target = item.get("year"), item.get("target")
        if target is not None:
            if year is None:
                sheet.problems.append(f"Fila {row}: la meta {target:g} % del indicador «{text[:60]}» no dice su año.")
            elif year in indicator.targets:
                sheet.problems.append(f"Fila {row}: el indicador «{text[:60]}» tiene dos metas para {year}.")
            else:
                indicator.targets[year] = target
        if item.get("result_text") or item.get("rating"):
            results.append((indicator, item))
    for indicator, item in results:
        _plan_measurement(plan, sheet, periods, indicator, item, source=source)
    announced: dict[int, PlannedPeriod] = {}
    for indicator, _item in results:
        for measurement in indicator.measurements:
            announced.setdefault(measurement.year, measurement.period)
    for year, period in sorted(announced.items()):
        sheet.notes.append(
            f"Los resultados de {year} se guardan como mediciones en borrador del periodo de corte {period.label}, "
            "con su calificación. Se envían, revisan y autorizan como reporte de indicadores del periodo una vez "
            "autorizado el programa de trabajo y abierto el periodo; hasta entonces no son públicos."
        )


def _plan_measurement(
    plan: PlannedPlan, sheet: SheetPreview, periods: _Periods, indicator: PlannedIndicator, item: dict, *, source: str
) -> None:
    """One year's result of an indicator as the measurement `commit_import` records."""
    row, year = item.get("row"), item.get("year")
    name = indicator.text[:60]
    if year is None:
        sheet.problems.append(
            f"Fila {row}: el resultado del indicador «{name}» no dice su año; indíquelo en la columna «Año» o al "
            "final del indicador."
        )
        return
    if indicator.measurement(year) is not None:
        sheet.problems.append(f"Fila {row}: el indicador «{name}» tiene dos resultados para {year}.")
        return
    result_text = str(item.get("result_text") or "")[:TEXT_MAX]
    given = str(item.get("rating") or "")
    value = result_figure(result_text)
    target = indicator.targets.get(year)
    derived = derive_rating(result=value, target=Decimal(str(target)) if target is not None else None)
    derived_rating = str(derived.value) if derived is not None else ""
    overridden = bool(derived_rating and given and given != derived_rating)
    measurement = PlannedMeasurement(
        year=year,
        period=periods.of(plan.cycle, year),
        result_text=result_text,
        value=value,
        rating=given or derived_rating,
        derived_rating=derived_rating,
        overridden=overridden,
        justification=f"Calificación tomada del documento importado «{source}»." if overridden else "",
        row=row,
    )
    indicator.measurements.append(measurement)
    if overridden:
        against = f"la meta de {target:g} % de {year}" if target is not None else f"ninguna meta para {year}"
        sheet.notes.append(
            f"Fila {row}: el documento califica «{measurement.rating_label}» el resultado de {year} del indicador "
            f"«{name}»; {format_number(value)} % contra {against} da «{measurement.derived_label}». Se guarda la "
            f"calificación del documento, justificada: «{measurement.justification}»"
        )
    if not measurement.rating:
        sheet.notes.append(
            f"Fila {row}: el resultado de {year} del indicador «{name}» no tiene calificación; elíjala en la medición "
            "antes de enviar el reporte de indicadores."
        )
    if not result_text:
        sheet.notes.append(
            f"Fila {row}: el indicador «{name}» sólo trae la calificación de {year}; escriba el resultado en la "
            "medición antes de enviar el reporte de indicadores."
        )


def _plan_activities(plan: PlannedPlan, sheet: SheetPreview, catalogue: _Catalogue) -> None:
    kind = ASPECT_KINDS[sheet.table["kind"]]
    for item in sheet.table.get("aspects", []):
        values = _row_values(sheet.table, item)
        text = str(item.get("text") or "")
        printed = item.get("number")
        aspect = plan.same_aspect(text)
        if aspect is None:
            aspect = PlannedAspect(
                number=plan.free_number(printed),
                document_number=None,
                text=text[:TEXT_MAX],
                kind=item.get("kind") or _aspect_kind(_value(values, "clasificacion"), kind),
                sheet=sheet.name,
                row=item.get("row"),
                end=to_date(item.get("end"))[0],
                expected_results=str(item.get("expected_results") or "")[:TEXT_MAX],
                observations=str(item.get("observations") or _value(values, "observaciones"))[:TEXT_MAX],
            )
            plan.add(aspect)
        else:
            aspect.also_in.append(sheet.name)
            # What the summary does not print, the document of work does.
            for name in ("expected_results", "observations"):
                if not getattr(aspect, name) and item.get(name):
                    setattr(aspect, name, str(item[name])[:TEXT_MAX])
        if printed and printed != aspect.number and aspect.document_number is None:
            aspect.document_number = printed
        _aspect_extras(aspect, item, values, catalogue, sheet)
        if aspect.kind != Aspect.Kind.SPECIFIC and aspect.coordinating_unit is None:
            sheet.notes.append(
                f"Fila {item.get('row')}: el ASM {printed or aspect.number} es {aspect.kind_label.lower()} y no tiene "
                "área coordinadora; indíquela después en el programa de trabajo."
            )
        sheet.aspects.append(aspect)
        for activity_item in item.get("activities", []):
            _plan_activity(aspect, activity_item, sheet, catalogue)


def _plan_activity(aspect: PlannedAspect, item: dict, sheet: SheetPreview, catalogue: _Catalogue) -> None:
    row = item.get("row")
    values = _row_values(sheet.table, item)
    number = item.get("number")
    activity = aspect.activity(number) if number else None
    if activity is not None and activity.sheet == sheet.name:
        # The same number twice under one ASM of one sheet: two activities, the second renumbered.
        sheet.notes.append(f"Fila {row}: la actividad {number} se repite en el ASM {aspect.number}; se numera aparte.")
        activity, number = None, None
    if activity is None:
        end, end_precision = to_date(item.get("end_committed"))
        actual, actual_precision = to_date(item.get("end_actual"))
        if end is None and actual is None:
            sheet.problems.append(
                f"Fila {row}: la actividad «{str(item.get('description') or '')[:60]}» no tiene fecha de término; "
                "corrija el archivo."
            )
        elif end is None:
            # Some annexes print only when an activity ended (S054 2010): the model keeps the committed
            # date empty rather than invent one; the staff form asks for it when someone edits it.
            sheet.notes.append(
                f"Fila {row}: la actividad «{str(item.get('description') or '')[:60]}» sólo tiene fecha real de "
                "término; la fecha comprometida queda vacía."
            )
        units = [catalogue.unit(name) for name in split_units(item.get("units") or [])]
        activity = PlannedActivity(
            number=number or max((each.number for each in aspect.activities), default=0) + 1,
            description=str(item.get("description") or "")[:TEXT_MAX],
            units=units,
            # Against the names the plan will print: «DGOP» found by its acronym is a label to keep.
            units_label=units_label(item.get("units_cell"), [unit.printed_name for unit in units]),
            start=to_date(item.get("start"))[0],
            end=end,
            end_precision=end_precision,
            actual_end=actual,
            actual_precision=actual_precision,
            product=str(item.get("product") or "")[:TEXT_MAX],
            expected_results=str(item.get("expected_results") or "")[:TEXT_MAX],
            results_obtained=str(item.get("results_obtained") or _value(values, "resultados obtenidos"))[:TEXT_MAX],
            sheet=sheet.name,
            row=row,
            # «Fecha preliminar propuesta», and what an annex prints of a replanning it shows.
            end_note=str(item.get("end_note") or "")[:120],
            original_end=to_date(item.get("end_original"))[0],
            cancelled=bool(item.get("cancelled")),
        )
        aspect.activities.append(activity)
    if sheet.table["kind"] not in PROGRESS_KINDS or sheet.period is None:
        return
    percent = item.get("percent")
    justification = str(item.get("justification") or "")[:TEXT_MAX]
    if percent is None:
        if justification or item.get("replanning") is not None:
            activity.progress_note = f"Sin porcentaje («{justification or 'vacío'}»): no se registra avance."
        return
    if activity.report is not None:
        sheet.problems.append(
            f"Fila {row}: la actividad {activity.number} del ASM {aspect.number} ya tiene avance en el periodo "
            f"«{activity.report.period.name}» desde la hoja «{activity.sheet}»."
        )
        return
    replanning = item.get("replanning")
    activity.report = PlannedReport(
        period=sheet.period,
        percent=int(percent),
        justification=justification,
        replanning=replanning,
        # A replanning must say why (ProgressReport.clean): its own justification, else the report's.
        replanning_justification=(str(item.get("replanning_justification") or "") or justification)[:TEXT_MAX]
        if replanning
        else "",
        observations=str(item.get("observations") or _value(values, "observaciones"))[:TEXT_MAX],
        evidence_note=str(item.get("evidence") or _value(values, "identificacion del documento"))[:TEXT_MAX],
    )


# Committing. ---------------------------------------------------------------------------------------


def commit_import(*, import_: Import, by) -> list[Plan]:
    """Create what `preview(import_)` plans, in one transaction, or nothing.

    `by` is the capturista or supervisor who imports (None for a command, which acts as the
    system). Raises ImportBlocked when something blocks (the reader's errors, a choice missing,
    a plan that already exists…) or the import was already committed; any other failure rolls
    everything back and propagates. Returns the plans created, in borrador."""
    if by is not None and not captures_in(by, import_.agency_id):
        raise ImportBlocked(["Solo el personal de captura de la dependencia puede importar."])
    with acting_as_if_given(by), transaction.atomic():
        current = Import.objects.select_for_update().get(pk=import_.pk)
        if current.is_imported:
            raise ImportBlocked([f"La importación {current.pk} ya se realizó."])
        planned = preview(current, by=by)
        if planned.blocked:
            problems = [error_message(error) for error in planned.errors] + planned.problems
            raise ImportBlocked(problems)
        counts = planned.counts  # before the writes, which turn new units into known ones
        # Each ASM's and plan's stored progress is computed once, after its last activity and report,
        # instead of after every row: a document of a thousand activities is one refresh, not a thousand.
        with recorded_as(current.audit_source), progress.deferred():
            plans = [_create_plan(item, current, by) for item in planned.plans]
        current.status = Import.Status.IMPORTED
        current.counts = counts
        current.committed_by = by
        current.committed_by_name = display_name(by) if by is not None else "sistema"
        current.committed_at = timezone.now()
        current.save()
        current.plans.set(plans)
    import_.refresh_from_db()
    return plans


def error_message(error: dict) -> str:
    """«Hoja "Seguimiento ASM", fila 10, columna "Fecha Término": "mañana" no es una fecha»."""
    where = [f"Hoja «{error.get('sheet')}»"] if error.get("sheet") else []
    if error.get("row"):
        where.append(f"fila {error['row']}")
    if error.get("column"):
        where.append(f"columna «{error['column']}»")
    value = error.get("value")
    message = str(error.get("message") or "")
    shown = f"«{value}» {message}" if value not in (None, "") and str(value) not in message else message
    return f"{', '.join(where)}: {shown}" if where else shown


def _create_plan(item: PlannedPlan, import_: Import, by) -> Plan:
    evaluation = item.evaluation
    if evaluation is None and item.new_evaluation is not None:
        kind, year = item.new_evaluation
        evaluation = Evaluation.objects.create(program=item.program, type=kind, year=year)
    for recommendation in item.recommendations:
        assert evaluation is not None, "recommendations are planned with their evaluation"
        Recommendation.objects.create(
            evaluation=evaluation,
            number=recommendation.number,
            text=recommendation.text,
            attended=recommendation.attended,
            justification=recommendation.justification,
            scope=recommendation.scope,
        )
    plan = Plan.objects.create(
        program=item.program,
        cycle=item.cycle,
        evaluation=evaluation,
        responsible_name=item.responsible_name[:200],
        responsible_position=item.responsible_position[:200],
        prepared_on=item.prepared_on,
        # The document's signatures, as it printed them (no user of ours signed them); the
        # workflow signs again when the plan is submitted and authorised here.
        prepared_by_name=item.prepared_by_name,
        prepared_by_position=item.prepared_by_position[:200],
        authorised_by_name=item.authorised_by_name,
        authorised_by_position=item.authorised_by_position[:200],
    )
    for planned in item.aspects:
        unit = _unit(planned.coordinating_unit, import_.agency) if planned.coordinating_unit else None
        aspect = Aspect.objects.create(**_stored_values(planned, Aspect, plan=plan, coordinating_unit=unit))
        for planned_activity in planned.activities:
            # Dates, a replanned date and a cancelled activity as the document printed them.
            activity = Activity.objects.create(**_stored_values(planned_activity, Activity, aspect=aspect))
            activity.set_units([_unit(unit, import_.agency) for unit in planned_activity.units])
            report = planned_activity.report
            if report is not None:
                record_progress(
                    activity=activity,
                    period=report.period,
                    by=by,
                    percent=report.percent,
                    # As of its cut-off: an annex reports progress at the end of its period.
                    reported_on=min(report.period.end, timezone.localdate()),
                    justification=report.justification,
                    replanning=report.replanning,
                    replanning_justification=report.replanning_justification,
                    observations=report.observations,
                    evidence_note=report.evidence_note,
                )
        for planned_indicator in planned.indicators:
            indicator = Indicator.objects.create(
                aspect=aspect, number=planned_indicator.number, text=planned_indicator.text, kind=Indicator.Kind.PERCENT
            )
            for year, target in sorted(planned_indicator.targets.items()):
                IndicatorTarget.objects.create(indicator=indicator, year=year, value=Decimal(str(target)))
            for measurement in planned_indicator.measurements:
                # In the plan's draft round of that period (record_measurement gives it), rated on
                # save against the target just stored; the round follows the workflow once the
                # plan is authorised.
                record_measurement(
                    indicator=indicator,
                    period=_period(measurement.period),
                    by=by,
                    year=measurement.year,
                    value=measurement.value,
                    result_text=measurement.result_text,
                    rating=measurement.rating,
                    rating_overridden=measurement.overridden,
                    override_justification=measurement.justification,
                )
    return plan


def _period(planned: PlannedPeriod) -> CutOffPeriod:
    """The cycle's period, or the new one, created once (pending) for every result of its year."""
    if planned.existing is None:
        planned.existing = CutOffPeriod.objects.create(
            cycle=planned.cycle,
            name=planned.name,
            start=date(planned.year, 1, 1),
            end=date(planned.year, 12, 31),
        )
    return planned.existing


# The planned values the models store under another name (the preview reads the short ones).
STORED_AS = {
    "start": "start_date",
    "end": "end_date",
    "end_precision": "end_date_precision",
    "actual_end": "actual_end_date",
    "actual_precision": "actual_end_precision",
    "original_end": "original_end_date",
}


def _stored_values(planned: PlannedAspect | PlannedActivity, model: type[Model], **given: Any) -> dict[str, Any]:
    """The values of `planned` that are fields of `model`, by the model's names, then `given` (the
    parent, the units `_unit` finds or creates): what the preview shows is what is stored, with no
    list of fields to keep in step with the dataclass."""
    stored = {model_field.name for model_field in model._meta.concrete_fields}
    values = {STORED_AS.get(item.name, item.name): getattr(planned, item.name) for item in fields(planned)}
    return {name: value for name, value in values.items() if name in stored} | given


def _unit(planned: PlannedUnit, agency: Agency) -> Unit:
    """The catalogue's unit, or the new one, created once for every row that names it."""
    if planned.existing is None:
        planned.existing = Unit.objects.create(agency=agency, name=planned.name)
    return planned.existing
