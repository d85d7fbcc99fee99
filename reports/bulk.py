"""The annexes of many plans at once: which plans (`AnnexScope`: cycles, an agency, changed since
a moment, drafts or not) and which files (every table of each plan in each chosen format, under
unique names).

Without drafts only what is authorised is exported, as the public sees it (`public_annexes()`):
authorised plans, their progress annexes at the latest authorised round of reports. With drafts,
every plan as its staff see it, and whatever is not authorised carries «BORRADOR» in every format
(`tables.document_state()`).

`export_annex --all` writes them into a folder; the job `reports.annexes` (reports/tasks.py),
which the coordinator starts from the panel and `export_annex --all --en-segundo-plano` enqueues,
writes them into a ZIP with its progress in files. Both select and name the files here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePosixPath

from django.db.models import Q
from django.utils import timezone

from aspects.models import Plan, PlanQuerySet, ReportRound
from indicators.models import MeasurementRound
from programs.filenames import download_name
from programs.models import Agency, CutOffPeriod, Cycle

from .indicator_tables import INDICATOR_TABLES, tables_for, uses_indicators_q
from .tables import TABLES, Annex
from .writers import WRITERS, Writer

# Every writer, in the order the files of one annex are written.
ALL_WRITERS = ("html", "pdf", "xlsx", "xlsx-datos", "csv", "docx")
WRITER_LABELS = {
    "html": "HTML",
    "pdf": "PDF",
    "xlsx": "XLSX (anexo)",
    "xlsx-datos": "XLSX (datos)",
    "csv": "CSV (datos)",
    "docx": "Word (DOCX)",
}


class ScopeError(ValueError):
    """A scope that names nothing: its message, in Spanish, says what and why."""


def start_of(day: date) -> datetime:
    """The start of a day in the project's time zone."""
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def parse_day(text: str) -> datetime:
    """The start of a day written as 2026-11-01 or 01/11/2026."""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return start_of(datetime.strptime(text.strip(), pattern).date())
        except ValueError:
            continue
    raise ScopeError(f"Fecha no válida «{text}»: escríbala como AAAA-MM-DD o DD/MM/AAAA.")


def cycles_named(text: str) -> tuple[int, ...]:
    """The cycles a user means by a name («Mecanismo 2011») or a year, which have plans."""
    lookup = Q(name__iexact=text) | (Q(year=int(text)) if text.isdigit() else Q(pk__in=[]))
    ids = tuple(
        Cycle.objects.filter(lookup, pk__in=Plan.objects.values("cycle")).order_by("pk").values_list("pk", flat=True)
    )
    if not ids:
        raise ScopeError(f"Ningún programa de trabajo corresponde al ciclo «{text}».")
    return ids


def agency_named(text: str) -> Agency:
    """The agency of an acronym («SSQ»), a name or its slug, case ignored."""
    agency = Agency.objects.filter(Q(acronym__iexact=text) | Q(name__iexact=text) | Q(slug__iexact=text)).first()
    if agency is None:
        known = (
            ", ".join(Agency.objects.exclude(acronym="").values_list("acronym", flat=True).order_by("acronym"))
            or "ninguna"
        )
        raise ScopeError(f"No existe la dependencia «{text}». Siglas registradas: {known}.")
    return agency


@dataclass(frozen=True)
class AnnexScope:
    """Which plans: those of some cycles (none: every cycle), of one agency (None: all),
    changed since a moment (None: whenever), as the audit trail records it, and authorised only
    unless `include_drafts`."""

    cycles: tuple[int, ...] = ()
    agency: int | None = None
    changed_since: datetime | None = None
    include_drafts: bool = False

    def plans(self, plans: PlanQuerySet | None = None) -> PlanQuerySet:
        """The plans of the scope among `plans` (by default every plan)."""
        plans = Plan.objects.all() if plans is None else plans
        if not self.include_drafts:
            plans = plans.public()
        if self.cycles:
            plans = plans.filter(cycle__in=self.cycles)
        if self.agency is not None:
            plans = plans.filter(program__agency=self.agency)
        if self.changed_since is not None:
            plans = plans.changed_since(self.changed_since)
        return plans

    def as_params(self) -> dict:
        return {
            "cycles": list(self.cycles),
            "agency": self.agency,
            "changed_since": self.changed_since.isoformat() if self.changed_since else None,
            "include_drafts": self.include_drafts,
        }

    @classmethod
    def from_params(cls, params: dict) -> AnnexScope:
        since = params.get("changed_since")
        return cls(
            cycles=tuple(params.get("cycles") or ()),
            agency=params.get("agency"),
            changed_since=datetime.fromisoformat(since) if since else None,
            include_drafts=bool(params.get("include_drafts")),
        )

    def describe(self) -> str:
        """«que cambiaron desde el 01/11/2026 · SSQ · Programa de ASM 2017», for a job's title."""
        parts = []
        if self.changed_since is not None:
            parts.append(f"que cambiaron desde el {timezone.localtime(self.changed_since):%d/%m/%Y}")
        if self.agency is not None:
            agency = Agency.objects.filter(pk=self.agency).first()
            parts.append(agency.acronym or agency.name if agency else "dependencia eliminada")
        if self.cycles:
            parts.append(
                ", ".join(
                    Cycle.objects.filter(pk__in=self.cycles).order_by("-year", "name").values_list("name", flat=True)
                )
            )
        if self.include_drafts:
            parts.append("con borradores")
        return " · ".join(parts) if parts else "de todos los programas de trabajo"

    def nothing_to_export(self) -> str:
        """Why a job of this scope has no file to make, in Spanish."""
        where = ""
        if self.agency is not None:
            agency = Agency.objects.filter(pk=self.agency).first()
            where += f" de {agency.acronym or agency.name}" if agency else ""
        if self.cycles:
            names = ", ".join(
                Cycle.objects.filter(pk__in=self.cycles).order_by("-year", "name").values_list("name", flat=True)
            )
            where += f" del ciclo {names}"
        if self.changed_since is not None:
            when = f"{timezone.localtime(self.changed_since):%d/%m/%Y}"
            which = "" if self.include_drafts else " autorizado"
            return f"Ningún programa de trabajo{which}{where} cambió desde el {when}: no hay anexos que exportar."
        which = "" if self.include_drafts else " autorizados"
        return f"No hay programas de trabajo{which}{where}: no hay anexos que exportar."

    def zip_name(self) -> str:
        """anexos-SSQ-2017-desde-2026-11-01.zip (`download_name`)"""
        agency = Agency.objects.filter(pk=self.agency).first() if self.agency is not None else None
        cycle = Cycle.objects.filter(pk=self.cycles[0]).first() if len(self.cycles) == 1 else None
        return download_name(
            "anexos",
            agency=agency,
            year=cycle.year if cycle else None,
            since=timezone.localtime(self.changed_since).date() if self.changed_since is not None else None,
            ext="zip",
        )


