"""The stored counts of activities without a report (`MissingReports`, per plan and cut-off period):
what keeps them right when a plan or a period moves them, and the pages read through them.

A page of the missing activities is read through the stored counts: the plans are walked in the
page's order, adding up their counts, to find the few plans that hold the page's rows; only those
plans' activities are then joined to their reports. A page costs its plans, not the country."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import F, Sum

from programs.models import Agency, CutOffPeriod

from . import progress
from .models import Activity, MissingReports, Plan

# The page's and the downloads' order. In one period each plan is one program's (one plan per program
# and cycle), so agency and program order the plans, and ASM and activity the rows within a plan.
PLAN_ORDER = ("plan__program__agency__name", "plan__program__key", "plan_id")
ROW_ORDER = ("aspect__plan__program__agency__name", "aspect__plan__program__key", "aspect__number", "number", "pk")


def plans_holding(counts: Iterable[tuple[int, int]], start: int, stop: int) -> tuple[list[int], int]:
    """Which plans hold the rows `start` to `stop` (0-based, `stop` excluded) of a list made of
    each plan's rows in turn, given `(plan, rows)` in the list's order; and how many rows of the
    first of them come before `start`."""
    plans: list[int] = []
    skip = 0
    seen = 0
    for plan, rows in counts:
        if seen + rows > start and seen < stop:
            if not plans:
                skip = start - seen
            plans.append(plan)
        seen += rows
        if seen >= stop:
            break
    return plans, skip


def missing_counts(periods: Iterable[CutOffPeriod] | Any) -> list[dict[str, Any]]:
    """How many are missing per period and agency (`missing_period`, `agency_id`, `name`,
    `count`), by agency name: the stored counts added up, one row per plan read."""
    return [
        dict(row)
        for row in MissingReports.objects.filter(period__in=periods)
        .order_by()
        .values(
            missing_period=F("period"),
            agency_id=F("plan__program__agency"),
            name=F("plan__program__agency__name"),
        )
        .annotate(count=Sum("activities"))
        .order_by("name", "missing_period")
    ]


class MissingRows(Sequence):
    """The missing activities of one period (and agency), in the page's order, for a paginator:
    a slice reads the stored counts of the period's plans, then only the plans that hold it."""

    def __init__(self, period: CutOffPeriod, *, agency: Agency | None, count: int):
        self.period, self.agency, self.total = period, agency, count

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("MissingRows is read a page (a slice) at a time.")
        start, stop, _ = index.indices(self.total)
        counts = MissingReports.objects.filter(period=self.period)
        missing = Activity.objects.missing_report(self.period)
        if self.agency is not None:
            counts = counts.filter(plan__program__agency=self.agency)
            missing = missing.filter(aspect__plan__program__agency=self.agency)
        plans, skip = plans_holding(counts.order_by(*PLAN_ORDER).values_list("plan_id", "activities"), start, stop)
        if not plans or stop <= start:
            return []
        rows = missing.filter(aspect__plan_id__in=plans).select_related("aspect__plan__program__agency")
        return list(rows.order_by(*ROW_ORDER)[skip : skip + stop - start])


# Keeping the counts: what moves them without going through progress.refresh(). ----------------------


def recount_after_transition(sender, instance: Plan, **kwargs) -> None:
    """Receiver of `transitioned` for plans: an authorised plan's activities are committed, and
    owe their reports from now on (sent inside the transition's transaction)."""
    progress.recount_missing([instance.pk])


def remember_period_dates(sender, instance: CutOffPeriod, raw: bool = False, **kwargs) -> None:
    """`pre_save` of a period: its cycle and end before the change, for the recount after it."""
    if raw or instance.pk is None:
        instance._missing_before = None  # type: ignore[attr-defined]
        return
    instance._missing_before = (  # type: ignore[attr-defined]
        CutOffPeriod._base_manager.filter(pk=instance.pk).values_list("cycle_id", "end").first()
    )


def recount_after_period_saved(sender, instance: CutOffPeriod, created: bool, raw: bool = False, **kwargs) -> None:
    """`post_save` of a period: a new period, or one that ends on another day (or moved to another
    cycle), changes which activities owe it a report; recount the plans of its cycles. Opening or
    closing it changes nothing (every period of the cycle is counted). A deleted period takes its
    counts with it (cascade)."""
    if raw:
        return
    before = getattr(instance, "_missing_before", None)
    if before is not None and before == (instance.cycle_id, instance.end):
        return
    cycles = {instance.cycle_id} | ({before[0]} if before is not None else set())
    progress.recount_missing(Plan._base_manager.filter(cycle_id__in=cycles).values_list("pk", flat=True))
