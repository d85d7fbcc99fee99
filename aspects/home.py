"""The top of the staff home: what can be done now. The open cut-off periods, each with its closing
date, the days left and the user's agency's activities still without a report in it (counted from
the stored counts, and the first of them listed in the missing-reports page's order); and, apart,
how many overdue activities of authorised plans belong to cycles with no period open, which nobody
can report on any more."""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from programs.models import CutOffPeriod
from programs.workflow import State

from .models import Activity, MissingReports, PlanSummary
from .progress import late_sums
from .unreported import PLAN_ORDER, ROW_ORDER, plans_holding

SHOWN = 50


@dataclass
class OpenPeriodPanel:
    period: CutOffPeriod
    days_left: int
    missing: list[Activity]
    missing_count: int
    reportable: set[int]  # the activities the user may report on (others are only listed)


def open_period_panels(user, *, today: date) -> list[OpenPeriodPanel]:
    """One panel per open period of a cycle in which the user's agency has committed activities,
    in a fixed number of queries however many periods are open: the periods; the stored counts of
    their plans (MissingReports), which give each period's count and which plans hold its first
    SHOWN missing in the page's order (aspects.unreported); those plans' first SHOWN of each period
    (one pass of a window over those plans only); those rows; and which of them the user may
    report on."""
    visible = Activity.objects.visible_to(user)
    periods = list(
        CutOffPeriod.objects.open()
        .filter(Exists(visible.committed().filter(aspect__plan__cycle=OuterRef("cycle"))))
        .select_related("cycle")
        .order_by("end", "pk")
    )
    if not periods:
        return []
    stored: dict[int, list[tuple[int, int]]] = {period.pk: [] for period in periods}
    for period, plan, count in (
        MissingReports.objects.visible_to(user)
        .filter(period__in=periods)
        .order_by("period_id", *PLAN_ORDER)
        .values_list("period_id", "plan_id", "activities")
    ):
        stored[period].append((plan, count))
    counts = {period: sum(count for _, count in plans) for period, plans in stored.items()}
    holding = {plan for plans in stored.values() for plan in plans_holding(plans, 0, SHOWN)[0]}
    # A plan that holds the first rows of one period may have rows in another open period of its
    # cycle too: they rank after that period's own first SHOWN, or the walk would have chosen it.
    firsts = list(
        visible.missing_report(CutOffPeriod.objects.filter(pk__in=[period.pk for period in periods]))
        .filter(aspect__plan_id__in=holding)
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=[F("missing_period")],
                order_by=[F(key).asc() for key in ROW_ORDER],
            )
        )
        .filter(place__lte=SHOWN)
        .order_by("missing_period", "place")
        .values_list("pk", "missing_period")
    )
    rows = Activity.objects.select_related("aspect__plan__program").in_bulk({pk for pk, _ in firsts})
    shown: list[Any] = []
    for pk, period in firsts:
        activity: Any = copy(rows[pk])  # an activity missing in two periods is listed under each
        activity.missing_period = period
        shown.append(activity)
    reportable = set(
        Activity.objects.reportable_by(user).filter(pk__in={a.pk for a in shown}).values_list("pk", flat=True)
    )
    return [
        OpenPeriodPanel(
            period=period,
            days_left=(period.end - today).days,
            missing=[activity for activity in shown if activity.missing_period == period.pk],
            missing_count=counts.get(period.pk, 0),
            reportable=reportable,
        )
        for period in periods
    ]


def _beyond_reporting() -> Q:
    """Committed activities (authorised plan, not cancelled) whose cycle has no period open: no
    report can be made on them any more. Activities of plans still being prepared stay actionable
    (their dates can be edited). Read from the activity's copies of its plan and the plan's state
    (aspects.progress.refresh_keys), so that a walk of the open activities by end date reads them
    from an index (Activity's activity_staff_open_walk) and joins only the plan, for its cycle."""
    open_in_cycle = Exists(CutOffPeriod.objects.open().filter(cycle=OuterRef("plan__cycle")))
    return Q(plan_state=State.AUTHORISED, cancelled=False) & ~Q(open_in_cycle)


def actionable(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    return activities.exclude(_beyond_reporting())


def first_actionable(activities: QuerySet[Activity], count: int = SHOWN) -> list[Activity]:
    """The first `count` actionable rows of `activities`, in its order: their ids first, in a walk
    that reads only the index of the open activities by end date (a coordinator's oldest overdue
    are thousands of activities of old cycles, beyond reporting, skipped there instead of each
    read whole), then those rows."""
    ids = list(actionable(activities).values_list("pk", flat=True)[:count])
    rows = activities.in_bulk(ids)
    return [rows[pk] for pk in ids]


def beyond_reporting(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    return activities.filter(_beyond_reporting())


def overdue_counts(user, *, today: date) -> tuple[int, int]:
    """How many of the activities the user sees are overdue (as staff see them) and can still take a
    report, and how many cannot (their cycle has no period open). Added up from the plans' stored
    counts (PlanSummary, kept by aspects.progress.refresh) in one query, so a coordinator's home
    adds a few thousand numbers instead of counting a country's activities on each visit; whether
    a plan's cycle has a period open is asked per plan, as of now."""

    def beyond(plan: str) -> Q:
        open_in_cycle = Exists(CutOffPeriod.objects.open().filter(cycle=OuterRef(f"{plan}__cycle")))
        return Q(**{f"{plan}__state": State.AUTHORISED}) & ~Q(open_in_cycle)

    sums = late_sums(PlanSummary.objects.visible_to(user), today=today, beyond=beyond)
    return sums["total"] - sums["beyond"], sums["beyond"]
