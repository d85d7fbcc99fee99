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
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify

from aspects import progress
from aspects.models import Activity, Aspect, ChangeRequest, DatePrecision, Plan, ProgressReport, ReportRound
from aspects.templatetags.asm import written_date
from evidence.models import Evidence
from programs.models import CutOffPeriod, Recommendation
from programs.workflow import State

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


def activity_text(activity: Activity, row: Row) -> str:
    text = f"{activity.number}. {activity.description}"
    return f"{text}\n[Cancelada por replanteamiento]" if activity.cancelled else text


def end_date_text(activity: Activity, row: Row | None = None) -> str:
    """«31/12/2010», «diciembre de 2009», «Fecha preliminar propuesta 31/12/2010»,
    «Fecha comprometida 31/12/2008 y fecha real de término 23/12/2008»."""
    committed = date_text(activity.end_date, activity.end_date_precision)
    if activity.end_note:
        committed = f"{activity.end_note} {committed}"
    if activity.original_end_date:
        committed = f"{committed} (replanteada; originalmente {date_text(activity.original_end_date)})"
    if activity.actual_end_date:
        actual = date_text(activity.actual_end_date, activity.actual_end_precision)
        return f"Fecha comprometida {committed} y fecha real de término {actual}"
    return committed


def units_text(activity: Activity, row: Row, sep: str = "\n") -> str:
    return sep.join(activity.unit_names)


def products_text(activity: Activity, row: Row) -> str:
    # A product cell the document prints once for several activities is kept on the ASM.
    return activity.product or aspect_of(row).products


def expected_results_text(row: Row) -> str:
    aspect = aspect_of(row)
    if aspect.expected_results:
        return aspect.expected_results
    return lines(*dict.fromkeys(activity.expected_results for activity in aspect.listed_activities))


def replanned(row: Row) -> bool:
    """Replanteamiento: the report says so, or a replanning was authorised before the cut-off."""
    return bool((row.report and row.report.replanning) or getattr(row.activity, "replanned_to_date", False))


def percent(row: Row) -> int:
    # As aspects.progress: an activity without a report is at 0 %.
    return row.report.percent if row.report else 0


def progress_text(activity: Activity, row: Row) -> str:
    report = row.report
    text = [f"Porcentaje de avance: {percent(row)}%"]
    if report is None:
        text.append("Sin reporte al corte.")
    elif row.period and report.period_id != row.period.pk:
        text.append(f"(Reportado al corte de {report.period.name}.)")
    if report and report.justification:
        text.append(f"Justificación: {report.justification}")
    text.append(f"Replanteamiento: {'Sí' if replanned(row) else 'No'}")
    if report and report.replanning_justification and report.replanning_justification != report.justification:
        text.append(f"Justificación del replanteamiento: {report.replanning_justification}")
    return "\n".join(text)


def evidence_identification(report: ProgressReport | None) -> str:
    """Identificación del documento probatorio: the name and extension of each evidence file in
    force (or its link), then the note typed with the report unless it only names one of them.

    Reads `report.evidence_in_force`, which `ActivityTable.add_latest_reports` fills."""
    if report is None:
        return ""
    in_force = getattr(report, "evidence_in_force", None)
    if in_force is None:
        in_force = report.evidence.filter(current=True).order_by("pk")
    names = [evidence.original_name or evidence.url for evidence in in_force]
    note = report.evidence_note.strip()
    # The seeds print «- Protocolo» for the file «Protocolo.pdf»: the note adds nothing then.
    stems = {name.rsplit(".", 1)[0].casefold() for name in names}
    if note and note.lstrip("-• ").strip().casefold() not in stems:
        names.append(note)
    return "\n".join(names)


def observations_text(row: Row) -> str:
    return lines(aspect_of(row).observations if row.first else "", row.report.observations if row.report else "")


# The columns, each defined once. ---------------------------------------------------------

