"""The one definition of the derived values: progress, status and timeliness.

They are SQL annotations, so a list of any length is computed in one query and can be
filtered and sorted by them; a single object asks the same queryset (see
`Aspect.current_progress`). Nothing derived is stored.

- An activity's progress is the percent of its latest report (by cut-off period), 0 without one.
- An ASM's progress is the mean of its activities' progress weighted by their weights, or the
  plain mean when no weights are given; None when it has no activities.
- Status: sin iniciar (0 %), en proceso, concluido (100 %).
- On public pages (`public=True`) only authorised progress reports count.
- Timeliness: a concluded item is on time; otherwise it is vencida after its committed end
  date, por vencer within DUE_SOON_DAYS of it, and a tiempo before that.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Avg, Case, F, FloatField, Max, OuterRef, Subquery, Sum, Value, When
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import timezone


class Status(models.TextChoices):
    NOT_STARTED = "sin_iniciar", "Sin iniciar"
    IN_PROGRESS = "en_proceso", "En proceso"
    DONE = "concluido", "Concluido"


class Timeliness(models.TextChoices):
    ON_TIME = "a_tiempo", "A tiempo"
    DUE_SOON = "por_vencer", "Por vencer"
    OVERDUE = "vencida", "Vencida"


ACTIVITY_FIELDS = ("progress", "status", "timeliness")
ASPECT_FIELDS = ("progress", "status", "timeliness", "due_date")


def _latest_percent(activity_ref: str, public: bool = False):
    ProgressReport = apps.get_model("aspects", "ProgressReport")
    # The public sees progress as authorised: a report still in preparation does not count.
    reports = ProgressReport.objects.authorised() if public else ProgressReport.objects.all()
    latest = reports.filter(activity=OuterRef(activity_ref)).order_by("-period__end", "-reported_on", "-pk")
    return Coalesce(Subquery(latest.values("percent")[:1]), 0)


def _status(progress_field: str) -> Case:
    return Case(
        When(**{f"{progress_field}__gte": 100}, then=Value(Status.DONE)),
        When(**{f"{progress_field}__gt": 0}, then=Value(Status.IN_PROGRESS)),
        default=Value(Status.NOT_STARTED),
        output_field=models.CharField(),
    )


def _timeliness(progress_field: str, due_field: str, today: date | None) -> Case:
    today = today or timezone.localdate()
    soon = today + timedelta(days=settings.DUE_SOON_DAYS)
    return Case(
        When(**{f"{progress_field}__gte": 100}, then=Value(Timeliness.ON_TIME)),
        When(**{f"{due_field}__isnull": True}, then=Value(None)),
        When(**{f"{due_field}__lt": today}, then=Value(Timeliness.OVERDUE)),
        When(**{f"{due_field}__lte": soon}, then=Value(Timeliness.DUE_SOON)),
        default=Value(Timeliness.ON_TIME),
        output_field=models.CharField(null=True),
    )


def annotate_activities(queryset, today: date | None = None, public: bool = False):
    return queryset.annotate(progress=_latest_percent("pk", public)).annotate(
        status=_status("progress"), timeliness=_timeliness("progress", "end_date", today)
    )


def annotate_aspects(queryset, today: date | None = None, public: bool = False):
    Activity = apps.get_model("aspects", "Activity")
    # Activities cancelled by a replanning no longer count towards their ASM.
    activities = Activity.objects.filter(aspect=OuterRef("pk"), cancelled=False).order_by().annotate(p=_latest_percent("pk", public)).values("aspect")
    weight = Cast("weight", FloatField())
    rolled_up = activities.annotate(
        value=Coalesce(
            Sum(Cast("p", FloatField()) * weight) / NullIf(Sum(weight), 0.0),
            Avg(Cast("p", FloatField())),
            output_field=FloatField(),
        )
    ).values("value")
    last_end = activities.annotate(value=Max("end_date")).values("value")
    return queryset.annotate(
        progress=Subquery(rolled_up, output_field=FloatField()),
        due_date=Coalesce(Subquery(last_end, output_field=models.DateField()), F("end_date")),
    ).annotate(status=_status("progress"), timeliness=_timeliness("progress", "due_date", today))
