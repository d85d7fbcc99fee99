"""The official annexes, each table declared once.

Like a syndication `Feed`, a `Table` says what an annex is: its title, its columns (a Spanish
label and how each cell is derived) and which columns belong to the ASM and are merged down
across its activity rows. The writers in `reports.writers` render any table as HTML, PDF, XLSX
or CSV. `Table.build(plan, period)` gives an `Annex`: the table for one plan (and, for the
progress annexes, one cut-off period) with its header block and signatures; its rows are a
generator over `.iterator()` querysets, so a datos export of any size streams.

Cells hold printed text (dates as users write them, «Porcentaje de avance: 75%»…); each column
may also name its `data` fields, the typed values of the datos layout (real dates, numbers).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from operator import attrgetter
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from aspects import progress
from aspects.models import (
    Activity,
    ActivityUnit,
    Aspect,
    ChangeRequest,
    DatePrecision,
    Plan,
    ProgressReport,
    ReportRound,
)
from aspects.templatetags.asm import written_date
from evidence.models import Evidence
from programs.filenames import download_name
from programs.models import CutOffPeriod, Recommendation
from programs.workflow import Reviewable, State

from .models import ProfileHeaderItem, ProfileTable

# Rows are read in chunks of this many ASM (with their activities, units and reports), which
# bounds the memory of an export whatever the size of the plan.
CHUNK_SIZE = 50

REPLANNING_FOOTNOTE = (
    "¹ En caso de un replanteamiento de las acciones comprometidas se deberá justificar y en su caso se solicita "
    "se vuelva a llenar las actividades y sus características."
)


@dataclass(slots=True)
class Row:
    """One printed row: an activity under its ASM, an ASM, or a recommendation."""

    aspect: Aspect | None = None
    activity: Activity | None = None
    recommendation: Recommendation | None = None
    report: ProgressReport | None = None  # the latest report at the cut-off (progress annexes)
    period: CutOffPeriod | None = None
    # The tables of plans measured by indicators (reports/indicator_tables.py): an indicator with
    # its measurement at the cut-off, or one row of the plan's own (a product change, a gap).
    indicator: Any = None
    measurement: Any = None
    item: Any = None
    first: bool = True  # first row of its ASM
    span: int = 1  # on the first row: how many rows its ASM takes


Getter = Callable[[Row], Any]


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def path(dotted: str) -> Getter:
    """`"aspect.scope.code"` → a getter that answers None where a link of the path is missing."""
    get_path = attrgetter(dotted)

    def get(row: Row) -> Any:
        # attrgetter walks the path in C, which counts at a datos export's hundreds of
        # thousands of rows; a missing link (an ASM without scope) ends it with AttributeError.
        try:
            return get_path(row)
        except AttributeError:
            return None

    return get


@dataclass(frozen=True)
class Field:
    """A column of the datos layout: a label and a typed value (str, int, date or None)."""

    label: str
    get: Getter


@dataclass(frozen=True)
class Column:
    label: str
    text: Getter | str  # the printed cell; a dotted path is read from the row
    data: tuple[Field, ...] = ()  # the datos columns; by default the printed text under the same label
    group: bool = False  # an ASM column, merged down across the ASM's activity rows
    width: int = 14  # relative width: characters in XLSX, proportions in HTML and PDF
    # The typed value of a spreadsheet's anexo cell (a date, a fraction for a percent), when the
    # printed text is exactly that value; None on a row prints the text instead.
    value: Getter | None = None
    number_format: str = ""  # of that value: "dd/mm/yyyy", "0%"
    get_text: Getter = field(init=False, repr=False, compare=False)  # `text` as a getter

    def __post_init__(self) -> None:
        object.__setattr__(self, "get_text", path(self.text) if isinstance(self.text, str) else self.text)

    def cell(self, row: Row) -> str:
        value = self.get_text(row)
        return "" if value is None else str(value)

    @property
    def fields(self) -> tuple[Field, ...]:
        return self.data or (Field(self.label, self.cell),)


@dataclass(slots=True)
class Cell:
    text: str
    column: Column
    rowspan: int = 1  # > 1 on the first row of a merged ASM cell
    covered: bool = False  # lies under a merged cell of the row above
    value: Any = None  # the typed value (Column.value), when the column has one for this row
    number: str = ""  # the ASM's «No.» on every row, so that a page starting mid-ASM can repeat it
    continued: bool = False  # a covered «No.» cell at the top of a page: prints «N (continúa)»
    joined: bool = False  # printed on in the next row: a tall row cut in pieces for the PDF (writers/pdf.py)


# What marks a document nobody authorised yet, in every format: the word printed on the PDF, HTML,
# XLSX and DOCX, and the value of the datos layout's «Estado del documento» column.
DRAFT = "BORRADOR"
AUTHORISED = "Autorizado"
DOCUMENT_STATE = "Estado del documento"


@dataclass(frozen=True)
class Signature:
    role: str  # «Elaboró» or «Autorizó»
    name: str
    position: str


# How cells are written. ---------------------------------------------------------------


def date_text(value: date | None, precision: str = DatePrecision.DAY) -> str:
    return written_date(value, precision) if value else ""


def lines(*values: str | None, sep: str = "\n") -> str:
    return sep.join(value for value in values if value)


def date_column(label: str, value: Getter, width: int) -> Column:
    """A column of dates: written out in the anexo («31 de diciembre de 2017»), a date cell in a
    workbook and in the datos layout."""
    return Column(
        label,
        lambda row: date_text(value(row)),
        width=width,
        data=(Field(label, value),),
        value=value,
        number_format=DATE_FORMAT,
    )


def with_activity(get: Callable[[Activity, Row], Any]) -> Getter:
    """Activity cells are empty on the row of an ASM that has no activity yet."""
    return lambda row: None if row.activity is None else get(row.activity, row)


def aspect_of(row: Row) -> Aspect:
    """The row's ASM: every row of an ASM's table has one (only the recommendations' rows have none)."""
    assert row.aspect is not None, "a row of an ASM's table without its ASM"
    return row.aspect


def constant(value: Any) -> Getter:
    """A datos field that is the same on every row of an annex (its program, cycle, period)."""
    return lambda row: value


def aspect_number(row: Row) -> int:
    # The «No.» printed in its own document when it differs from the plan's numbering.
    aspect = aspect_of(row)
    return aspect.document_number or aspect.number


def cancelled_mark(activity: Activity, text: str) -> str:
    return f"{text}\n[Cancelada por replanteamiento]" if activity.cancelled else text


def activity_text(activity: Activity, row: Row) -> str:
    """The CONEVAL layout numbers the activities of an ASM: «1. …»."""
    return cancelled_mark(activity, f"{activity.number}. {activity.description}")


def activity_as_written(activity: Activity, row: Row) -> str:
    """The activity as the agency wrote it, numbered only if it numbered it."""
    return cancelled_mark(activity, activity.description)


def end_date_text(activity: Activity, row: Row | None = None) -> str:
    """«31/12/2010», «diciembre de 2009», «Fecha preliminar propuesta 31/12/2010»,
    «Fecha comprometida 31/12/2008 y fecha real de término 23/12/2008»; nothing where the source
    gives no committed date (only the actual one, if any)."""
    if activity.end_date is None:
        actual = date_text(activity.actual_end_date, activity.actual_end_precision)
        return f"Fecha real de término {actual}" if actual else ""
    committed = date_text(activity.end_date, activity.end_date_precision)
    if activity.end_note:
        committed = f"{activity.end_note} {committed}"
    if activity.original_end_date:
        committed = f"{committed} (replanteada; originalmente {date_text(activity.original_end_date)})"
    if activity.actual_end_date:
        actual = date_text(activity.actual_end_date, activity.actual_end_precision)
        return f"Fecha comprometida {committed} y fecha real de término {actual}"
    return committed


def end_cell(row: Row) -> str:
    """An activity's end date; on the row of an ASM without activities, the ASM's own."""
    if row.activity is None:
        return date_text(aspect_of(row).end_date)
    return end_date_text(row.activity, row)


def end_value(row: Row) -> date | None:
    """The end date as a spreadsheet date, where the cell prints only a full date."""
    activity = row.activity
    if activity is None:
        return aspect_of(row).end_date
    plain = not (activity.end_note or activity.original_end_date or activity.actual_end_date)
    return activity.end_date if plain and activity.end_date_precision == DatePrecision.DAY else None


def precision_text(precision: str | None, value: date | None) -> str | None:
    """«día» or «mes» next to a date in the datos layout: «Diciembre 2009» is a month, not its last day."""
    return DatePrecision(precision).label if value and precision else None


def units_text(activity: Activity, row: Row, sep: str = "\n") -> str:
    """The cell as the agency printed it, else the units' names in the order it wrote them."""
    return activity.units_label or sep.join(activity.unit_names)


def activity_coordinating_unit(row: Row) -> str | None:
    activity = row.activity
    if activity is not None and activity.coordinating_unit is not None:
        return activity.coordinating_unit.name
    unit = aspect_of(row).coordinating_unit
    return unit.name if unit else None


def products_text(activity: Activity, row: Row) -> str:
    # A product cell the document prints once for several activities is kept on the ASM.
    return activity.product or aspect_of(row).products


def expected_results_text(row: Row) -> str:
    aspect = aspect_of(row)
    if aspect.expected_results:
        return aspect.expected_results
    return lines(*dict.fromkeys(activity.expected_results for activity in aspect.listed_activities))


def replanned(row: Row) -> bool | None:
    """Replanteamiento: Sí when the report says so or a replanning was authorised before the
    cut-off; No when the report says No; None when nobody said (the cell leaves it out)."""
    if getattr(row.activity, "replanned_to_date", False):
        return True
    return row.report.replanning if row.report else None


def yes_no(value: bool | None) -> str | None:
    return None if value is None else ("Sí" if value else "No")


def percent(row: Row) -> int | None:
    """The reported percent; None without a report at the cut-off (printed «Sin reporte al corte»,
    blank in datos and CSV: nobody reported 0 %)."""
    return row.report.percent if row.report else None


def percent_text(row: Row) -> str:
    value = percent(row)
    return "" if value is None else f"{value}%"


def percent_value(row: Row) -> float | None:
    value = percent(row)
    return None if value is None else value / 100


def progress_text(activity: Activity, row: Row) -> str:
    """The progress cell: only what the report captured; in the document's own words when the
    report keeps them (`printed_text`: «Avance %:100»), else in the standard wording."""
    report = row.report
    if report is not None and report.printed_text.strip():
        text = [report.printed_text.strip()]
        if row.period and report.period_id != row.period.pk:
            text.append(f"(Reportado al corte de {report.period.name}.)")
        return "\n".join(text)
    if report is None:
        text = ["Sin reporte al corte"]
    else:
        text = [f"Porcentaje de avance: {report.percent}%"]
        if row.period and report.period_id != row.period.pk:
            text.append(f"(Reportado al corte de {report.period.name}.)")
        if report.justification:
            text.append(f"Justificación: {report.justification}")
    replanning = yes_no(replanned(row))
    if replanning:
        text.append(f"Replanteamiento: {replanning}")
    if report and report.replanning_justification and report.replanning_justification != report.justification:
        text.append(f"Justificación del replanteamiento: {report.replanning_justification}")
    return "\n".join(text)


def evidence_identification(report: ProgressReport | None) -> str:
    """Identificación del documento probatorio: the text the report captured («Reglas de Operación
    del Programa Opciones Productivas 2011 y 2012»); the names of the evidence files in force (or
    their links) only where no text identifies the evidence.

    Reads `report.identifying_evidence`, which `ActivityTable.add_latest_reports` fills."""
    if report is None:
        return ""
    note = report.evidence_note.strip()
    if note:
        return note
    in_force = getattr(report, "identifying_evidence", None)
    if in_force is None:
        in_force = report.evidence.filter(current=True).order_by("pk")
    return "\n".join(evidence.original_name or evidence.url for evidence in in_force)


def observations_text(row: Row) -> str:
    return lines(aspect_of(row).observations if row.first else "", row.report.observations if row.report else "")


# The columns, each defined once. ---------------------------------------------------------

DATE_FORMAT = "dd/mm/yyyy"
PERCENT_FORMAT = "0%"

NUMBER = Column("No.", aspect_number, group=True, width=6, data=(Field("No. ASM", aspect_number),))
TOPIC = Column("Tema", "aspect.topic.name", group=True, width=12)
ASPECT = Column("Aspecto Susceptible de Mejora", "aspect.text", group=True, width=32)
CLASSIFICATION = Column("Clasificación", lambda row: aspect_of(row).get_kind_display(), group=True, width=14)
SCOPE = Column("Ámbito de gestión", "aspect.scope.code", group=True, width=9)
COORDINATING_UNIT = Column("Área coordinadora", "aspect.coordinating_unit.name", group=True, width=20)
# Where the document gives a coordinating unit per activity (the 3x1 institutional annex).
ACTIVITY_COORDINATING_UNIT = Column("Área coordinadora", activity_coordinating_unit, width=20)
ACTIVITY_FIELDS = (
    Field("No. actividad", path("activity.number")),
    Field("Actividad", path("activity.description")),
    Field("Cancelada", with_activity(lambda activity, row: "Sí" if activity.cancelled else "No")),
)
ACTIVITIES = Column("Actividades", with_activity(activity_text), width=32, data=ACTIVITY_FIELDS)
ACTIVITY = Column(
    "Actividades",
    with_activity(activity_as_written),
    width=32,
    data=(
        Field("Actividades", with_activity(activity_as_written)),
        ACTIVITY_FIELDS[0],
        ACTIVITY_FIELDS[2],
    ),
)
START = date_column("Fecha de inicio", with_activity(lambda activity, row: activity.start_date), width=13)
END = Column(
    "Fecha de término",
    end_cell,
    width=16,
    data=(
        Field("Fecha de término", lambda row: row.activity.end_date if row.activity else aspect_of(row).end_date),
        Field(
            "Precisión de la fecha de término",
            lambda row: (
                precision_text(row.activity.end_date_precision, row.activity.end_date)
                if row.activity
                else precision_text(DatePrecision.DAY, aspect_of(row).end_date)
            ),
        ),
        Field("Nota de la fecha", path("activity.end_note")),
        Field("Fecha de término original", path("activity.original_end_date")),
        Field("Fecha real de término", path("activity.actual_end_date")),
        Field(
            "Precisión de la fecha real de término",
            with_activity(
                lambda activity, row: precision_text(activity.actual_end_precision, activity.actual_end_date)
            ),
        ),
    ),
    value=end_value,
    number_format=DATE_FORMAT,
)
PRODUCTS = Column("Productos y/o evidencias", with_activity(products_text), width=24)
UNITS = Column(
    "Área responsable",
    with_activity(units_text),
    width=22,
    data=(Field("Área responsable", with_activity(lambda activity, row: units_text(activity, row, sep="; "))),),
)
EXPECTED_RESULTS = Column(
    "Resultados esperados",
    expected_results_text,
    group=True,
    width=24,
    data=(
        Field(
            "Resultados esperados",
            lambda row: (row.activity and row.activity.expected_results) or expected_results_text(row),
        ),
    ),
)
# Where the document prints them per activity (the 3x1 institutional annex).
ACTIVITY_EXPECTED_RESULTS = Column(
    "Resultados esperados",
    lambda row: (
        (row.activity and row.activity.expected_results) or (aspect_of(row).expected_results if row.first else "")
    ),
    width=24,
)
OBTAINED_RESULTS = Column("Resultados obtenidos", "activity.results_obtained", width=24)
PROGRESS = Column(
    "Porcentaje de avance y justificación ¹",
    with_activity(progress_text),
    width=24,
    data=(
        Field("Avance (%)", with_activity(lambda activity, row: percent(row))),
        Field("Justificación", path("report.justification")),
        Field("Replanteamiento", with_activity(lambda activity, row: yes_no(replanned(row)))),
        Field("Justificación del replanteamiento", path("report.replanning_justification")),
        Field("Periodo del reporte", path("report.period.name")),
        Field("Fecha de reporte", path("report.reported_on")),
    ),
)
# The percent alone («100%»), as a number cell formatted as a percent.
PERCENT = Column(
    "Porcentaje de avance",
    with_activity(lambda activity, row: percent_text(row)),
    width=10,
    data=(Field("Avance (%)", with_activity(lambda activity, row: percent(row))),),
    value=with_activity(lambda activity, row: percent_value(row)),
    number_format=PERCENT_FORMAT,
)
EVIDENCE = Column(
    "Identificación del documento probatorio (Nombre del archivo y extensión)",
    lambda row: evidence_identification(row.report),
    width=20,
)
OBSERVATIONS = Column(
    "Observaciones",
    observations_text,
    width=22,
    data=(
        Field("Observaciones del ASM", path("aspect.observations")),
        Field("Observaciones del avance", path("report.observations")),
    ),
)

# Every column an activity table may print, by the key a column profile names it with.
ACTIVITY_CATALOGUE: dict[str, Column] = {
    "number": NUMBER,
    "topic": TOPIC,
    "aspect": ASPECT,
    "classification": CLASSIFICATION,
    "scope": SCOPE,
    "coordinating_unit": COORDINATING_UNIT,
    "activity_coordinating_unit": ACTIVITY_COORDINATING_UNIT,
    "activities": ACTIVITIES,
    "activity": ACTIVITY,
    "start": START,
    "end": END,
    "products": PRODUCTS,
    "units": UNITS,
    "expected_results": EXPECTED_RESULTS,
    "activity_expected_results": ACTIVITY_EXPECTED_RESULTS,
    "obtained_results": OBTAINED_RESULTS,
    "progress": PROGRESS,
    "percent": PERCENT,
    "evidence": EVIDENCE,
    "observations": OBSERVATIONS,
}


# The tables. -------------------------------------------------------------------------------


class Table:
    slug: str
    title: str
    columns: tuple[Column, ...]  # the CONEVAL layout, printed by a plan without a column profile
    catalogue: dict[str, Column]  # every column a profile may choose, by key
    sheet: str  # the name of its sheet in a workbook of several tables (31 characters at most)
    needs_period: bool = False
    empty_message: str = "No hay registros."
    footnotes: tuple[str, ...] = ()

    def __init__(self, **attributes: Any) -> None:
        for name, value in attributes.items():
            setattr(self, name, value)

    def __repr__(self) -> str:
        return f"<Table {self.slug}>"

    def rows(self, plan: Plan, period: CutOffPeriod | None, public: bool = False) -> Iterator[Row]:
        raise NotImplementedError

    def empty_text(self, plan: Plan) -> str:
        return self.empty_message

    def profile_for(self, plan: Plan) -> ProfileTable | None:
        """This table in the plan's column profile, with its columns and header items."""
        return (
            ProfileTable.objects.filter(profile__plans__plan=plan, table=self.slug)
            .prefetch_related("columns", "header_items")
            .first()
        )

    def profile_columns(self, profile: ProfileTable) -> tuple[Column, ...]:
        """The profile's columns: the catalogue's, under the profile's header text."""
        columns = []
        for item in profile.columns.all():
            column = self.catalogue[item.key]
            label = item.label or column.label
            data = column.data
            if data and item.label:
                # The datos layout names the column's first value as the document does.
                data = (replace(data[0], label=label), *data[1:])
            columns.append(
                replace(
                    column,
                    label=label,
                    data=data,
                    group=column.group or item.merged,
                    width=item.width or column.width,
                )
            )
        return tuple(columns)

    def build(
        self, plan: Plan, period: CutOffPeriod | None = None, *, public: bool = False, standard: bool = False
    ) -> Annex:
        """The table for one plan, in the plan's column profile. `public`: as the transparency
        section shows it, with only authorised progress reports and publishable evidence (the
        plan must be authorised). `standard`: in the CONEVAL layout whatever the plan's profile,
        so that the rows of several programs share their columns (the consolidated annex)."""
        profile = None if standard else self.profile_for(plan)
        if not self.needs_period:
            return Annex(self, plan, public=public, profile=profile)
        period = period or self.default_period(plan)
        if period is not None and period.cycle_id != plan.cycle_id:
            raise ValueError(f"El periodo «{period}» no es del ciclo del programa de trabajo.")
        round_ = self.round_of(plan, period) if period else None
        return Annex(self, plan, period, round_, public=public, profile=profile)

    # What a table cut at a period is signed by, and which periods it is cut at. The progress
    # annexes: the plan's round of progress reports; the indicator tables override these.
    def default_period(self, plan: Plan) -> CutOffPeriod | None:
        return default_period(plan)

    def round_of(self, plan: Plan, period: CutOffPeriod) -> Reviewable | None:
        return ReportRound.objects.filter(plan=plan, period=period).first()

    def public_periods(self, plan: Plan) -> list[CutOffPeriod]:
        """The periods the public may cut this table at: those whose round is authorised, in order."""
        rounds = ReportRound.objects.public().filter(plan=plan).select_related("period").order_by("period__end")
        return [round_.period for round_ in rounds]

    def extra_header(self, annex: Annex) -> list[tuple[str, str]]:
        """Lines a table adds to the CONEVAL header block, before «Fecha de elaboración»."""
        return []


class RecommendationTable(Table):
    """The recommendations of the plan's evaluation, and any other its ASM come from."""

    def empty_text(self, plan: Plan) -> str:
        if plan.evaluation_id:
            return "La evaluación de origen no tiene recomendaciones registradas."
        return self.empty_message

    def rows(self, plan, period, public=False):
        recommendations = (
            Recommendation.objects.filter(Q(evaluation_id=plan.evaluation_id) | Q(aspects__plan=plan))
            .distinct()
            .select_related("evaluation", "scope")
            .order_by("evaluation__year", "evaluation_id", "number")
        )
        for recommendation in recommendations.iterator(chunk_size=CHUNK_SIZE):
            yield Row(recommendation=recommendation)


class AspectTable(Table):
    """One row per ASM, with the dates of its activities where it has none of its own."""

    def rows(self, plan, period, public=False):
        aspects = plan.aspects.select_related("scope").prefetch_related("activities").order_by("number")
        for aspect in aspects.iterator(chunk_size=CHUNK_SIZE):
            yield Row(aspect=aspect)


class ActivityTable(Table):
    """Activities as rows under their ASM, for the ASM of the given kinds.

    Read a chunk of ASM at a time, with four queries per chunk: its activities (and whether a
    replanning was authorised before the cut-off, as an SQL flag), their unit names, the latest
    report of each at the cut-off and the evidence in force that identifies it. They are joined
    here, by id, into plain attributes (`aspect.listed_activities`, `activity.unit_names`,
    `activity.latest_report`, `report.identifying_evidence`) rather than through prefetch_related:
    Django's prefetching costs more than the rows themselves at a datos export's hundreds of
    thousands of rows, and it ties the objects in reference cycles (each way of a relation) that
    only the cyclic collector frees. With links one way only, a finished chunk is freed at once,
    so an export of any size holds one chunk.
    """

    kinds: tuple[str, ...] = ()

    def rows(self, plan, period, public=False):
        aspects = (
            plan.aspects.filter(kind__in=self.kinds)
            .select_related("scope", "topic", "coordinating_unit")
            .order_by(Coalesce("document_number", "number"), "number")
        )
        # The cycle's periods up to the cut-off, read once: one instance per period, not one per report.
        periods = (
            {item.pk: item for item in CutOffPeriod.objects.filter(cycle_id=plan.cycle_id, end__lte=period.end)}
            if period
            else {}
        )
        for batch in batched(aspects.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
            activities = self.activities(batch, period, periods, public)
            for aspect in batch:
                aspect.listed_activities = activities.get(aspect.pk, [])
                yield from self.aspect_rows(aspect, period)

    @staticmethod
    def activities(
        aspects: list[Aspect], period: CutOffPeriod | None, periods: dict[int, CutOffPeriod], public: bool = False
    ) -> dict[int, list[Activity]]:
        """The activities of a chunk of ASM, by ASM, with their unit names and (at a cut-off) their latest report."""
        aspect_ids = [aspect.pk for aspect in aspects]
        activities = (
            Activity.objects.filter(aspect_id__in=aspect_ids).select_related("coordinating_unit").order_by("number")
        )
        if period is not None:
            replans = ChangeRequest.objects.filter(state=State.AUTHORISED, authorised_at__date__lte=period.end)
            activities = activities.annotate(replanned_to_date=Exists(replans.filter(activity=OuterRef("pk"))))
        by_aspect: dict[int, list[Activity]] = {}
        by_id: dict[int, Activity] = {}
        for activity in activities:
            activity.unit_names = []
            activity.latest_report = None
            by_id[activity.pk] = activity
            by_aspect.setdefault(activity.aspect_id, []).append(activity)
        # Names only (a prefetch would build a Unit per activity), in the order the agency wrote them.
        pairs = ActivityUnit.objects.filter(activity__aspect_id__in=aspect_ids).order_by("position", "pk")
        for activity_id, name in pairs.values_list("activity_id", "unit__name"):
            by_id[activity_id].unit_names.append(name)
        if period is not None and by_id:
            ActivityTable.add_latest_reports(by_id, periods, public)
        return by_aspect

    @staticmethod
    def add_latest_reports(activities: dict[int, Activity], periods: dict[int, CutOffPeriod], public: bool) -> None:
        """`activity.latest_report`: its latest report in `periods` (the cycle's up to the cut-off;
        authorised only for the public), with `report.identifying_evidence`: where the report has
        no text that identifies its evidence, its evidence in force (publishable only for the public)."""
        reports = ProgressReport.objects.public() if public else ProgressReport.objects.all()
        evidence = Evidence.objects.public() if public else Evidence.objects.all()
        # By the activities' own ids: a join on their ASM makes PostgreSQL hash all of the plan's
        # ASM for the public's rule (the round's plan).
        latest = progress.latest_reports(reports.filter(activity_id__in=activities), periods=periods.values())
        for activity_id, report in latest.items():
            report.period = periods[report.period_id]
            report.identifying_evidence = []
            activities[activity_id].latest_report = report
        # Files identify the evidence only where no text does (evidence_identification), and most
        # reports have the text: their files are not read.
        by_report = {report.pk: report for report in latest.values() if not report.evidence_note.strip()}
        if by_report:
            for item in evidence.filter(current=True, report_id__in=by_report).order_by("pk"):
                assert item.report_id is not None  # filtered by its report
                by_report[item.report_id].identifying_evidence.append(item)

    @staticmethod
    def aspect_rows(aspect: Aspect, period: CutOffPeriod | None) -> Iterator[Row]:
        activities: Sequence[Activity | None] = aspect.listed_activities or [None]
        for index, activity in enumerate(activities):
            yield Row(
                aspect=aspect,
                activity=activity,
                report=getattr(activity, "latest_report", None),
                period=period,
                first=index == 0,
                span=len(activities) if index == 0 else 0,
            )


def aspect_start(row: Row) -> date | None:
    aspect = aspect_of(row)
    return aspect.start_date or min((a.start_date for a in aspect.activities.all() if a.start_date), default=None)


def aspect_end(row: Row) -> date | None:
    # The stored end date (aspects.progress), so the annex and the public ASM page agree.
    return aspect_of(row).due_date


def aspect_products(row: Row) -> str:
    aspect = aspect_of(row)
    return aspect.products or lines(*dict.fromkeys(a.product for a in aspect.activities.all()))


RECOMMENDATION_CATALOGUE: dict[str, Column] = {
    "number": Column("No.", "recommendation.number", width=5, data=(Field("No.", path("recommendation.number")),)),
    "year": Column(
        "Año de evaluación",
        "recommendation.evaluation.year",
        width=10,
        data=(Field("Año de evaluación", path("recommendation.evaluation.year")),),
    ),
    "text": Column("Descripción", "recommendation.text", width=70),
    "scope": Column("Ámbito de gestión", "recommendation.scope.code", width=10),
    "attended": Column(
        "Atención", lambda row: "SI" if row.recommendation and row.recommendation.attended else "NO", width=9
    ),
    "justification": Column("Justificación", "recommendation.justification", width=40),
}

RECOMMENDATIONS = RecommendationTable(
    slug="recomendaciones",
    sheet="Recomendaciones",
    title="Selección de recomendaciones",
    empty_message="El programa de trabajo no tiene evaluación de origen ni recomendaciones asociadas.",
    catalogue=RECOMMENDATION_CATALOGUE,
    columns=tuple(RECOMMENDATION_CATALOGUE.values()),
)

SUMMARY_CATALOGUE: dict[str, Column] = {
    "number": Column("No.", "aspect.number", width=5, data=(Field("No.", path("aspect.number")),)),
    "aspect": Column("Aspecto Susceptible de Mejora", "aspect.text", width=60),
    "kind": Column("Tipo", lambda row: f"Documento {aspect_of(row).get_kind_display().lower()}", width=18),
    "kind_caps": Column("Tipo", lambda row: f"DOCUMENTO {aspect_of(row).get_kind_display().upper()}", width=18),
    "scope": Column("Ámbito de gestión", "aspect.scope.code", width=10),
    "start": date_column("Fecha de inicio", aspect_start, width=11),
    "end": date_column("Fecha de término", aspect_end, width=11),
    "products": Column("Productos y/o evidencias", aspect_products, width=30),
}

SUMMARY = AspectTable(
    slug="resumen",
    sheet="Resumen",
    title="Resumen del programa de ASM",
    empty_message="El programa de trabajo no tiene ASM.",
    catalogue=SUMMARY_CATALOGUE,
    columns=tuple(column for key, column in SUMMARY_CATALOGUE.items() if key != "kind_caps"),
)

SPECIFIC = ActivityTable(
    slug="especifico",
    sheet="Específico",
    title="Documento de trabajo (ASM específicos)",
    kinds=(Aspect.Kind.SPECIFIC,),
    empty_message="No se definió un documento de trabajo de aspectos específicos.",
    catalogue=ACTIVITY_CATALOGUE,
    columns=(NUMBER, ASPECT, SCOPE, ACTIVITIES, START, END, PRODUCTS, UNITS, EXPECTED_RESULTS),
)

INSTITUTIONAL = ActivityTable(
    slug="institucional",
    sheet="Institucional",
    title="Documento institucional",
    kinds=(Aspect.Kind.INSTITUTIONAL,),
    empty_message="No se definió un documento de trabajo institucional.",
    catalogue=ACTIVITY_CATALOGUE,
    columns=(
        NUMBER,
        TOPIC,
        ASPECT,
        CLASSIFICATION,
        SCOPE,
        COORDINATING_UNIT,
        ACTIVITIES,
        START,
        END,
        PRODUCTS,
        UNITS,
        EXPECTED_RESULTS,
    ),
)

INTERINSTITUTIONAL = ActivityTable(
    slug="interinstitucional",
    sheet="Interinstitucional",
    title="Documento interinstitucional e intergubernamental",
    kinds=(Aspect.Kind.INTERINSTITUTIONAL, Aspect.Kind.INTERGOVERNMENTAL),
    empty_message="No se definió un documento de trabajo interinstitucional e intergubernamental",
    catalogue=ACTIVITY_CATALOGUE,
    columns=INSTITUTIONAL.columns,
)

# What an «avance» table shows of each activity at the cut-off, after the columns that say which activity it is.
PROGRESS_COLUMNS = (END, EXPECTED_RESULTS, OBTAINED_RESULTS, PRODUCTS, PROGRESS, EVIDENCE, OBSERVATIONS)


def progress_table(document: ActivityTable, **attributes: Any) -> ActivityTable:
    """The «avance» table of a document of work: the same ASM, each activity as it stands at a cut-off period."""
    return ActivityTable(
        kinds=document.kinds,
        empty_message=document.empty_message,
        catalogue=document.catalogue,
        needs_period=True,
        footnotes=(REPLANNING_FOOTNOTE,),
        **attributes,
    )


PROGRESS_ANNEX = progress_table(
    SPECIFIC,
    slug="avance",
    sheet="Avance",
    title="Anexo C. Avance al documento de trabajo",
    columns=(NUMBER, ASPECT, ACTIVITIES, UNITS, *PROGRESS_COLUMNS),
)

INSTITUTIONAL_PROGRESS = progress_table(
    INSTITUTIONAL,
    slug="avance-institucional",
    sheet="Avance institucional",
    title="Avance al documento institucional",
    columns=(
        NUMBER,
        TOPIC,
        ASPECT,
        CLASSIFICATION,
        ACTIVITIES,
        UNITS,
        COORDINATING_UNIT,
        *PROGRESS_COLUMNS,
    ),
)

TABLES: dict[str, Table] = {
    table.slug: table
    for table in (
        RECOMMENDATIONS,
        SUMMARY,
        SPECIFIC,
        INSTITUTIONAL,
        INTERINSTITUTIONAL,
        PROGRESS_ANNEX,
        INSTITUTIONAL_PROGRESS,
    )
}


def default_period(plan: Plan) -> CutOffPeriod | None:
    """The latest closed period in which the plan has reports; else the latest with reports;
    else the cycle's last period (an empty progress annex can still be printed)."""
    periods = plan.cycle.periods.order_by("-end")
    # Driven from the plan's own activities: other plans' reports in the same periods are not read.
    with_reports = periods.filter(pk__in=ProgressReport.objects.filter(activity__aspect__plan=plan).values("period_id"))
    return with_reports.filter(status=CutOffPeriod.Status.CLOSED).first() or with_reports.first() or periods.first()


# A table built for one plan. ------------------------------------------------------------------


@dataclass
class Annex:
    table: Table
    plan: Plan
    period: CutOffPeriod | None = None
    round: Reviewable | None = None  # what a table cut at a period is signed by (a round)
    public: bool = False
    profile: ProfileTable | None = None  # this table in the plan's column profile; None: the CONEVAL layout
    built_on: date = field(default_factory=timezone.localdate)

    @property
    def signed(self) -> Reviewable | None:
        """What the signatures are of: the plan, or for a progress annex its round of reports."""
        return self.round if self.table.needs_period else self.plan

    @property
    def is_authorised(self) -> bool:
        return self.signed is not None and self.signed.state == State.AUTHORISED

    @property
    def document_state(self) -> str:
        """See `document_state()`."""
        return document_state(self)

    @property
    def title_lines(self) -> list[str]:
        """The lines printed above the table: the profile's, as the document prints them, or the table's title."""
        if self.profile is not None and self.profile.title.strip():
            return [line.strip() for line in self.profile.title.strip().splitlines() if line.strip()]
        return [self.table.title]

    @property
    def title(self) -> str:
        return "\n".join(self.title_lines)

    @property
    def subtitle(self) -> str:
        if self.profile is not None and not self.profile.show_plan_title:
            return ""
        return self.plan.title or f"Programa de trabajo de ASM · {self.plan.cycle.name}"

    @property
    def empty_message(self) -> str:
        return self.table.empty_text(self.plan)

    @property
    def prepared_on(self) -> date | None:
        """Fecha de elaboración: the plan's, as captured (none is none); for a progress annex the
        day its round of reports was sent."""
        if not self.table.needs_period:
            return self.plan.prepared_on
        if self.round is not None and self.round.prepared_at:
            return timezone.localdate(self.round.prepared_at)
        return None

    def header_value(self, item: str) -> str:
        plan, program = self.plan, self.plan.program
        Item = ProfileHeaderItem.Item
        if item == Item.AGENCY:
            return program.agency.name
        if item == Item.PROGRAM:
            return program.name
        if item == Item.RESPONSIBLE:
            return lines(plan.responsible_name, plan.responsible_position, sep=", ")
        if item == Item.RESPONSIBLE_NAME:
            return plan.responsible_name
        if item == Item.EVALUATION:
            return str(plan.evaluation) if plan.evaluation_id else ""
        if item == Item.CYCLE:
            return plan.cycle.name
        if item == Item.PERIOD:
            period = self.period
            return f"{period.name} (del {date_text(period.start)} al {date_text(period.end)})" if period else ""
        if item == Item.PREPARED_ON:
            return date_text(self.prepared_on)
        raise ValueError(item)

    @property
    def header(self) -> list[tuple[str, str]]:
        """The header block: the profile's lines (a label may be empty: the value alone; none at all
        where the document prints none), or the CONEVAL block. A value nobody captured prints empty."""
        if self.profile is not None:
            return [(item.label, self.header_value(item.item)) for item in self.profile.header_items.all()]
        Item = ProfileHeaderItem.Item
        keys = [
            ("Dependencia o entidad responsable", Item.AGENCY),
            ("Programa o fondo evaluado", Item.PROGRAM),
            ("Nombre y cargo del responsable de la elaboración y seguimiento", Item.RESPONSIBLE),
            ("Ciclo", Item.CYCLE),
        ]
        if self.plan.evaluation_id:
            keys.insert(2, ("Evaluación de origen", Item.EVALUATION))
        if self.table.needs_period:
            keys.append(("Periodo de corte", Item.PERIOD))
        header = [(label, self.header_value(item)) for label, item in keys]
        header += self.table.extra_header(self)
        header.append(("Fecha de elaboración", self.header_value(Item.PREPARED_ON)))
        return header

    @property
    def signatures(self) -> list[Signature]:
        signed = self.signed
        prepared = (
            Signature("Elaboró", signed.prepared_by_name, signed.prepared_by_position)
            if signed
            else Signature("Elaboró", "", "")
        )
        if signed is not None and self.is_authorised:
            return [prepared, Signature("Autorizó", signed.authorised_by_name, signed.authorised_by_position)]
        return [prepared, Signature("Autorizó", "", "")]

    @property
    def columns(self) -> tuple[Column, ...]:
        """The profile's columns, or the table's own (the CONEVAL layout)."""
        if self.profile is not None:
            cached = getattr(self, "_profile_columns", None)
            if cached is None:
                cached = self.table.profile_columns(self.profile)
                self._profile_columns = cached
            return cached
        return self.table.columns

    def rows(self) -> Iterator[Row]:
        return self.table.rows(self.plan, self.period, public=self.public)

    def grid(self) -> Iterator[list[Cell]]:
        """The printed cells row by row; ASM columns merged down across their activity rows."""
        columns = self.columns
        for row in self.rows():
            number = str(aspect_number(row)) if row.aspect is not None else ""
            cells = []
            for column in columns:
                if column.group and not row.first:
                    cells.append(Cell("", column, covered=True, number=number))
                else:
                    value = column.value(row) if column.value is not None else None
                    cells.append(
                        Cell(
                            column.cell(row),
                            column,
                            rowspan=row.span if column.group else 1,
                            value=value,
                            number=number,
                        )
                    )
            yield cells

    @property
    def data_fields(self) -> list[Field]:
        """The datos layout: where each row comes from, then every column's typed fields."""
        context = [
            Field("Programa", constant(self.plan.program.key)),
            Field("Ciclo", constant(self.plan.cycle.name)),
        ]
        if self.table.needs_period:
            # Even without a period: a table kind's datos columns do not depend on its data.
            context.append(Field("Periodo de corte", constant(self.period.name if self.period else None)))
        context.append(Field(DOCUMENT_STATE, constant(document_state(self))))
        return context + [item for column in self.columns for item in column.fields]

    @property
    def data_labels(self) -> list[str]:
        return [item.label for item in self.data_fields]

    def data_rows(self) -> Iterator[list[Any]]:
        getters = [item.get for item in self.data_fields]
        for row in self.rows():
            yield [get(row) for get in getters]

    def filename(self, extension: str, suffix: str = "") -> str:
        """institucional-S061-2009.pdf, avance-S054-2011-marzo-2012-datos.xlsx… (`download_name`)"""
        return download_name(
            self.table.slug,
            program=self.plan.program,
            year=self.plan.cycle.year,
            period=self.period,
            details=[suffix] if suffix else [],
            ext=extension,
        )


def document_state(annex: Annex) -> str:
    """«BORRADOR» when what the annex's signatures are of (the plan, or for a progress annex its
    round of reports at the cut-off) is not authorised, else «Autorizado». The one rule every
    writer follows: PDF, HTML, XLSX and DOCX print «BORRADOR» on a draft, and the datos layout
    (XLSX and CSV) carries the value in its «Estado del documento» column on every row."""
    return AUTHORISED if annex.is_authorised else DRAFT
