"""The top of the staff home: what can be done now. The open cut-off periods, each with its closing
date, the days left and the user's agency's activities still without a report in it; and, apart,
how many overdue activities of authorised plans belong to cycles with no period open, which nobody
can report on any more."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from programs.models import CutOffPeriod
from programs.workflow import State

from .models import Activity
from .progress import Timeliness

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
    in a fixed number of queries however many periods are open: the periods, the count missing in
    each (one GROUP BY), the first SHOWN missing of each (a window over the periods) and which of
    those the user may report on."""
    visible = Activity.objects.visible_to(user)
    periods = list(
        CutOffPeriod.objects.open()
        .filter(Exists(visible.committed().filter(aspect__plan__cycle=OuterRef("cycle"))))
        .select_related("cycle")
        .order_by("end", "pk")
    )
    if not periods:
        return []
    missing = visible.missing_report(CutOffPeriod.objects.filter(pk__in=[period.pk for period in periods]))
    counts = dict(missing.order_by().values_list("missing_period").annotate(count=Count("pk")))
    shown: list[Any] = list(
        missing.annotate(
            place=Window(
                RowNumber(),
                partition_by=[F("missing_period")],
                order_by=[F("end_date").asc(), F("aspect__plan__program__key").asc(), F("pk").asc()],
            )
        )
        .filter(place__lte=SHOWN)
        .select_related("aspect__plan__program")  # type: ignore[misc]  # django-stubs lose the model after annotate()
        .order_by("end_date", "aspect__plan__program__key", "pk")
    )
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
    (their dates can be edited)."""
    open_in_cycle = Exists(CutOffPeriod.objects.open().filter(cycle=OuterRef("aspect__plan__cycle")))
    return Q(aspect__plan__state=State.AUTHORISED, cancelled=False) & ~Q(open_in_cycle)


def actionable(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    return activities.exclude(_beyond_reporting())


def beyond_reporting(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    return activities.filter(_beyond_reporting())


def closed_overdue_count(user) -> int:
    """Overdue activities that can take no report any more: shown as a count, apart from the work
    that can still be done."""
    return beyond_reporting(Activity.objects.visible_to(user).with_progress().by_timeliness(Timeliness.OVERDUE)).count()