NUMBER = Column("No.", aspect_number, group=True, width=6, data=(Field("No. ASM", aspect_number),))
TOPIC = Column("Tema", "aspect.topic.name", group=True, width=12)
ASPECT = Column("Aspecto Susceptible de Mejora", "aspect.text", group=True, width=32)
CLASSIFICATION = Column("Clasificación", lambda row: aspect_of(row).get_kind_display(), group=True, width=14)
SCOPE = Column("Ámbito de gestión", "aspect.scope.code", group=True, width=9)
COORDINATING_UNIT = Column("Área coordinadora", "aspect.coordinating_unit.name", group=True, width=20)
ACTIVITIES = Column(
    "Actividades",
    with_activity(activity_text),
    width=32,
    data=(
        Field("No. actividad", path("activity.number")),
        Field("Actividad", path("activity.description")),
        Field("Cancelada", with_activity(lambda activity, row: "Sí" if activity.cancelled else "No")),
    ),
)
START = Column(
    "Fecha de inicio",
    with_activity(lambda activity, row: date_text(activity.start_date)),
    width=13,
    data=(Field("Fecha de inicio", path("activity.start_date")),),
)
END = Column(
    "Fecha de término",
    with_activity(end_date_text),
    width=16,
    data=(
        Field("Fecha de término", path("activity.end_date")),
        Field("Nota de la fecha", path("activity.end_note")),
        Field("Fecha de término original", path("activity.original_end_date")),
        Field("Fecha real de término", path("activity.actual_end_date")),
    ),
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
OBTAINED_RESULTS = Column("Resultados obtenidos", "activity.results_obtained", width=24)
PROGRESS = Column(
    "Porcentaje de avance y justificación ¹",
    with_activity(progress_text),
    width=24,
    data=(
        Field("Avance (%)", with_activity(lambda activity, row: percent(row))),
        Field("Justificación", path("report.justification")),
        Field("Replanteamiento", with_activity(lambda activity, row: "Sí" if replanned(row) else "No")),
        Field("Justificación del replanteamiento", path("report.replanning_justification")),
        Field("Periodo del reporte", path("report.period.name")),
        Field("Fecha de reporte", path("report.reported_on")),
    ),
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


# The tables. -------------------------------------------------------------------------------


class Table:
    slug: str
    title: str
    columns: tuple[Column, ...]
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

    def build(self, plan: Plan, period: CutOffPeriod | None = None, *, public: bool = False) -> Annex:
        """The table for one plan. `public`: as the transparency section shows it, with only
        authorised progress reports and publishable evidence (the plan must be authorised)."""
        if not self.needs_period:
            return Annex(self, plan, public=public)
        period = period or default_period(plan)
        if period is not None and period.cycle_id != plan.cycle_id:
            raise ValueError(f"El periodo «{period}» no es del ciclo del programa de trabajo.")
        round_ = ReportRound.objects.filter(plan=plan, period=period).first() if period else None
        return Annex(self, plan, period, round_, public=public)


class RecommendationTable(Table):
    """The recommendations of the plan's evaluation, and any other its ASM come from."""

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
    report of each at the cut-off and that report's evidence in force. They are joined here, by
    id, into plain attributes (`aspect.listed_activities`, `activity.unit_names`,
    `activity.latest_report`, `report.evidence_in_force`) rather than through prefetch_related:
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
        for batch in batched(aspects.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
            activities = self.activities(batch, plan, period, public)
            for aspect in batch:
                aspect.listed_activities = activities.get(aspect.pk, [])
                yield from self.aspect_rows(aspect, period)

    @staticmethod
    def activities(
        aspects: list[Aspect], plan: Plan, period: CutOffPeriod | None, public: bool = False
    ) -> dict[int, list[Activity]]:
        """The activities of a chunk of ASM, by ASM, with their unit names and (at a cut-off) their latest report."""
        activities = Activity.objects.filter(aspect_id__in=[aspect.pk for aspect in aspects]).order_by("number")
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
        # Names only (a prefetch would build a Unit per activity), by the activities' own ids (a
        # join on their ASM may make PostgreSQL scan the whole table instead of reading an index).
        pairs = Activity.units.through.objects.filter(activity_id__in=by_id).order_by("unit__name", "unit_id")
        for activity_id, name in pairs.values_list("activity_id", "unit__name"):
            by_id[activity_id].unit_names.append(name)
        if period is not None and by_id:
            ActivityTable.add_latest_reports(by_id, plan, period, public)
        return by_aspect

    @staticmethod
    def add_latest_reports(activities: dict[int, Activity], plan: Plan, period: CutOffPeriod, public: bool) -> None:
        """`activity.latest_report`: its latest report at or before the cut-off (authorised only for
        the public), with `report.evidence_in_force` (publishable only for the public)."""
        reports = ProgressReport.objects.public() if public else ProgressReport.objects.all()
        evidence = Evidence.objects.public() if public else Evidence.objects.all()
        # One instance per period, not one per report.
        periods = {item.pk: item for item in CutOffPeriod.objects.filter(cycle_id=plan.cycle_id)}
        latest = progress.latest_reports(
            reports.filter(activity_id__in=activities, period__cycle_id=plan.cycle_id), until=period.end
        )
        for activity_id, report in latest.items():
            report.period = periods[report.period_id]
            report.evidence_in_force = []
            activities[activity_id].latest_report = report
        by_report = {report.pk: report for report in latest.values()}
        for item in evidence.filter(current=True, report_id__in=by_report).order_by("pk"):
            assert item.report_id is not None  # filtered by its report
            by_report[item.report_id].evidence_in_force.append(item)

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


RECOMMENDATIONS = RecommendationTable(
    slug="recomendaciones",
    title="Selección de recomendaciones",
    empty_message="El programa de trabajo no tiene evaluación de origen ni recomendaciones asociadas.",
    columns=(
        Column("No.", "recommendation.number", width=5, data=(Field("No.", path("recommendation.number")),)),
        Column(
            "Año de evaluación",
            "recommendation.evaluation.year",
            width=10,
            data=(Field("Año de evaluación", path("recommendation.evaluation.year")),),
        ),
        Column("Descripción", "recommendation.text", width=70),
        Column("Ámbito de gestión", "recommendation.scope.code", width=10),
        Column("Atención", lambda row: "SI" if row.recommendation and row.recommendation.attended else "NO", width=9),
        Column("Justificación", "recommendation.justification", width=40),
    ),
)

SUMMARY = AspectTable(
    slug="resumen",
    title="Resumen del programa de ASM",
    empty_message="El programa de trabajo no tiene ASM.",
    columns=(
        Column("No.", "aspect.number", width=5, data=(Field("No.", path("aspect.number")),)),
        Column("Aspecto Susceptible de Mejora", "aspect.text", width=60),
        Column("Tipo", lambda row: f"Documento {aspect_of(row).get_kind_display().lower()}", width=18),
        Column("Ámbito de gestión", "aspect.scope.code", width=10),
        Column(
            "Fecha de inicio",
            lambda row: date_text(aspect_start(row)),
            width=11,
            data=(Field("Fecha de inicio", aspect_start),),
        ),
        Column(
            "Fecha de término",
            lambda row: date_text(aspect_end(row)),
            width=11,
            data=(Field("Fecha de término", aspect_end),),
        ),
        Column("Productos y/o evidencias", aspect_products, width=30),
    ),
)

SPECIFIC = ActivityTable(
    slug="especifico",
    title="Documento de trabajo (ASM específicos)",
    kinds=(Aspect.Kind.SPECIFIC,),
    empty_message="No se definió un documento de trabajo de aspectos específicos.",
    columns=(NUMBER, ASPECT, SCOPE, ACTIVITIES, START, END, PRODUCTS, UNITS, EXPECTED_RESULTS),
)

INSTITUTIONAL = ActivityTable(
    slug="institucional",
    title="Documento institucional",
    kinds=(Aspect.Kind.INSTITUTIONAL,),
    empty_message="No se definió un documento de trabajo institucional.",
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
    title="Documento interinstitucional e intergubernamental",
    kinds=(Aspect.Kind.INTERINSTITUTIONAL, Aspect.Kind.INTERGOVERNMENTAL),
    empty_message="No se definió un documento de trabajo interinstitucional e intergubernamental",
    columns=INSTITUTIONAL.columns,
)

# What an «avance» table shows of each activity at the cut-off, after the columns that say which activity it is.
PROGRESS_COLUMNS = (END, EXPECTED_RESULTS, OBTAINED_RESULTS, PRODUCTS, PROGRESS, EVIDENCE, OBSERVATIONS)

PROGRESS_ANNEX = ActivityTable(
    slug="avance",
    title="Anexo C. Avance al documento de trabajo",
    kinds=(Aspect.Kind.SPECIFIC,),
    needs_period=True,
    empty_message="No se definió un documento de trabajo de aspectos específicos.",
    footnotes=(REPLANNING_FOOTNOTE,),
    columns=(NUMBER, ASPECT, ACTIVITIES, UNITS, *PROGRESS_COLUMNS),
)

INSTITUTIONAL_PROGRESS = ActivityTable(
    slug="avance-institucional",
    title="Avance al documento institucional",
    kinds=(Aspect.Kind.INSTITUTIONAL,),
    needs_period=True,
    empty_message="No se definió un documento de trabajo institucional.",
    footnotes=(REPLANNING_FOOTNOTE,),
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
    round: ReportRound | None = None
    public: bool = False
    built_on: date = field(default_factory=timezone.localdate)

    @property
    def signed(self) -> Plan | ReportRound | None:
        """What the signatures are of: the plan, or for a progress annex its round of reports."""
        return self.round if self.table.needs_period else self.plan

    @property
    def is_authorised(self) -> bool:
        return self.signed is not None and self.signed.state == State.AUTHORISED

    @property
    def title(self) -> str:
        return self.table.title

    @property
    def subtitle(self) -> str:
        return self.plan.title or f"Programa de trabajo de ASM · {self.plan.cycle.name}"

    @property
    def prepared_on(self) -> date | None:
        signed = self.signed
        if signed is None:
            return None
        if signed is self.plan and self.plan.prepared_on:
            return self.plan.prepared_on
        return timezone.localdate(signed.prepared_at) if signed.prepared_at else None

    @property
    def header(self) -> list[tuple[str, str]]:
        plan, program = self.plan, self.plan.program
        items = [
            ("Dependencia o entidad responsable", program.agency.name),
            ("Programa o fondo evaluado", program.name),
            (
                "Nombre y cargo del responsable de la elaboración y seguimiento",
                lines(plan.responsible_name, plan.responsible_position, sep=", ") or "—",
            ),
            ("Ciclo", plan.cycle.name),
        ]
        if self.table.needs_period:
            period = self.period
            when = f"{period.name} (del {date_text(period.start)} al {date_text(period.end)})" if period else "—"
            items.append(("Periodo de corte", when))
        items.append(("Fecha de elaboración", date_text(self.prepared_on) or "—"))
        return items

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
        return self.table.columns

    def rows(self) -> Iterator[Row]:
        return self.table.rows(self.plan, self.period, public=self.public)

    def grid(self) -> Iterator[list[Cell]]:
        """The printed cells row by row; ASM columns merged down across their activity rows."""
        for row in self.rows():
            cells = []
            for column in self.columns:
                if column.group and not row.first:
                    cells.append(Cell("", column, covered=True))
                else:
                    cells.append(Cell(column.cell(row), column, rowspan=row.span if column.group else 1))
            yield cells

    @property
    def data_fields(self) -> list[Field]:
        """The datos layout: where each row comes from, then every column's typed fields."""
        context = [
            Field("Programa", constant(self.plan.program.key)),
            Field("Ciclo", constant(self.plan.cycle.name)),
        ]
        if self.period is not None:
            context.append(Field("Periodo de corte", constant(self.period.name)))
        return context + [item for column in self.columns for item in column.fields]

    @property
    def data_labels(self) -> list[str]:
        return [item.label for item in self.data_fields]

    def data_rows(self) -> Iterator[list[Any]]:
        getters = [item.get for item in self.data_fields]
        for row in self.rows():
            yield [get(row) for get in getters]

    def filename(self, extension: str, suffix: str = "") -> str:
        """S061_institucional_2009.pdf, S054_avance_2011_marzo-2012_datos.xlsx…"""
        parts = [self.plan.program.key, self.table.slug, str(self.plan.cycle.year)]
        if self.period is not None:
            parts.append(slugify(self.period.name))
        if suffix:
            parts.append(suffix)
        return "_".join(parts) + "." + extension