def writer_key(fmt: str, layout: str = "anexo") -> str:
    """The key in WRITERS of a format and layout (XLSX comes in the anexo or datos layout)."""
    return "xlsx-datos" if fmt == "xlsx" and layout == "datos" else fmt


def authorised_periods(plans: PlanQuerySet) -> dict[int, CutOffPeriod]:
    """Each plan's latest cut-off period whose round of reports is authorised (one query): where
    its progress annexes are cut when only what is authorised is exported, as the public annex
    is cut by default. A plan without one has no progress annex to export."""
    rounds = ReportRound.objects.public().filter(plan__in=plans).select_related("period").order_by("period__end")
    return {round_.plan_id: round_.period for round_ in rounds}


def measured_periods(plans: PlanQuerySet) -> dict[int, CutOffPeriod]:
    """Each plan's latest cut-off period whose measurement round is authorised (one query): where
    its «Cumplimiento de objetivos específicos» is cut when only what is authorised is exported."""
    rounds = MeasurementRound.objects.public().filter(plan__in=plans).select_related("period").order_by("period__end")
    return {round_.plan_id: round_.period for round_ in rounds}


def indicator_plans(plans: PlanQuerySet) -> set[int]:
    """The ids of `plans` measured by indicators, which print the indicator tables too (one query)."""
    return set(plans.filter(uses_indicators_q()).values_list("pk", flat=True))


def public_annexes(
    plan: Plan, period: CutOffPeriod | None, *, indicators: bool = False, measured: CutOffPeriod | None = None
) -> Iterator[Annex]:
    """Every table of an authorised plan as the public sees it (only authorised reports and
    publishable evidence), its progress tables at `period` (none: left out); for a plan measured
    by `indicators`, then its indicator tables, «Cumplimiento» at the `measured` period (none:
    left out)."""
    for table in TABLES.values():
        if table.needs_period and period is None:
            continue
        yield table.build(plan, period if table.needs_period else None, public=True)
    if not indicators:
        return
    for table in INDICATOR_TABLES.values():
        if table.needs_period and measured is None:
            continue
        yield table.build(plan, measured if table.needs_period else None, public=True)


def annex_count(plans: PlanQuerySet, *, include_drafts: bool) -> int:
    """How many annexes `scope_annexes()` gives for `plans` (four queries)."""
    count = plans.count()
    measured = indicator_plans(plans)
    if include_drafts:
        return count * len(TABLES) + len(measured) * len(INDICATOR_TABLES)
    with_period = sum(1 for table in TABLES.values() if table.needs_period)
    indicator_with_period = sum(1 for table in INDICATOR_TABLES.values() if table.needs_period)
    rounds = sum(1 for plan_id in measured_periods(plans) if plan_id in measured)
    return (
        count * (len(TABLES) - with_period)
        + len(authorised_periods(plans)) * with_period
        + len(measured) * (len(INDICATOR_TABLES) - indicator_with_period)
        + rounds * indicator_with_period
    )


def scope_annexes(plans: PlanQuerySet, *, include_drafts: bool) -> Iterator[Annex]:
    """The annexes of `plans`, in the program's order: with drafts every table of every plan as its
    staff see it (a plan measured by indicators: its indicator tables too, «Cumplimiento» at its
    latest measured period); otherwise those `public_annexes()` gives."""
    ordered = plans.select_related("program__agency", "cycle").order_by("program__key", "cycle__year", "pk")
    measured = indicator_plans(plans)
    periods = {} if include_drafts else authorised_periods(plans)
    rounds = {} if include_drafts else measured_periods(plans)
    for plan in ordered:
        if include_drafts:
            yield from (table.build(plan) for table in tables_for(plan, indicators=plan.pk in measured))
        else:
            yield from public_annexes(
                plan, periods.get(plan.pk), indicators=plan.pk in measured, measured=rounds.get(plan.pk)
            )


def annex_files(
    plans: PlanQuerySet, writers: list[str], *, include_drafts: bool = False
) -> Iterator[tuple[str, Annex, Writer]]:
    """Each file to write, as (its name, the annex, its writer): the annexes `scope_annexes()`
    gives, in each writer of `writers` (keys of WRITERS). Names are unique: two plans of a program
    in cycles of the same year get the cycle's id after the second."""
    written: set[str] = set()
    for annex in scope_annexes(plans, include_drafts=include_drafts):
        for key in writers:
            writer = WRITERS[key]
            name = writer.filename(annex)
            if name in written:
                path = PurePosixPath(name)
                name = f"{path.stem}-{annex.plan.cycle_id}{path.suffix}"
            written.add(name)
            yield name, annex, writer
