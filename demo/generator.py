"""The scaled dataset: agencies, programs, evaluations, plans, ASM, activities, progress and
evidence, built in memory from a seeded `random.Random` and written in bulk (`demo.bulk`).

What it builds follows the models and the workflow (programs/workflow.py):

- Six follow-up cycles («Programa de ASM <año>», the reference year and the five before), each
  with four cut-off periods (Septiembre, Marzo, Septiembre, Marzo); a period is cerrado, abierto
  or por abrir by its dates around the reference date.
- Plans are autorizado (older cycles all of them), or, in the last two cycles, borrador, en
  revisión or devuelto, with the «Elaboró» and «Autorizó» signatures their state implies and
  the `Transition` rows of their history (submit, sometimes a return, authorise).
- Activities of authorised plans get progress reports at the cut-off periods of their cycle
  (one `ReportRound` per plan and period, authorised in closed periods and in any state in open
  ones); reports of 100 % name their proof and carry evidence links; some activities are
  replanned (`ChangeRequest`): authorised ones moved the end date (keeping the original),
  reworded or cancelled the activity, the rest wait in review.
- End dates spread around the reference date, so the activities are concluded, overdue, due soon
  and on time in a realistic mix.

Evidence rows are links, never files: nothing is written to the evidence storage, so
`verify_evidence` has nothing to miss. No audit entries are written (this is generated data).
The same seed and reference date give the same rows.
"""

from __future__ import annotations

import calendar
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.utils.text import slugify

from aspects.models import Activity, Aspect, ChangeRequest, DatePrecision, Plan, ProgressReport, ReportRound, Topic
from evidence.models import Evidence
from programs.access import Role
from programs.models import (
    Agency,
    CutOffPeriod,
    Cycle,
    Evaluation,
    EvaluationType,
    ManagementScope,
    Membership,
    Program,
    Recommendation,
    Unit,
)
from programs.workflow import State, Transition

from . import words
from .bulk import BulkWriter
from .scales import Scale

CYCLES = 6
PASSWORD = "demo"
REVIEW_FIELDS = [
    "state",
    "prepared_by",
    "prepared_by_name",
    "prepared_by_position",
    "prepared_at",
    "authorised_by",
    "authorised_by_name",
    "authorised_by_position",
    "authorised_at",
]
PERCENTS_IN_PROGRESS = [0, 5, 10, 15, 20, 25, 30, 40, 50, 60, 70, 75, 80, 90, 95]


# The rows kept in memory while the dataset is planned. -----------------------------------------


@dataclass(slots=True)
class Person:
    id: int
    username: str
    first_name: str
    last_name: str
    position: str = ""

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(slots=True)
class AgencyRow:
    id: int
    name: str
    acronym: str
    order: str
    state: str
    state_abbr: str
    slug: str = ""
    domain: str = ""
    units: list[int] = field(default_factory=list)
    capturist: Person | None = None
    supervisor: Person | None = None


@dataclass(slots=True)
class PeriodRow:
    id: int
    cycle_id: int
    name: str
    start: date
    end: date
    status: str


@dataclass(slots=True)
class ProgramRow:
    id: int
    agency: AgencyRow
    key: str
    name: str
    acronym: str
    kind: str


@dataclass(slots=True)
class EvaluationRow:
    id: int
    program: ProgramRow
    year: int
    attended: list[int] = field(default_factory=list)
    plan: PlanRow | None = None


@dataclass(slots=True)
class PlanRow:
    id: int
    program: ProgramRow
    cycle_id: int
    year: int
    periods: list[PeriodRow]
    state: str = State.AUTHORISED
    evaluation: EvaluationRow | None = None
    prepared_on: date | None = None
    submitted_at: datetime | None = None
    returned_at: datetime | None = None
    resubmitted_at: datetime | None = None
    authorised_at: datetime | None = None


@dataclass(slots=True)
class ActivityRow:
    id: int
    aspect_id: int
    plan: PlanRow
    number: int
    description: str
    product: str
    start: date
    end: date
    precision: str = DatePrecision.DAY
    end_note: str = ""
    weight: str | None = None
    units: list[int] = field(default_factory=list)
    eligible: list[PeriodRow] = field(default_factory=list)
    reports: int = 0
    concluded: bool = False
    percents: list[int] = field(default_factory=list)
    actual_end: date | None = None
    cancelled: bool = False
    original_end: date | None = None
    replan_count: int = 0
    replanned_in: PeriodRow | None = None
    replan_justification: str = ""


@dataclass(slots=True)
class RoundRow:
    id: int
    plan: PlanRow
    period: PeriodRow
    last_report: date
    state: str = State.AUTHORISED
    submitted_at: datetime | None = None
    returned_at: datetime | None = None
    authorised_at: datetime | None = None


