"""One combined document per plan, on the model of FASSA-QRO's «Programa de ASM 2017»: a cover,
a table of contents, the evaluation's posición institucional (when captured), the participants,
every table of the plan in its column profile (each from its own page), for a plan measured by
indicators its three indicator tables after them, and the signatures.

This module says what the document holds; the writers print it (`reports/writers/combined.py` as
PDF, `reports/writers/combined_docx.py` as Word), each table through the same templates or DOCX
functions, and the same cells, as its own annex. Nothing is made up:
the date is the plan's «fecha de elaboración» only when captured, the signatures carry names only
when the plan does, and a draft says BORRADOR as every other format does.

The tables are the plan's own (those not cut at a period): the progress annexes are signed by
their rounds, not by the plan, and are downloaded at a cut-off period on their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from aspects.models import Activity, ActivityUnit, Aspect, Plan
from aspects.models import Participant as CapturedParticipant
from programs.filenames import download_name
from programs.workflow import State

from .indicator_tables import INDICATOR_TABLES, uses_indicators
from .tables import TABLES, Annex, Signature, date_text

SLUG = "documento"  # in file names and URLs: documento-FASSA-QRO-2017.pdf
TITLE = "Documento completo del programa de trabajo"
POSITION_TITLE = "Posición institucional"
PARTICIPANTS_TITLE = "Participantes en la elaboración del programa de trabajo"
SIGNATURES_TITLE = "Firmas"


@dataclass
class Participant:
    """A person the plan names, with what they did: «Responsable de la elaboración y seguimiento»,
    «Elaboró», «Autorizó» (one row for a person named twice)."""

    name: str
    position: str
    roles: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ParticipantTable:
    """The participants' table as printed: the people the plan's document lists, in the columns of
    FASSA-QRO's «Participantes en la elaboración del PASM» (Nombre, Cargo, Correo electrónico, and
    the unit only when one was captured); or, when the plan lists nobody, the people it names
    elsewhere with what they did (`derived`), beside the units of its ASM."""

    columns: list[str]
    rows: list[list[str]]
    derived: bool


CAPTURED_COLUMNS = [
    ("Nombre", "name"),
    ("Cargo", "position"),
    ("Área o unidad", "unit"),
    ("Correo electrónico", "email"),
]
DERIVED_COLUMNS = ["Nombre", "Cargo", "Participación"]


@dataclass(frozen=True)
class Section:
    anchor: str  # the id its table-of-contents entry points at
    title: str


def plan_tables() -> list:
    """The tables of a plan's combined document, in the order of the FASSA document: the
    recommendations, the summary, then each working document."""
    return [table for table in TABLES.values() if not table.needs_period]


def indicator_annexes(plan: Plan, *, public: bool = False) -> list[Annex]:
    """A plan measured by indicators: its three indicator tables, after its other tables.
    «Cumplimiento de objetivos específicos» is cut at the latest period with a measurement round
    (for the public, the latest authorised one; without one it is left out), signed by that round."""
    if not uses_indicators(plan):
        return []
    annexes = []
    for table in INDICATOR_TABLES.values():
        period = None
        if table.needs_period and public:
            periods = table.public_periods(plan)
            if not periods:
                continue
            period = periods[-1]
        annexes.append(table.build(plan, period, public=public))
    return annexes


@dataclass
class CombinedDocument:
    plan: Plan
    annexes: list[Annex]
    public: bool = False
    built_on: date = field(default_factory=timezone.localdate)

    @classmethod
    def build(cls, plan: Plan, *, public: bool = False) -> CombinedDocument:
        """`public`: as the transparency section shows it (the plan must be authorised)."""
        annexes = [table.build(plan, public=public) for table in plan_tables()]
        return cls(plan, annexes + indicator_annexes(plan, public=public), public=public)

    @property
    def is_authorised(self) -> bool:
        return self.plan.state == State.AUTHORISED

    @property
    def title(self) -> str:
        return self.plan.title or f"Programa de trabajo de ASM · {self.plan.cycle.name}"

    @property
    def cover(self) -> list[tuple[str, str]]:
        """The cover's lines (label, value): only what the plan holds."""
        plan, program = self.plan, self.plan.program
        lines = [
            ("Programa o fondo", f"{program.name} ({program.key})"),
            ("Dependencia o entidad", program.agency.name),
            ("Ciclo", plan.cycle.name),
        ]
        if plan.evaluation is not None:
            lines.append(("Evaluación de origen", plan.evaluation.title))
        if plan.prepared_on:
            lines.append(("Fecha de elaboración", date_text(plan.prepared_on)))
        return lines

    @property
    def position_text(self) -> str:
        """The evaluation's posición institucional, as captured (empty: the section is left out)."""
        evaluation = self.plan.evaluation
        return evaluation.position_text.strip() if evaluation is not None else ""

    @property
    def signatures(self) -> list[Signature]:
        """Those of the plan's annexes: names only when the plan carries them."""
        return self.annexes[0].signatures

    def participant_table(self) -> ParticipantTable:
        """The captured participants in their columns; without any, the people the plan names."""
        captured = list(CapturedParticipant.objects.filter(plan=self.plan).order_by("number", "pk"))
        if not captured:
            rows = [[person.name, person.position, ", ".join(person.roles)] for person in self.participants()]
            return ParticipantTable(DERIVED_COLUMNS, rows, derived=True)
        # The unit is not a column of the seed: it prints only when someone's was captured.
        columns = [
            (label, name)
            for label, name in CAPTURED_COLUMNS
            if name != "unit" or any(person.unit.strip() for person in captured)
        ]
        rows = [[getattr(person, name) for _, name in columns] for person in captured]
        return ParticipantTable([label for label, _ in columns], rows, derived=False)

    def participants(self) -> list[Participant]:
        """The people the plan names (responsible, signers), when it lists no participants."""
        plan = self.plan
        named = [("Responsable de la elaboración y seguimiento", plan.responsible_name, plan.responsible_position)]
        named += [(signature.role, signature.name, signature.position) for signature in self.signatures]
        people: dict[str, Participant] = {}
        for role, name, position in named:
            if not name.strip():
                continue
            person = people.setdefault(" ".join(name.split()).upper(), Participant(name.strip(), ""))
            person.position = person.position or position.strip()
            if role not in person.roles:
                person.roles.append(role)
        return list(people.values())

    def units(self) -> list[str]:
        """The units the plan names, in the order they first appear: each ASM's responsible and
        coordinating units, then its activities' coordinating and responsible units."""
        names: dict[str, None] = {}
        aspects = list(
            Aspect.objects.filter(plan=self.plan)
            .select_related("responsible_unit", "coordinating_unit")
            .order_by("number", "pk")
        )
        activities: dict[int, list[Activity]] = {}
        for activity in (
            Activity.objects.filter(aspect__plan=self.plan).select_related("coordinating_unit").order_by("number", "pk")
        ):
            activity.unit_names = []
            activities.setdefault(activity.aspect_id, []).append(activity)
        by_id = {activity.pk: activity for listed in activities.values() for activity in listed}
        links = ActivityUnit.objects.filter(activity__aspect__plan=self.plan).order_by("position", "pk")
        for activity_id, name in links.values_list("activity_id", "unit__name"):
            by_id[activity_id].unit_names.append(name)
        for aspect in aspects:
            for unit in (aspect.responsible_unit, aspect.coordinating_unit):
                if unit is not None:
                    names.setdefault(unit.name)
            for activity in activities.get(aspect.pk, []):
                if activity.coordinating_unit is not None:
                    names.setdefault(activity.coordinating_unit.name)
                for name in activity.unit_names:
                    names.setdefault(name)
        return list(names)

    def sections(self) -> list[Section]:
        """The table of contents: what the document holds, in order."""
        sections = []
        if self.position_text:
            sections.append(Section("posicion-institucional", POSITION_TITLE))
        sections.append(Section("participantes", PARTICIPANTS_TITLE))
        sections += [Section(annex_anchor(annex), " ".join(annex.title_lines)) for annex in self.annexes]
        sections.append(Section("firmas", SIGNATURES_TITLE))
        return sections

    def filename(self, extension: str) -> str:
        """documento-FASSA-QRO-2017.pdf (`download_name`)"""
        return download_name(SLUG, program=self.plan.program, year=self.plan.cycle.year, ext=extension)


def annex_anchor(annex: Annex) -> str:
    return f"tabla-{annex.table.slug}"


def job_title(plan: Plan, fmt: str) -> str:
    """«Documento completo del programa de trabajo · FASSA-QRO 2017 (PDF)», in «Mis descargas»."""
    return f"{TITLE} · {plan.program.key} {plan.cycle.year} ({fmt.upper()})"