def distribute(rng: random.Random, total: int, parts: int, *, minimum: int = 1, spread: float = 0.6) -> list[int]:
    """`total` split into `parts` positive counts of uneven size (log-normal weights), summing exactly."""
    if parts <= 0:
        return []
    minimum = min(minimum, total // parts)
    weights = [rng.lognormvariate(0, spread) for _ in range(parts)]
    rest = total - minimum * parts
    scale = rest / sum(weights)
    counts = [minimum + int(weight * scale) for weight in weights]
    remainder = total - sum(counts)  # under `parts`: the fractions cut off above
    for index in rng.sample(range(parts), remainder):
        counts[index] += 1
    return counts


def municipal_agency(pattern: str, prefix: str, city: str, state: str, abbr: str) -> tuple:
    """A town hall's agency row: its name, an acronym unique across states, and its order."""
    return (
        pattern.format(city=city, state=state),
        f"{prefix}-{slugify(city)[:4].upper()}-{abbr}",
        Agency.Order.MUNICIPAL,
        state,
        abbr,
    )


def last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


class Generator:
    def __init__(self, scale: Scale, *, seed: int, today: date, writer: BulkWriter, log: Callable[[str], None] = print):
        self.scale = scale
        self.seed = seed
        self.today = today
        self.writer = writer
        self.log = log
        # Structure and texts draw from separate generators: a change to the word lists does not
        # move the dates and states.
        self.rng = random.Random(seed)
        self.text = random.Random(f"{seed}:textos")
        self.zone = ZoneInfo(settings.TIME_ZONE)
        # The latest moment anything is signed: the reference day's morning.
        self.now = datetime.combine(today, time(9, 0), tzinfo=self.zone)
        self.ids: dict[type, int] = {}
        self.summary: dict[str, int] = {}

    # Helpers. --------------------------------------------------------------------------------

    def new_id(self, model) -> int:
        if model not in self.ids:
            self.ids[model] = self.writer.next_id(model)
        value = self.ids[model]
        self.ids[model] += 1
        return value

    def moment(self, day: date, *, not_after: datetime | None = None) -> datetime:
        """A working-hours moment of `day`, never after the reference morning."""
        at = datetime.combine(day, time(self.rng.randint(9, 18), self.rng.randint(0, 59)), tzinfo=self.zone)
        limit = not_after or self.now
        return min(at, limit - timedelta(minutes=self.rng.randint(1, 600)))

    def signatures(self, state: str, agency: AgencyRow, submitted_at, authorised_at) -> tuple:
        """The workflow's signature fields for an object in `state` (Reviewable)."""
        preparer, reviewer = agency.capturist, agency.supervisor
        prepared = (
            (preparer.id, preparer.name, preparer.position, submitted_at)
            if state != State.DRAFT
            else (None, "", "", None)
        )
        authorised = (
            (reviewer.id, reviewer.name, reviewer.position, authorised_at)
            if state == State.AUTHORISED
            else (None, "", "", None)
        )
        return (state, *prepared, *authorised)

    def history(
        self,
        content_type: int,
        object_id: int,
        agency: AgencyRow,
        state: str,
        submitted_at,
        returned_at,
        authorised_at,
        resubmitted_at=None,
    ) -> list[tuple]:
        """The Transition rows (content type, object, from, to, by, name, at, comment) that led to `state`:
        submitted, perhaps returned (and submitted again), authorised."""
        if state == State.DRAFT:
            return []
        preparer, reviewer = agency.capturist, agency.supervisor
        steps = [(State.DRAFT, State.IN_REVIEW, preparer, submitted_at, "")]
        if returned_at:
            steps.append(
                (State.IN_REVIEW, State.RETURNED, reviewer, returned_at, self.text.choice(words.RETURN_COMMENTS))
            )
        if resubmitted_at:
            steps.append((State.RETURNED, State.IN_REVIEW, preparer, resubmitted_at, ""))
        if state == State.AUTHORISED:
            steps.append((State.IN_REVIEW, State.AUTHORISED, reviewer, authorised_at, ""))
        return [
            (content_type, object_id, source, target, who.id, who.name, at, comment)
            for source, target, who, at, comment in steps
        ]

    # The whole dataset. ------------------------------------------------------------------------

    def run(self) -> None:
        self.build_catalogues()
        self.build_agencies()
        self.build_cycles()
        self.build_programs()
        self.build_plans_and_evaluations()
        self.build_recommendations()
        self.write_plans()
        self.build_aspects_and_activities()
        self.build_reports()
        self.build_change_requests()
        self.write_activities()
        self.write_reports_and_rounds()
        self.write_evidence()
        self.write_transitions()
        self.writer.reset_sequences()

    # Catalogues, accounts and agencies. --------------------------------------------------------

    def catalogue(self, model, names: list[tuple], key: str, fields: list[str]) -> list[int]:
        """Ids of the catalogue entries named, creating the missing ones."""
        existing = dict(model._base_manager.values_list(key, "pk"))
        rows, ids = [], []
        for values in names:
            if values[0] in existing:
                ids.append(existing[values[0]])
                continue
            pk = self.new_id(model)
            rows.append((pk, *values))
            ids.append(pk)
        if rows:
            self.writer.write(model, ["id", *fields], rows, total=len(rows))
        return ids

    def build_catalogues(self) -> None:
        self.evaluation_types = self.catalogue(
            EvaluationType, [(name,) for name in words.EVALUATION_TYPES], "name", ["name"]
        )
        self.scopes = self.catalogue(ManagementScope, words.SCOPES, "code", ["code", "name"])
        self.topics = self.catalogue(Topic, [(name,) for name in words.TOPICS], "name", ["name"])

    def agency_candidates(self) -> list[AgencyRow]:
        rng, n = self.rng, self.scale.agencies
        if self.scale.single_state:
            state, abbr, cities = rng.choice(words.STATES)
            municipal = min(n // 3, len(cities))
            chosen = [
                (pattern.format(state=state), f"{prefix}-{abbr}", Agency.Order.STATE, state, abbr)
                for pattern, prefix in rng.sample(words.STATE_AGENCIES, n - municipal)
            ]
            pattern, prefix = words.MUNICIPAL_AGENCIES[0]
            chosen += [municipal_agency(pattern, prefix, city, state, abbr) for city in rng.sample(cities, municipal)]
            return [AgencyRow(0, *item) for item in chosen]
        federal = min(round(n * 0.4), len(words.FEDERAL_AGENCIES))
        municipal = round(n * 0.15)
        state_count = n - federal - municipal
        chosen = [
            (name, acronym, Agency.Order.FEDERAL, "", "")
            for name, acronym in rng.sample(words.FEDERAL_AGENCIES, federal)
        ]
        pairs = [(pattern, prefix, state) for pattern, prefix in words.STATE_AGENCIES for state in words.STATES]
        for pattern, prefix, (state, abbr, _) in rng.sample(pairs, state_count):
            chosen.append((pattern.format(state=state), f"{prefix}-{abbr}", Agency.Order.STATE, state, abbr))
        towns = [
            (pattern, prefix, city, state)
            for pattern, prefix in words.MUNICIPAL_AGENCIES
            for state in words.STATES
            for city in state[2]
        ]
        chosen += [
            municipal_agency(pattern, prefix, city, state, abbr)
            for pattern, prefix, city, (state, abbr, _) in rng.sample(towns, municipal)
        ]
        return [AgencyRow(0, *item) for item in chosen]

    def build_agencies(self) -> None:
        rng, text = self.rng, self.text
        agencies = sorted(self.agency_candidates(), key=lambda agency: agency.name)
        slugs: set[str] = set(Agency._base_manager.values_list("slug", flat=True))
        User = get_user_model()
        password = make_password(PASSWORD)
        joined = self.moment(date(self.today.year - CYCLES, 1, 15))
        admin = Person(self.new_id(User), "admin", "Administración", "del sistema", "Administrador")
        coordinator = Person(
            self.new_id(User), "coordinador", "Coordinación", "de evaluación", "Coordinador de evaluación"
        )
        people = [admin, coordinator]
        for agency in agencies:
            agency.id = self.new_id(Agency)
            base = slugify(agency.acronym)[:70] or "dependencia"
            slug, n = base, 2
            while slug in slugs:
                slug, n = f"{base}-{n}", n + 1
            slugs.add(slug)
            agency.slug = slug
            agency.domain = f"{slug}.gob.mx"
            first, last = words.person(text)
            agency.capturist = Person(
                self.new_id(User), f"capturista.{slug}", first, last, text.choice(words.POSITIONS_CAPTURIST)
            )
            first, last = words.person(text)
            agency.supervisor = Person(
                self.new_id(User), f"supervisor.{slug}", first, last, text.choice(words.POSITIONS_SUPERVISOR)
            )
            people += [agency.capturist, agency.supervisor]
        self.agencies = agencies
        self.coordinator = coordinator
        self.writer.write(
            User,
            [
                "id",
                "password",
                "last_login",
                "is_superuser",
                "username",
                "first_name",
                "last_name",
                "email",
                "is_staff",
                "is_active",
                "date_joined",
            ],
            (
                (
                    p.id,
                    password,
                    None,
                    p is admin,
                    p.username,
                    p.first_name,
                    p.last_name,
                    f"{p.username}@ejemplo.gob.mx",
                    p is admin,
                    True,
                    joined,
                )
                for p in people
            ),
            total=len(people),
            label="cuentas de usuario",
        )
        self.writer.write(
            Agency,
            ["id", "name", "acronym", "order", "state", "slug"],
            ((a.id, a.name, a.acronym, a.order, a.state, a.slug) for a in agencies),
            total=len(agencies),
        )
        memberships = [(self.new_id(Membership), coordinator.id, None, Role.COORDINATOR, coordinator.position)]
        for a in agencies:
            memberships.append((self.new_id(Membership), a.capturist.id, a.id, Role.CAPTURIST, a.capturist.position))
            memberships.append((self.new_id(Membership), a.supervisor.id, a.id, Role.SUPERVISOR, a.supervisor.position))
        self.writer.write(Membership, ["id", "user", "agency", "role", "position"], memberships, total=len(memberships))
        units = []
        for a in agencies:
            for name, acronym in sorted(rng.sample(words.UNITS, rng.randint(6, 12))):
                pk = self.new_id(Unit)
                a.units.append(pk)
                email = f"{acronym.lower()}@{a.domain}" if rng.random() < 0.6 else ""
                units.append((pk, a.id, name, acronym, email))
        self.all_units = [row[0] for row in units]
        self.writer.write(Unit, ["id", "agency", "name", "acronym", "email"], units, total=len(units))

    # Cycles and their cut-off periods. ---------------------------------------------------------

    def build_cycles(self) -> None:
        self.years = list(range(self.today.year - CYCLES + 1, self.today.year + 1))
        self.cycles: dict[int, int] = {}
        self.periods: dict[int, list[PeriodRow]] = {}
        cycle_rows, period_rows = [], []
        for year in self.years:
            cycle_id = self.new_id(Cycle)
            self.cycles[year] = cycle_id
            cycle_rows.append((cycle_id, 1, f"Programa de ASM {year}", year))
            spans = [
                (f"Septiembre {year}", date(year, 4, 1), date(year, 9, 30)),
                (f"Marzo {year + 1}", date(year, 10, 1), date(year + 1, 3, 31)),
                (f"Septiembre {year + 1}", date(year + 1, 4, 1), date(year + 1, 9, 30)),
                (f"Marzo {year + 2}", date(year + 1, 10, 1), date(year + 2, 3, 31)),
            ]
            self.periods[year] = []
            for name, start, end in spans:
                if end < self.today:
                    status = CutOffPeriod.Status.CLOSED
                elif start <= self.today:
                    status = CutOffPeriod.Status.OPEN
                else:
                    status = CutOffPeriod.Status.PENDING
                period = PeriodRow(self.new_id(CutOffPeriod), cycle_id, name, start, end, status)
                self.periods[year].append(period)
                period_rows.append((period.id, 1, cycle_id, name, start, end, status))
        self.writer.write(Cycle, ["id", "version", "name", "year"], cycle_rows, total=len(cycle_rows))
        self.writer.write(
            CutOffPeriod,
            ["id", "version", "cycle", "name", "start", "end", "status"],
            period_rows,
            total=len(period_rows),
        )

    # Programs. -------------------------------------------------------------------------------

    def build_programs(self) -> None:
        rng, text = self.rng, self.text
        used: set[str] = set(Program._base_manager.values_list("key", flat=True))
        programs: list[ProgramRow] = []
        for agency, count in zip(
            self.agencies, distribute(rng, self.scale.programs, len(self.agencies), spread=0.4), strict=False
        ):
            funds = list(words.FUNDS)
            for _ in range(count):
                kind, acronym = Program.Kind.BUDGETARY, ""
                theme = text.choice(words.PROGRAM_THEMES)
                if agency.order == Agency.Order.FEDERAL:
                    name = f"Programa de {theme}" if text.random() < 0.6 else theme
                    key = self.program_key(used, "")
                else:
                    fund = funds.pop(rng.randrange(len(funds))) if funds and rng.random() < 0.2 else None
                    key = f"{fund[0]}-{agency.state_abbr}" if fund else ""
                    if fund and key not in used:
                        kind, acronym, name = Program.Kind.FUND, fund[0], fund[1]
                        used.add(key)
                    else:
                        kind = Program.Kind.LOCAL
                        name = f"{text.choice(words.PROGRAM_PREFIXES)} {theme}"
                        key = self.program_key(used, agency.acronym)
                programs.append(ProgramRow(self.new_id(Program), agency, key, name, acronym, kind))
        self.programs = programs
        self.writer.write(
            Program,
            ["id", "version", "agency", "key", "name", "acronym", "kind"],
            ((p.id, 1, p.agency.id, p.key, p.name, p.acronym, p.kind) for p in programs),
            total=len(programs),
        )

    def program_key(self, used: set[str], suffix: str) -> str:
        while True:
            key = f"{self.rng.choice(words.MODALITIES)}{self.rng.randint(1, 999):03d}" + (
                f"-{suffix}" if suffix else ""
            )
            if key not in used and len(key) <= 30:
                used.add(key)
                return key

    # Plans, with the evaluation each follows. ------------------------------------------------

    def plan_state(self, year: int) -> str:
        roll = self.rng.random()
        if year == self.today.year:
            table = [(0.6, State.AUTHORISED), (0.75, State.DRAFT), (0.9, State.IN_REVIEW), (1.0, State.RETURNED)]
        elif year == self.today.year - 1:
            table = [(0.94, State.AUTHORISED), (0.97, State.IN_REVIEW), (1.0, State.RETURNED)]
        else:
            return State.AUTHORISED
        return next(state for limit, state in table if roll < limit)

    def build_plans_and_evaluations(self) -> None:
        rng = self.rng
        # Which (program, cycle) pairs have a plan: a weighted draw without replacement
        # (Efraimidis–Spirakis keys), recent cycles weighing more, as more programs enter the mechanism.
        weights = [0.6 + 0.25 * i for i in range(CYCLES)]
        keys = [(rng.random() ** (1 / weights[slot % CYCLES]), slot) for slot in range(len(self.programs) * CYCLES)]
        slots = sorted(slot for _, slot in sorted(keys, reverse=True)[: self.scale.plans])
        plans: list[PlanRow] = []
        for slot in slots:
            program, year = self.programs[slot // CYCLES], self.years[slot % CYCLES]
            plans.append(
                PlanRow(
                    self.new_id(Plan), program, self.cycles[year], year, self.periods[year], state=self.plan_state(year)
                )
            )
        # Every step of the workflow present, even at the smallest scale.
        current = [plan for plan in plans if plan.year == self.today.year]
        for state in (State.DRAFT, State.IN_REVIEW, State.RETURNED):
            authorised = [plan for plan in current if plan.state == State.AUTHORISED]
            if authorised and not any(plan.state == state for plan in current):
                rng.choice(authorised).state = state
        for plan in plans:
            year = plan.year
            if plan.state == State.AUTHORISED:
                plan.prepared_on = date(year, rng.randint(3, 5), rng.randint(1, 28))
                plan.submitted_at = self.moment(plan.prepared_on + timedelta(days=rng.randint(1, 10)))
                if rng.random() < 0.15:
                    plan.returned_at = plan.submitted_at + timedelta(days=rng.randint(2, 10))
                    plan.resubmitted_at = plan.returned_at + timedelta(days=rng.randint(2, 10))
                plan.authorised_at = self.moment(
                    ((plan.resubmitted_at or plan.submitted_at) + timedelta(days=rng.randint(2, 20))).date()
                )
            else:
                # Still being prepared: started a few weeks before the reference date.
                plan.prepared_on = self.today - timedelta(days=rng.randint(10, 70))
                if plan.state != State.DRAFT:
                    plan.submitted_at = self.moment(plan.prepared_on + timedelta(days=rng.randint(1, 5)))
                if plan.state == State.RETURNED:
                    plan.returned_at = self.moment((plan.submitted_at + timedelta(days=rng.randint(1, 4))).date())
        self.plans = plans

        # One evaluation per plan (done the year before its cycle), then the rest: first for the
        # programs without a plan, then anywhere.
        evaluations: list[EvaluationRow] = []
        for plan in plans[: self.scale.evaluations]:
            evaluation = EvaluationRow(0, plan.program, plan.year - 1, plan=plan)
            plan.evaluation = evaluation
            evaluations.append(evaluation)
        with_plan = {plan.program.id for plan in plans}
        extra = self.scale.evaluations - len(evaluations)
        planless = [program for program in self.programs if program.id not in with_plan]
        for program in planless[:extra]:
            evaluations.append(EvaluationRow(0, program, rng.randint(self.today.year - 8, self.today.year - 1)))
        while len(evaluations) < self.scale.evaluations:
            program = rng.choice(self.programs)
            evaluations.append(EvaluationRow(0, program, rng.randint(self.today.year - 9, self.today.year - 1)))
        evaluations.sort(key=lambda e: (e.program.id, e.year))
        for evaluation in evaluations:
            evaluation.id = self.new_id(Evaluation)
        self.evaluations = evaluations

        text = self.text
        rows = []
        for e in evaluations:
            state = e.program.agency.state or text.choice(words.STATES)[0]
            rows.append(
                (
                    e.id,
                    1,
                    e.program.id,
                    text.choice(self.evaluation_types),
                    e.year,
                    e.year - 1,
                    text.choice(words.EVALUATORS).format(state=state),
                    f"https://{e.program.agency.domain}/evaluaciones/{slugify(e.program.key)}/{e.year}/informe-final.pdf",
                    "La dependencia considera pertinentes las recomendaciones y las atenderá mediante su programa de "
                    "trabajo de ASM."
                    if text.random() < 0.5
                    else "",
                )
            )
        self.writer.write(
            Evaluation,
            ["id", "version", "program", "type", "year", "fiscal_year", "evaluator", "report_url", "position_text"],
            rows,
            total=len(rows),
        )

    def build_recommendations(self) -> None:
        rng, text = self.rng, self.text
        rows = []
        for evaluation, count in zip(
            self.evaluations,
            distribute(rng, self.scale.recommendations, len(self.evaluations), spread=0.4),
            strict=False,
        ):
            ids = []
            for number in range(1, count + 1):
                pk = self.new_id(Recommendation)
                ids.append(pk)
                attended = rng.random() < 0.85 or number == 1
                justification, duplicates = "", None
                if not attended:
                    if rng.random() < 0.4:
                        target = rng.randrange(1, number)
                        duplicates = ids[target - 1]
                        justification = f"Duplica la recomendación {target}."
                    else:
                        justification = text.choice(words.NOT_ATTENDED)
                else:
                    evaluation.attended.append(pk)
                scope = rng.choice(self.scopes) if rng.random() < 0.8 else None
                rows.append(
                    (
                        pk,
                        1,
                        evaluation.id,
                        number,
                        words.recommendation_text(text),
                        scope,
                        attended,
                        justification,
                        duplicates,
                    )
                )
        self.writer.write(
            Recommendation,
            ["id", "version", "evaluation", "number", "text", "scope", "attended", "justification", "duplicates"],
            rows,
            total=len(rows),
        )

    def write_plans(self) -> None:
        text = self.text
        titles = [
            "Programa de Trabajo de ASM {year}",
            "Documento de trabajo {year}",
            "Programa de Aspectos Susceptibles de Mejora {year}",
        ]

        def rows():
            for plan in self.plans:
                agency = plan.program.agency
                submitted = plan.resubmitted_at or plan.submitted_at
                yield (
                    plan.id,
                    1,
                    *self.signatures(plan.state, agency, submitted, plan.authorised_at),
                    plan.program.id,
                    plan.cycle_id,
                    text.choice(titles).format(year=plan.year),
                    plan.evaluation.id if plan.evaluation else None,
                    agency.supervisor.name.upper() if text.random() < 0.3 else agency.supervisor.name,
                    agency.supervisor.position,
                    plan.prepared_on,
                )

        self.writer.write(
            Plan,
            [
                "id",
                "version",
                *REVIEW_FIELDS,
                "program",
                "cycle",
                "title",
                "evaluation",
                "responsible_name",
                "responsible_position",
                "prepared_on",
            ],
            rows(),
            total=len(self.plans),
        )

    # ASM and activities. ---------------------------------------------------------------------

    def build_aspects_and_activities(self) -> None:
        rng, text = self.rng, self.text
        soon = timedelta(days=settings.DUE_SOON_DAYS)
        per_plan = distribute(rng, self.scale.aspects, len(self.plans), spread=0.7)
        per_aspect = distribute(rng, self.scale.activities, self.scale.aspects, spread=0.5)
        aspects, links, activities = [], [], []
        kinds = [
            (0.6, Aspect.Kind.SPECIFIC),
            (0.85, Aspect.Kind.INSTITUTIONAL),
            (0.95, Aspect.Kind.INTERINSTITUTIONAL),
            (1.0, Aspect.Kind.INTERGOVERNMENTAL),
        ]
        index = 0
        bar = self.writer.bar(self.scale.activities, "planeando actividades")
        for plan, aspect_count in zip(self.plans, per_plan, strict=False):
            agency = plan.program.agency
            attended = plan.evaluation.attended if plan.evaluation else []
            recent = plan.year >= self.today.year - 1
            for number in range(1, aspect_count + 1):
                aspect_id = self.new_id(Aspect)
                roll = rng.random()
                kind = next(k for limit, k in kinds if roll < limit)
                responsible = rng.choice(agency.units)
                coordinating = None
                if kind == Aspect.Kind.INSTITUTIONAL:
                    coordinating = rng.choice([u for u in agency.units if u != responsible])
                elif kind != Aspect.Kind.SPECIFIC:
                    coordinating = rng.choice(self.all_units)
                for recommendation in rng.sample(attended, min(len(attended), 1 if rng.random() < 0.8 else 2)):
                    links.append((self.new_id(Aspect.recommendations.through), aspect_id, recommendation))
                activity_count = per_aspect[index]
                index += 1
                weights = None
                if activity_count > 1 and rng.random() < 0.15:
                    share = round(100 / activity_count, 2)
                    weights = [f"{share:.2f}"] * (activity_count - 1) + [f"{100 - share * (activity_count - 1):.2f}"]
                for n in range(1, activity_count + 1):
                    if plan.state == State.AUTHORISED:
                        start = plan.prepared_on + timedelta(days=rng.randint(0, 120))
                    else:
                        start = plan.prepared_on + timedelta(days=rng.randint(15, 90))
                    end = start + timedelta(days=rng.randint(30, 540))
                    if recent and rng.random() < 0.15:
                        end = self.today + timedelta(days=rng.randint(0, soon.days))
                        start = min(start, end - timedelta(days=rng.randint(30, 120)))
                    precision, note = DatePrecision.DAY, ""
                    if rng.random() < 0.05:
                        end, precision = last_day(end.year, end.month), DatePrecision.MONTH
                    if rng.random() < 0.02:
                        note = "Fecha preliminar propuesta"
                    units = [responsible] if rng.random() < 0.7 else rng.sample(agency.units, 2)
                    activity = ActivityRow(
                        self.new_id(Activity),
                        aspect_id,
                        plan,
                        n,
                        words.activity_text(text),
                        text.choice(words.PRODUCTS),
                        start,
                        end,
                        precision,
                        note,
                        weights[n - 1] if weights else None,
                        units,
                    )
                    activities.append(activity)
                bar.update(activity_count)
                own_dates = rng.random() < 0.7
                mine = activities[-activity_count:]
                aspects.append(
                    (
                        aspect_id,
                        1,
                        plan.id,
                        number,
                        number if rng.random() < 0.9 else None,
                        words.aspect_text(text),
                        kind,
                        rng.choice(["alta", "media", "media", "baja", ""]),
                        text.choice(words.PRIORITY_JUSTIFICATIONS) if rng.random() < 0.5 else "",
                        rng.choice(["corrige", "corrige", "modifica", "adiciona", "reorienta", "suspende", ""]),
                        text.choice(words.ACTION_JUSTIFICATIONS) if rng.random() < 0.4 else "",
                        rng.choice(self.topics) if rng.random() < 0.8 else None,
                        rng.choice(self.scopes) if rng.random() < 0.85 else None,
                        responsible,
                        coordinating,
                        min(a.start for a in mine) if own_dates else None,
                        max(a.end for a in mine) if own_dates else None,
                        text.choice(words.PRODUCTS),
                        words.expected_results(text),
                        "",
                    )
                )
        bar.close()
        self.activities = activities
        self.writer.write(
            Aspect,
            [
                "id",
                "version",
                "plan",
                "number",
                "document_number",
                "text",
                "kind",
                "priority",
                "priority_justification",
                "action_type",
                "action_justification",
                "topic",
                "scope",
                "responsible_unit",
                "coordinating_unit",
                "start_date",
                "end_date",
                "products",
                "expected_results",
                "observations",
            ],
            aspects,
            total=len(aspects),
        )
        Through = Aspect.recommendations.through
        self.writer.write(
            Through, ["id", "aspect", "recommendation"], links, total=len(links), label="ASM ↔ recomendaciones"
        )

    # Progress reports: how many each activity gets, and their percentages. ---------------------

    def build_reports(self) -> None:
        rng = self.rng
        soon = self.today + timedelta(days=settings.DUE_SOON_DAYS)
        live = [a for a in self.activities if a.plan.state == State.AUTHORISED]
        for activity in live:
            plan = activity.plan
            activity.eligible = [
                p
                for p in plan.periods
                if p.status != CutOffPeriod.Status.PENDING
                and p.end >= activity.start
                and p.end > plan.authorised_at.date()
            ]
            cap = len(activity.eligible)
            if not cap:
                continue
            chance = 0.8 if activity.end < self.today else 0.15 if activity.end <= soon else 0.08
            activity.concluded = rng.random() < chance
            if activity.concluded:
                # Concluded at the cut-off that covers its end date, give or take one.
                covering = next((i for i, p in enumerate(activity.eligible) if p.end >= activity.end), cap - 1)
                activity.reports = max(1, min(cap, covering + 1 + rng.choice([-1, 0, 0, 0, 1])))
            else:
                open_last = activity.eligible[-1].status == CutOffPeriod.Status.OPEN
                activity.reports = cap - 1 if open_last and rng.random() < 0.35 else cap
        # Exactly the scale's number of reports: add to or take from activities at random.
        capacity = sum(len(a.eligible) for a in live)
        target = min(self.scale.reports, capacity)
        if target < self.scale.reports:
            self.log(
                f"Aviso: solo caben {capacity:,} reportes de avance en los periodos abiertos o cerrados; se generan "
                "esos."
            )
        diff = target - sum(a.reports for a in live)
        while diff:
            activity = live[rng.randrange(len(live))]
            if diff > 0 and activity.reports < len(activity.eligible):
                activity.reports += 1
                diff -= 1
            elif diff < 0 and activity.reports > 0:
                activity.reports -= 1
                diff += 1
        for activity in live:
            k = activity.reports
            if not k:
                activity.concluded = False
                continue
            final = 100 if activity.concluded else rng.choice(PERCENTS_IN_PROGRESS)
            steps = sorted(rng.randint(0, final // 5) * 5 for _ in range(k - 1))
            activity.percents = [*steps, final]
            if activity.concluded:
                last = activity.eligible[k - 1]
                latest = min(last.end, self.today - timedelta(days=1))
                activity.actual_end = max(
                    activity.start, min(latest, activity.end + timedelta(days=rng.randint(-30, 45)))
                )

    # Replanning. -----------------------------------------------------------------------------

    def build_change_requests(self) -> None:
        rng, text = self.rng, self.text
        horizon = self.today + timedelta(days=60)
        states = [(0.75, State.AUTHORISED), (0.85, State.IN_REVIEW), (0.95, State.DRAFT), (1.0, State.RETURNED)]
        rows, transitions = [], []
        content_type = ContentType.objects.get_for_model(ChangeRequest).pk
        for activity in self.activities:
            if activity.plan.state != State.AUTHORISED or activity.concluded:
                continue
            if rng.random() >= (0.12 if activity.end < horizon else 0.01):
                continue
            plan, agency = activity.plan, activity.plan.program.agency
            roll = rng.random()
            state = next(s for limit, s in states if roll < limit)
            earliest = max(plan.authorised_at.date(), activity.start) + timedelta(days=1)
            created_day = max(
                earliest, min(activity.end + timedelta(days=rng.randint(-20, 60)), self.today - timedelta(days=25))
            )
            if created_day >= self.today - timedelta(days=20):
                created_day = max(earliest, self.today - timedelta(days=rng.randint(21, 60)))
            if created_day >= self.today:
                continue
            created = self.moment(created_day)
            submitted = self.moment(created_day + timedelta(days=rng.randint(0, 3))) if state != State.DRAFT else None
            returned = (
                self.moment((submitted + timedelta(days=rng.randint(1, 5))).date()) if state == State.RETURNED else None
            )
            authorised = (
                self.moment((submitted + timedelta(days=rng.randint(1, 15))).date())
                if state == State.AUTHORISED
                else None
            )
            justification = words.replan_justification(text)
            roll = rng.random()
            cancel = roll < 0.12
            new_end = (
                None if cancel or roll > 0.9 else max(activity.end, created_day) + timedelta(days=rng.randint(60, 240))
            )
            new_description = words.activity_text(text) if roll > 0.8 and not cancel else ""
            previous = {}
            if state == State.AUTHORISED:
                previous = {
                    "description": activity.description,
                    "end_date": activity.end.isoformat(),
                    "cancelled": False,
                }
                if new_description:
                    activity.description = new_description
                if new_end and new_end != activity.end:
                    activity.original_end = activity.original_end or activity.end
                    activity.end = new_end
                activity.cancelled = cancel
                activity.replan_count += 1
                activity.replanned_in = next(
                    (p for p in activity.eligible[: activity.reports] if p.end >= authorised.date()), None
                )
                activity.replan_justification = justification
            pk = self.new_id(ChangeRequest)
            rows.append(
                (
                    pk,
                    1,
                    *self.signatures(state, agency, submitted, authorised),
                    activity.id,
                    justification,
                    new_description,
                    new_end,
                    cancel,
                    previous,
                    created,
                )
            )
            transitions += self.history(content_type, pk, agency, state, submitted, returned, authorised)
        self.change_rows = rows
        self.transitions = transitions

    # Writing activities, reports, rounds and evidence. ---------------------------------------

    def write_activities(self) -> None:
        text = self.text

        def rows():
            for a in self.activities:
                yield (
                    a.id,
                    1,
                    a.aspect_id,
                    a.number,
                    a.description,
                    a.product,
                    words.expected_results(text),
                    words.results_obtained(text) if a.concluded else "",
                    a.weight,
                    a.start,
                    a.end,
                    a.precision,
                    a.end_note,
                    a.actual_end,
                    DatePrecision.DAY,
                    a.cancelled,
                    a.original_end,
                    a.replan_count,
                )

        self.writer.write(
            Activity,
            [
                "id",
                "version",
                "aspect",
                "number",
                "description",
                "product",
                "expected_results",
                "results_obtained",
                "weight",
                "start_date",
                "end_date",
                "end_date_precision",
                "end_note",
                "actual_end_date",
                "actual_end_precision",
                "cancelled",
                "original_end_date",
                "replan_count",
            ],
            rows(),
            total=len(self.activities),
        )
        Through = Activity.units.through
        links = ((self.new_id(Through), a.id, unit) for a in self.activities for unit in a.units)
        self.writer.write(
            Through,
            ["id", "activity", "unit"],
            links,
            total=sum(len(a.units) for a in self.activities),
            label="actividades ↔ áreas",
        )

    def report_day(self, period: PeriodRow) -> date:
        if period.status == CutOffPeriod.Status.OPEN:
            span = max(1, (self.today - period.start).days - 3)
            return period.start + timedelta(days=self.rng.randint(0, span))
        return period.end - timedelta(days=self.rng.randint(0, 20))

    def write_reports_and_rounds(self) -> None:
        rng, text = self.rng, self.text
        rounds: dict[tuple[int, int], RoundRow] = {}
        self.evidence_plan: list[tuple] = []  # (report id, activity, period, files, round key, first file name)

        def rows():
            for a in self.activities:
                for period, percent in zip(a.eligible, a.percents, strict=False):
                    pk = self.new_id(ProgressReport)
                    day = self.report_day(period)
                    key = (a.plan.id, period.id)
                    round_ = rounds.get(key)
                    if round_ is None:
                        rounds[key] = RoundRow(0, a.plan, period, day)
                    elif day > round_.last_report:
                        round_.last_report = day
                    name = ""
                    if percent == 100 or (percent and rng.random() < 0.25):
                        name = words.evidence_file_name(text, period.end.year)
                        files = 2 if percent == 100 and rng.random() < 0.3 else 1
                        self.evidence_plan.append((pk, a, period, files, key, name))
                    replanned = a.replanned_in is period
                    justification = (
                        "No se registró avance en el periodo." if percent == 0 else words.report_justification(text)
                    )
                    yield (
                        pk,
                        1,
                        a.id,
                        period.id,
                        percent,
                        justification,
                        text.choice(words.OBSERVATIONS),
                        replanned,
                        a.replan_justification if replanned else "",
                        name,
                        day,
                    )

        self.writer.write(
            ProgressReport,
            [
                "id",
                "version",
                "activity",
                "period",
                "percent",
                "justification",
                "observations",
                "replanning",
                "replanning_justification",
                "evidence_note",
                "reported_on",
            ],
            rows(),
            total=sum(a.reports for a in self.activities),
        )

        content_type = ContentType.objects.get_for_model(ReportRound).pk
        round_rows = []
        open_states = [(0.35, State.AUTHORISED), (0.6, State.IN_REVIEW), (0.9, State.DRAFT), (1.0, State.RETURNED)]
        for key in sorted(rounds, key=lambda k: (k[0], rounds[k].period.end)):
            round_ = rounds[key]
            round_.id = self.new_id(ReportRound)
            if round_.period.status == CutOffPeriod.Status.OPEN:
                roll = rng.random()
                round_.state = next(s for limit, s in open_states if roll < limit)
            else:
                round_.state = State.AUTHORISED if rng.random() < 0.98 else State.IN_REVIEW
            agency = round_.plan.program.agency
            if round_.state != State.DRAFT:
                round_.submitted_at = self.moment(round_.last_report + timedelta(days=rng.randint(1, 6)))
            if round_.state == State.RETURNED:
                round_.returned_at = self.moment((round_.submitted_at + timedelta(days=rng.randint(1, 5))).date())
            if round_.state == State.AUTHORISED:
                round_.authorised_at = self.moment((round_.submitted_at + timedelta(days=rng.randint(1, 15))).date())
            round_rows.append(
                (
                    round_.id,
                    1,
                    *self.signatures(round_.state, agency, round_.submitted_at, round_.authorised_at),
                    round_.plan.id,
                    round_.period.id,
                )
            )
            self.transitions += self.history(
                content_type,
                round_.id,
                agency,
                round_.state,
                round_.submitted_at,
                round_.returned_at,
                round_.authorised_at,
            )
        self.rounds = rounds
        self.writer.write(
            ReportRound, ["id", "version", *REVIEW_FIELDS, "plan", "period"], round_rows, total=len(round_rows)
        )
        self.writer.write(
            ChangeRequest,
            [
                "id",
                "version",
                *REVIEW_FIELDS,
                "activity",
                "justification",
                "new_description",
                "new_end_date",
                "cancel",
                "previous",
                "created_at",
            ],
            self.change_rows,
            total=len(self.change_rows),
        )

    def write_evidence(self) -> None:
        rng, text = self.rng, self.text
        fields = [
            "id",
            "version",
            *REVIEW_FIELDS,
            "agency",
            "report",
            "evaluation",
            "document",
            "description",
            "file",
            "url",
            "original_name",
            "size",
            "content_type",
            "sha256",
            "uploaded_by",
            "uploaded_by_name",
            "uploaded_at",
            "publishable",
            "replaces",
            "current",
            "duplicate_of",
        ]

        def evidence_row(
            agency: AgencyRow,
            state: str,
            submitted,
            authorised,
            report,
            evaluation,
            document,
            description,
            url,
            uploaded_at,
            publishable,
        ):
            return (
                self.new_id(Evidence),
                1,
                *self.signatures(state, agency, submitted, authorised),
                agency.id,
                report,
                evaluation,
                document,
                description,
                "",
                url,
                "",
                None,
                "",
                "",
                agency.capturist.id,
                agency.capturist.name,
                uploaded_at,
                publishable,
                None,
                True,
                None,
            )

        positions = [rng.random() < 0.4 for _ in self.evaluations]

        def rows():
            for report_id, activity, period, files, key, name in self.evidence_plan:
                round_ = self.rounds[key]
                agency = activity.plan.program.agency
                # Evidence follows its round: authorised with it (and its signatures), private before.
                state = State.AUTHORISED if round_.state == State.AUTHORISED else State.DRAFT
                base = (
                    f"https://{agency.domain}/transparencia/asm/{period.end.year}/{slugify(activity.plan.program.key)}"
                )
                uploaded = self.moment(round_.last_report)
                for n in range(files):
                    file_name = name if n == 0 else words.evidence_file_name(text, period.end.year)
                    yield evidence_row(
                        agency,
                        state,
                        round_.submitted_at,
                        round_.authorised_at,
                        report_id,
                        None,
                        Evidence.Document.EVIDENCE,
                        activity.product,
                        f"{base}/{file_name}",
                        uploaded,
                        rng.random() < 0.9,
                    )
            for evaluation, position in zip(self.evaluations, positions, strict=False):
                agency = evaluation.program.agency
                plan = evaluation.plan
                # An evaluation's documents are authorised with the plan built on it.
                authorised = plan is not None and plan.state == State.AUTHORISED
                state = State.AUTHORISED if authorised else State.DRAFT
                submitted = plan.resubmitted_at or plan.submitted_at if authorised else None
                signed_at = plan.authorised_at if authorised else None
                uploaded = self.moment(date(evaluation.year, rng.randint(6, 12), rng.randint(1, 28)))
                base = f"https://{agency.domain}/evaluaciones/{slugify(evaluation.program.key)}/{evaluation.year}"
                yield evidence_row(
                    agency,
                    state,
                    submitted,
                    signed_at,
                    None,
                    evaluation.id,
                    Evidence.Document.REPORT,
                    "Informe final de la evaluación",
                    f"{base}/informe-final.pdf",
                    uploaded,
                    True,
                )
                if position:
                    yield evidence_row(
                        agency,
                        state,
                        submitted,
                        signed_at,
                        None,
                        evaluation.id,
                        Evidence.Document.POSITION,
                        "Posición institucional",
                        f"{base}/posicion-institucional.pdf",
                        uploaded,
                        True,
                    )

        expected = sum(item[3] for item in self.evidence_plan) + len(self.evaluations) + sum(positions)
        self.writer.write(Evidence, fields, rows(), total=expected, label="evidencias (ligas)")

    def write_transitions(self) -> None:
        content_type = ContentType.objects.get_for_model(Plan).pk
        for plan in self.plans:
            self.transitions += self.history(
                content_type,
                plan.id,
                plan.program.agency,
                plan.state,
                plan.submitted_at,
                plan.returned_at,
                plan.authorised_at,
                plan.resubmitted_at,
            )
        self.transitions.sort(key=lambda row: row[6])
        rows = ((self.new_id(Transition), *row) for row in self.transitions)
        self.writer.write(
            Transition,
            ["id", "content_type", "object_id", "from_state", "to_state", "by", "by_name", "at", "comment"],
            rows,
            total=len(self.transitions),
            label="historial del flujo (transiciones)",
        )

    # What was built, for the closing message. ------------------------------------------------

    def timeliness_mix(self) -> dict[str, int]:
        """Committed activities (authorised plans, not cancelled) by status and timeliness, as
        staff see them (every report counts)."""
        soon = self.today + timedelta(days=settings.DUE_SOON_DAYS)
        mix = {"concluidas": 0, "vencidas": 0, "por vencer": 0, "a tiempo": 0}
        for a in self.activities:
            if a.plan.state != State.AUTHORISED or a.cancelled:
                continue
            if a.percents and a.percents[-1] >= 100:
                mix["concluidas"] += 1
            elif a.end < self.today:
                mix["vencidas"] += 1
            elif a.end <= soon:
                mix["por vencer"] += 1
            else:
                mix["a tiempo"] += 1
        return mix
