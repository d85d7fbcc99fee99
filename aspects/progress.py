"""The one definition of the derived values: progress, status, timeliness and an ASM's end date.

They are computed when their inputs change and stored, so that a list of any length reads,
filters, sorts and sums them as plain indexed columns (a country's 250,000 activities would
otherwise recompute them in nested subqueries on every request):

- An activity's progress is the percent of its latest report (by cut-off period), 0 without one.
- An ASM's progress is the mean of its live activities' progress weighted by their weights, or
  the plain mean when no weights are given; None when it has no live activity. An activity
  cancelled by a replanning no longer counts.
- Status: sin iniciar (0 %), en proceso, concluido (100 %).
- Each is stored twice: for staff (`staff_*`, every report) and for the public (`public_*`,
  only reports whose progress round is authorised).
- An ASM's end date (`due_date`) is the one its document prints: the ASM's own «fecha de
  término» when the agency captured one, otherwise the latest committed date of its live
  activities.
- An ASM also keeps how many activities it has (`activity_count`), so that the summaries of a
  country count 250,000 activities by adding 100,000 numbers instead of joining every row.
- Timeliness depends on today's date, so it is not stored: a concluded item is on time;
  otherwise it is vencida after its end date, por vencer within DUE_SOON_DAYS of it, and a
  tiempo before that. It is a plain WHERE over the stored progress and end date.

`refresh(aspects)` recomputes the stored values of some ASM and their activities in a few
set-based UPDATEs; the models call it in the same transaction as every change that moves them
(a report, a round's authorisation, a replanning, a weight or date change, a deletion).
`refresh_all()` and `differences()` (the `verify_progress` command) recompute everything.
A loader of many rows (load_demo) writes them inside `deferred()`, which refreshes each ASM
once at the end instead of after every row.

The same refresh recounts, per plan and cut-off period of its cycle, the committed activities still
without a report in it (`MissingReports`, from `Activity.objects.missing_report`): a report or an
activity moves it like the values above; a plan's authorisation and a period's dates move it too,
and recount through `recount_missing()` (aspects.unreported).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connections, models, transaction
from django.db.models import Avg, Case, Count, Exists, F, FloatField, Max, Min, OuterRef, Q, Subquery, Sum, Value, When
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
# The stored columns: written only by refresh(), never by a form, and not part of the audit trail.
STORED_FIELDS = ("staff_progress", "staff_status", "public_progress", "public_status", "due_date", "activity_count")
AUDIENCES = ("staff", "public")
# The copied sort keys (refresh_keys), bookkeeping like the stored values.
KEY_FIELDS = ("plan", "plan_state", "program_key", "cycle_year", "aspect_number", "program_agency", "aspect_kind")


# Reading: the stored values under the names every page, export and API uses. -------------------


def annotate(queryset, *, public: bool = False, today: date | None = None):
    """progress, status and timeliness of each row, as the public or as staff see them."""
    audience = "public" if public else "staff"
    due = queryset.model.due_field
    return queryset.annotate(progress=F(f"{audience}_progress"), status=F(f"{audience}_status")).annotate(
        timeliness=Case(
            When(progress__gte=100, then=Value(Timeliness.ON_TIME)),
            When(**{f"{due}__isnull": True}, then=Value(None)),
            When(timeliness_q(Timeliness.OVERDUE, due_field=due, today=today), then=Value(Timeliness.OVERDUE)),
            When(timeliness_q(Timeliness.DUE_SOON, due_field=due, today=today), then=Value(Timeliness.DUE_SOON)),
            default=Value(Timeliness.ON_TIME),
            output_field=models.CharField(null=True),
        )
    )


def timeliness_q(value: str, *, due_field: str, today: date | None = None) -> Q:
    """The rows of one timeliness, as a plain condition on `progress` and the end date (so a
    filter uses their indexes instead of evaluating a CASE on every row)."""
    today = today or timezone.localdate()
    soon = today + timedelta(days=settings.DUE_SOON_DAYS)
    open_ = Q(progress__lt=100)
    if value == Timeliness.OVERDUE:
        return open_ & Q(**{f"{due_field}__lt": today})
    if value == Timeliness.DUE_SOON:
        return open_ & Q(**{f"{due_field}__gte": today, f"{due_field}__lte": soon})
    if value == Timeliness.ON_TIME:
        return Q(progress__gte=100) | Q(**{f"{due_field}__gt": soon})
    raise ValueError(f"Unknown timeliness {value!r}")


# Computing: the definitions, as SQL over the inputs. ---------------------------------------------

# Which report is an activity's latest: the one of the latest cut-off period, and within a period the
# last reported (then the last saved). The stored values and the annexes at a past cut-off both read it.
LATEST_FIRST = ("-period__end", "-reported_on", "-pk")


def latest_reports(reports: models.QuerySet, *, periods: Iterable[Any]) -> dict[int, Any]:
    """Each activity's latest report among `reports` in `periods` (a cycle's periods up to a
    cut-off), by activity id."""
    # By the periods' ids, not through a join on them: PostgreSQL then estimates the reports from
    # their own statistics and reads each activity's by its index, instead of a whole period's.
    latest: dict[int, Any] = {}
    for report in reports.filter(period_id__in=[period.pk for period in periods]).order_by(*LATEST_FIRST):
        latest.setdefault(report.activity_id, report)
    return latest


def _latest_percent(*, public: bool):
    ProgressReport = apps.get_model("aspects", "ProgressReport")
    ReportRound = apps.get_model("aspects", "ReportRound")
    reports = ProgressReport._base_manager.filter(activity=OuterRef("pk"))
    if public:
        # The public sees progress as authorised: a report still in preparation does not count.
        reports = reports.filter(
            Exists(
                ReportRound._base_manager.filter(
                    plan=OuterRef("activity__aspect__plan"), period=OuterRef("period"), state="autorizado"
                )
            )
        )
    latest = reports.order_by(*LATEST_FIRST).values("percent")[:1]
    return Coalesce(Subquery(latest), 0)


def _status(progress: str) -> Case:
    return Case(
        When(**{f"{progress}__gte": 100}, then=Value(Status.DONE)),
        When(**{f"{progress}__gt": 0}, then=Value(Status.IN_PROGRESS)),
        default=Value(Status.NOT_STARTED),
        output_field=models.CharField(),
    )


def _aspect_progress(audience: str):
    Activity = apps.get_model("aspects", "Activity")
    live = Activity._base_manager.filter(aspect=OuterRef("pk"), cancelled=False).order_by().values("aspect")
    percent = Cast(f"{audience}_progress", FloatField())
    weight = Cast("weight", FloatField())
    mean = live.annotate(
        value=Coalesce(Sum(percent * weight) / NullIf(Sum(weight), 0.0), Avg(percent), output_field=FloatField())
    ).values("value")
    return Subquery(mean, output_field=FloatField())


def _aspect_due_date():
    Activity = apps.get_model("aspects", "Activity")
    live = Activity._base_manager.filter(aspect=OuterRef("pk"), cancelled=False).order_by().values("aspect")
    latest = live.annotate(value=Max("end_date")).values("value")
    return Coalesce(F("end_date"), Subquery(latest, output_field=models.DateField()))


def count_subquery(rows: models.QuerySet, *, per: str) -> Coalesce:
    """How many of `rows` (filtered on an OuterRef through the field `per`) each row of the outer
    query has, 0 for none. A subquery rather than a GROUP BY over a join: the database counts the
    rows of the outer query's page only, and a paginator's COUNT leaves it out."""
    counted = rows.order_by().values(per).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), 0)


def _activity_count():
    Activity = apps.get_model("aspects", "Activity")
    return count_subquery(Activity._base_manager.filter(aspect=OuterRef("pk")), per="aspect")


def _computed_activities(activities):
    return activities.annotate(
        computed_staff_progress=_latest_percent(public=False), computed_public_progress=_latest_percent(public=True)
    ).annotate(
        computed_staff_status=_status("computed_staff_progress"),
        computed_public_status=_status("computed_public_progress"),
    )


def _computed_aspects(aspects):
    # From the activities' stored progress, which differences() has found right before it looks here.
    return aspects.annotate(
        computed_staff_progress=_aspect_progress("staff"),
        computed_public_progress=_aspect_progress("public"),
        computed_due_date=_aspect_due_date(),
        computed_activity_count=_activity_count(),
    ).annotate(
        computed_staff_status=_status("computed_staff_progress"),
        computed_public_status=_status("computed_public_progress"),
    )


# Writing. ---------------------------------------------------------------------------------------


def refresh(aspects: Iterable[int] | models.QuerySet, *, plans: Iterable[int] = (), summaries: bool = True) -> None:
    """Recompute the stored values of these ASM (ids, or a queryset of ids) and of their activities,
    and the summaries of their plans and of `plans` (the plans they were in before the change:
    an ASM moved or deleted leaves its former plan's sums to redo). `summaries=False` leaves the
    summaries alone (a migration older than their table)."""
    Activity = apps.get_model("aspects", "Activity")
    Aspect = apps.get_model("aspects", "Aspect")
    plans = set(plans)
    if not isinstance(aspects, models.QuerySet):
        aspects = [pk for pk in aspects if pk is not None]
        if not aspects and not plans:
            return
    with transaction.atomic():
        touched = lock(aspects, summaries=summaries)
        if summaries:
            lock_plans(plans - touched)  # where the caller's lock() found them (an ASM moved or deleted)
        touched |= plans
        # Activities first: an ASM's progress is read from theirs.
        # _base_manager: these UPDATEs are bookkeeping, not edits, so they bypass the audit trail
        # and the optimistic lock's version.
        activities = Activity._base_manager.filter(aspect_id__in=aspects)
        activities.update(staff_progress=_latest_percent(public=False), public_progress=_latest_percent(public=True))
        activities.update(staff_status=_status("staff_progress"), public_status=_status("public_progress"))
        rows = Aspect._base_manager.filter(pk__in=aspects)
        rows.update(
            staff_progress=_aspect_progress("staff"),
            public_progress=_aspect_progress("public"),
            due_date=_aspect_due_date(),
            activity_count=_activity_count(),
        )
        rows.update(staff_status=_status("staff_progress"), public_status=_status("public_progress"))
        refresh_keys(aspects)
        if summaries:
            refresh_summaries(touched)
            refresh_missing(touched)


# The public lists' order (program key, cycle year, ASM number, activity number) spans three
# tables; each row keeps a copy of the keys it sorts on (and an activity the plan that makes it
# public), so that a page deep in a country's list walks one index of one table. Rows whose copy
# already agrees are not written. An agency's programs, a program's plans and a plan's cycle
# re-key their rows when saved (aspects.apps).
# The public rule (the plan's state) and the lists' filters by agency, year and (for activities)
# kind of ASM read copies too.
ASPECT_KEYS = {
    "plan_state": "plan__state",
    "program_key": "plan__program__key",
    "cycle_year": "plan__cycle__year",
    "program_agency": "plan__program__agency",
}
ACTIVITY_KEYS = {
    "plan": "aspect__plan",
    "plan_state": "aspect__plan__state",
    "program_key": "aspect__plan__program__key",
    "cycle_year": "aspect__plan__cycle__year",
    "aspect_number": "aspect__number",
    "program_agency": "aspect__plan__program__agency",
    "aspect_kind": "aspect__kind",
}


def _stale_keys(keys: dict[str, str]) -> Q:
    """The rows whose copied keys differ from their source."""
    stale = Q()
    for field, path in keys.items():
        stale |= ~Q(**{field: F(path)}) | Q(**{f"{field}__isnull": True})
    return stale


def refresh_keys(aspects: Iterable[int] | models.QuerySet) -> None:
    """Copy the sort keys of these ASM and of their activities from their plans (a program's key,
    a plan's cycle or an ASM's number changed, or the rows are new): the ASM from their plan,
    program and cycle, then the activities from their ASM, each in one UPDATE … FROM (PostgreSQL,
    and SQLite since 3.33) over the rows whose copy differs."""
    Activity = apps.get_model("aspects", "Activity")
    Aspect = apps.get_model("aspects", "Aspect")
    Plan = apps.get_model("aspects", "Plan")
    Program = apps.get_model("programs", "Program")
    Cycle = apps.get_model("programs", "Cycle")
    aspect, activity = Aspect._meta.db_table, Activity._meta.db_table
    plan, program, cycle = Plan._meta.db_table, Program._meta.db_table, Cycle._meta.db_table
    statements = {
        Aspect: (
            f"UPDATE {aspect} SET plan_state = pl.state, program_key = p.key, cycle_year = c.year, "
            f"program_agency_id = p.agency_id FROM {plan} pl, {program} p, {cycle} c "
            f"WHERE {aspect}.plan_id = pl.id AND pl.program_id = p.id AND pl.cycle_id = c.id AND {aspect}.id IN "
        ),
        Activity: (
            f"UPDATE {activity} SET plan_id = a.plan_id, plan_state = a.plan_state, program_key = a.program_key, "
            f"cycle_year = a.cycle_year, aspect_number = a.number, program_agency_id = a.program_agency_id, "
            f"aspect_kind = a.kind FROM {aspect} a WHERE {activity}.aspect_id = a.id AND {activity}.id IN "
        ),
    }
    for model, keys, mine in ((Aspect, ASPECT_KEYS, "pk__in"), (Activity, ACTIVITY_KEYS, "aspect_id__in")):
        stale = model._base_manager.filter(**{mine: aspects}).filter(_stale_keys(keys)).order_by()
        ids = list(stale.values_list("pk", flat=True))
        if ids:
            connection = connections[model._base_manager.db]
            with connection.cursor() as cursor:
                cursor.execute(statements[model] + f"({', '.join(['%s'] * len(ids))})", ids)


def key_differences(limit: int = 50) -> list[str]:
    """Rows whose copied keys (the lists' sort keys, a summary's plan keys) differ from their source."""
    Activity = apps.get_model("aspects", "Activity")
    Aspect = apps.get_model("aspects", "Aspect")
    found: list[str] = []
    if limit <= 0:
        return found
    PlanSummary = apps.get_model("aspects", "PlanSummary")
    for model, keys in ((Aspect, ASPECT_KEYS), (Activity, ACTIVITY_KEYS), (PlanSummary, SUMMARY_KEYS)):
        rows = model._base_manager.filter(_stale_keys(keys)).order_by("pk")
        columns = [name for field, path in keys.items() for name in (_column(model, field), path)]
        for pk, *values in rows.values_list("pk", *columns)[: limit - len(found)]:
            for field, stored, source in zip(keys, values[::2], values[1::2], strict=True):
                if stored != source:
                    found.append(f"{model._meta.verbose_name} {pk}: {field} guardado {stored!r}, calculado {source!r}")
    return found[:limit]


def _column(model, field: str) -> str:
    """The lookup of a stored field's value (a foreign key's id)."""
    return model._meta.get_field(field).attname


def lock(aspects: Iterable[int] | models.QuerySet, *, summaries: bool = True) -> set[int]:
    """Lock these ASM rows until the transaction ends, after the summaries of their plans (each in
    id order, plans before ASM, so two writers never wait on each other crosswise). A second
    writer of the same plan waits here, and then reads what the first committed: without it, its
    UPDATEs would compute from a snapshot taken before that commit and store a stale value.
    Returns the ids of those plans."""
    Aspect = apps.get_model("aspects", "Aspect")
    if not isinstance(aspects, models.QuerySet):
        aspects = [pk for pk in aspects if pk is not None]
        if not aspects:
            return set()
    plans = set(Aspect._base_manager.filter(pk__in=aspects).values_list("plan_id", flat=True))
    if summaries:
        lock_plans(plans)
    list(Aspect._base_manager.select_for_update().filter(pk__in=aspects).order_by("pk").values_list("pk", flat=True))
    return plans


def lock_plans(plans: Iterable[int]) -> None:
    """Lock the summary rows of these plans (creating the missing ones, with their plan's keys)
    until the transaction ends."""
    PlanSummary = apps.get_model("aspects", "PlanSummary")
    plans = sorted(set(plans))
    if not plans:
        return
    today = timezone.localdate()
    keys = _summary_keys(plans)
    PlanSummary._base_manager.bulk_create(
        [PlanSummary(plan_id=plan, counted_on=today, **keys.get(plan, {})) for plan in plans], ignore_conflicts=True
    )
    list(
        PlanSummary._base_manager.select_for_update()
        .filter(plan_id__in=plans)
        .order_by("plan_id")
        .values_list("plan_id", flat=True)
    )


# Deferring: many writes, one refresh. -------------------------------------------------------------

# Per thread, as the database connection is: a job worker's writes never wait for a loader's refresh.
_deferral = threading.local()


@contextmanager
def deferred() -> Iterator[None]:
    """One transaction in which the writes that move the stored values (the models' saves, bulk
    updates and deletes: `moving()` and `moved()`) only note the ASM they touch and the plans those
    were in; at its end one `refresh()` recomputes them all, as generate_dataset's single
    `refresh_all()` does. A loader of many rows (load_demo) then recomputes each ASM once instead
    of after every row. Nothing inside may read the stored values: they are stale until the end.
    Inside another `deferred()` it adds to the outer one's notes."""
    if getattr(_deferral, "notes", None) is not None:
        yield
        return
    notes: tuple[set[int], set[int]] = (set(), set())
    _deferral.notes = notes
    try:
        with transaction.atomic():
            yield
            _deferral.notes = None  # the refresh below writes for real
            aspects, plans = notes
            ids = sorted(aspects)
            for start in range(0, len(ids), 1000):
                refresh(ids[start : start + 1000])
            Aspect = apps.get_model("aspects", "Aspect")
            # The plans no refreshed ASM is in any more (an ASM moved or deleted meanwhile).
            left = plans - set(Aspect._base_manager.filter(pk__in=ids).values_list("plan_id", flat=True))
            refresh([], plans=left)
    finally:
        _deferral.notes = None


def _notes() -> tuple[set[int], set[int]] | None:
    return getattr(_deferral, "notes", None)


def moving(aspects: Iterable[int] | models.QuerySet) -> set[int]:
    """Before a write that moves these ASM's stored values: `lock()` them, or inside `deferred()`
    note them and their plans. Returns the plans they are in, for `moved()`."""
    notes = _notes()
    if notes is None:
        return lock(aspects)
    Aspect = apps.get_model("aspects", "Aspect")
    ids = [pk for pk in aspects if pk is not None]
    plans = set(Aspect._base_manager.filter(pk__in=ids).values_list("plan_id", flat=True)) if ids else set()
    notes[0].update(ids)
    notes[1].update(plans)
    return plans


def moved(aspects: Iterable[int] | models.QuerySet, *, plans: Iterable[int] = ()) -> None:
    """After that write: `refresh()` these ASM and the plans they were in, or inside `deferred()`
    note them for the refresh at its end."""
    notes = _notes()
    if notes is None:
        refresh(aspects, plans=plans)
        return
    notes[0].update(pk for pk in aspects if pk is not None)
    notes[1].update(plans)


# The public sums of a plan's ASM, as PlanSummary stores them (overdue: as of `counted_on`), and its
# overdue activities as staff see them (LATE_FIELDS, as of the same day).
LATE_FIELDS = ("late_activities", "late_live_activities", "late_until")
SUMMARY_FIELDS = ("aspects", "done", "progress_sum", "measured", "activities", "overdue", "overdue_until", *LATE_FIELDS)


# A summary's copies of its plan's state (the public rule reads it: `public_state_copy`), agency and
# cycle, by which the home adds the public summaries up. Written with the summary (lock_plans,
# refresh_summaries) and again when the plan or its program is saved (refresh_summary_keys).
SUMMARY_KEYS = {"plan_state": "plan__state", "program_agency": "plan__program__agency", "cycle": "plan__cycle"}


def _summary_keys(plans: Iterable[int] | models.QuerySet) -> dict[int, dict[str, Any]]:
    """The copies each of these plans' summary keeps, by plan."""
    Plan = apps.get_model("aspects", "Plan")
    return {
        pk: {"plan_state": state, "program_agency_id": agency, "cycle_id": cycle}
        for pk, state, agency, cycle in Plan._base_manager.filter(pk__in=plans).values_list(
            "pk", "state", "program__agency", "cycle"
        )
    }


def refresh_summary_keys(plans: Iterable[int] | models.QuerySet) -> None:
    """Copy the keys again to the summaries of these plans whose copy differs: the plan changed
    state, program or cycle, or its program changed agency. One UPDATE per combination of keys."""
    PlanSummary = apps.get_model("aspects", "PlanSummary")
    stale = PlanSummary._base_manager.filter(plan_id__in=plans).filter(_stale_keys(SUMMARY_KEYS)).order_by()
    together: dict[tuple, list[int]] = {}
    for plan, copies in _summary_keys(stale.values("plan_id")).items():
        together.setdefault(tuple(sorted(copies.items())), []).append(plan)
    for combination, ids in together.items():
        PlanSummary._base_manager.filter(plan_id__in=ids).update(**dict(combination))


def _summary_of(today) -> dict[str, Any]:
    """The summary's aggregates over ASM rows, the overdue ones counted as of `today`."""
    open_ = Q(public_progress__lt=100)
    return {
        "aspects": Count("pk"),
        "done": Count("pk", filter=Q(public_status=Status.DONE)),
        "progress_sum": Coalesce(Sum("public_progress"), 0.0, output_field=FloatField()),
        "measured": Count("public_progress"),
        "activities": Coalesce(Sum("activity_count"), 0),
        "overdue": Count("pk", filter=open_ & Q(due_date__lt=today)),
        "overdue_until": Min("due_date", filter=open_ & Q(due_date__gte=today)),
    }


def _late_of(today: date) -> dict[str, Any]:
    """The staff's overdue activities (timeliness_q over staff progress), counted as of `today`."""
    open_ = Q(staff_progress__lt=100)
    late = open_ & Q(end_date__lt=today)
    return {
        "late_activities": Count("pk", filter=late),
        "late_live_activities": Count("pk", filter=late & Q(cancelled=False)),
        "late_until": Min("end_date", filter=open_ & Q(end_date__gte=today)),
    }


def _computed_summaries(plans: Iterable[int], today: date) -> dict[int, dict[str, Any]]:
    """The summary of each of these plans computed from its ASM and their activities, as of `today`
    (every plan given, with zeros when it has none)."""
    Activity = apps.get_model("aspects", "Activity")
    Aspect = apps.get_model("aspects", "Aspect")
    Plan = apps.get_model("aspects", "Plan")
    plans = set(plans)
    sums: dict[int, dict[str, Any]] = {}
    for row in (
        Aspect._base_manager.filter(plan_id__in=plans).order_by().values("plan_id").annotate(**_summary_of(today))
    ):
        values: dict[str, Any] = dict(row)
        sums[values.pop("plan_id")] = values
    late: dict[int, dict[str, Any]] = {}
    for counted in (
        Activity._base_manager.filter(aspect__plan_id__in=plans)
        .order_by()
        .values("aspect__plan_id")
        .annotate(**_late_of(today))
    ):
        counts: dict[str, Any] = dict(counted)
        late[counts.pop("aspect__plan_id")] = counts
    empty: dict[str, Any] = dict.fromkeys(SUMMARY_FIELDS, 0) | {"overdue_until": None, "late_until": None}
    return {
        plan: empty | sums.get(plan, {}) | late.get(plan, {})
        for plan in Plan._base_manager.filter(pk__in=plans).values_list("pk", flat=True)
    }


def refresh_summaries(plans: Iterable[int], *, today: date | None = None) -> None:
    """Recompute the summaries of these plans from their ASM's stored public values; the caller
    holds their locks (lock_plans)."""
    PlanSummary = apps.get_model("aspects", "PlanSummary")
    plans = set(plans)
    if not plans:
        return
    today = today or timezone.localdate()
    keys = _summary_keys(plans)
    PlanSummary._base_manager.bulk_create(
        [
            PlanSummary(plan_id=plan, counted_on=today, **values, **keys[plan])
            for plan, values in _computed_summaries(plans, today).items()
        ],
        update_conflicts=True,
        unique_fields=["plan"],
        update_fields=[*SUMMARY_FIELDS, *SUMMARY_KEYS, "counted_on"],
    )


def _computed_missing(plans: Iterable[int]) -> dict[tuple[int, int], int]:
    """How many committed activities of these plans have no report, per (plan, period) of their
    cycle, by the one definition (`ActivityQuerySet.missing_report`); only the non-zero ones."""
    Activity = apps.get_model("aspects", "Activity")
    CutOffPeriod = apps.get_model("programs", "CutOffPeriod")
    rows = (
        Activity.objects.filter(aspect__plan_id__in=list(plans))
        .missing_report(CutOffPeriod._base_manager.all())
        .order_by()
        .values_list("aspect__plan_id", "missing_period")
        .annotate(n=Count("pk"))
    )
    return {(plan, period): n for plan, period, n in rows}


def refresh_missing(plans: Iterable[int]) -> None:
    """Recount the activities without a report of these plans in each period of their cycle
    (MissingReports); the caller holds their locks (lock_plans)."""
    MissingReports = apps.get_model("aspects", "MissingReports")
    plans = set(plans)
    if not plans:
        return
    counted = _computed_missing(plans)
    MissingReports._base_manager.filter(plan_id__in=plans).delete()
    MissingReports._base_manager.bulk_create(
        [MissingReports(plan_id=plan, period_id=period, activities=n) for (plan, period), n in counted.items()],
        batch_size=1000,
    )


def recount_missing(plans: Iterable[int] | models.QuerySet) -> None:
    """Lock these plans and recount their missing reports, in one transaction: for what moves the
    count without going through refresh() (a plan's transition, a period's dates)."""
    with transaction.atomic():
        plans = list(plans)
        lock_plans(plans)
        refresh_missing(plans)


def refresh_overdue(*, today: date | None = None) -> int:
    """Count again the overdue ASM of the summaries whose count no longer holds today (an open
    ASM's end date has passed since): daily, from celery beat. Returns how many were redone."""
    PlanSummary = apps.get_model("aspects", "PlanSummary")
    today = today or timezone.localdate()
    stale = list(
        PlanSummary._base_manager.exclude(_fresh(today) & _late_fresh(today)).values_list("plan_id", flat=True)
    )
    for start in range(0, len(stale), 500):
        chunk = stale[start : start + 500]
        with transaction.atomic():
            lock_plans(chunk)
            refresh_summaries(chunk, today=today)
    return len(stale)


def _fresh(today: date) -> Q:
    """Summary rows whose overdue count still holds `today`."""
    return Q(counted_on__lte=today) & (Q(overdue_until__isnull=True) | Q(overdue_until__gte=today))


def _late_fresh(today: date) -> Q:
    """Summary rows whose count of overdue activities still holds `today`."""
    return Q(counted_on__lte=today) & (Q(late_until__isnull=True) | Q(late_until__gte=today))


def late_sums(summaries: models.QuerySet, *, today: date | None = None, **groups: Callable[[str], Q]) -> dict[str, int]:
    """How many activities of these plans' summaries are overdue today as staff see them: `total`,
    and per named condition on the plan (`groups`: given the path to the plan, a Q) how many live
    (not cancelled) ones. The summaries whose count still holds are added up in one query; those
    whose count no longer holds (an end date passed since) are recounted from their activities,
    apart and by id: a correlated recount inside the sum would make PostgreSQL estimate the
    whole country and spend longer compiling the query (JIT) than running it."""
    Activity = apps.get_model("aspects", "Activity")
    today = today or timezone.localdate()
    fresh = _late_fresh(today)
    sums = (
        summaries.order_by()
        .filter(fresh)
        .aggregate(
            total=Coalesce(Sum("late_activities"), 0),
            **{name: Coalesce(Sum("late_live_activities", filter=where("plan")), 0) for name, where in groups.items()},
        )
    )
    stale = list(summaries.order_by().exclude(fresh).values_list("plan_id", flat=True))
    if stale:
        late = Activity._base_manager.filter(aspect__plan_id__in=stale, staff_progress__lt=100, end_date__lt=today)
        recount = late.order_by().aggregate(
            total=Count("pk"),
            **{name: Count("pk", filter=Q(cancelled=False) & where("aspect__plan")) for name, where in groups.items()},
        )
        sums = {name: sums[name] + recount[name] for name in sums}
    return sums


def plan_sums(summaries: models.QuerySet, *keys: str, today: date | None = None) -> models.QuerySet:
    """Per combination of `keys`, the sums every public summary is made of (total, done, overdue,
    progress_sum, measured, activities), added up from the plans' summaries (PlanSummary) in one
    query. A summary whose overdue count no longer holds today is recounted from its ASM."""
    Aspect = apps.get_model("aspects", "Aspect")
    today = today or timezone.localdate()
    recount = Aspect._base_manager.filter(plan=OuterRef("plan"), public_progress__lt=100, due_date__lt=today)
    current = Case(
        When(_fresh(today), then=F("overdue")),
        default=count_subquery(recount, per="plan"),
        output_field=models.IntegerField(),
    )
    return (
        summaries.order_by()
        .annotate(current_overdue=current)
        .values(*keys)
        .annotate(
            total=Sum("aspects"),
            done=Sum("done"),
            overdue=Sum("current_overdue"),
            progress_sum=Sum("progress_sum"),
            measured=Sum("measured"),
            activities=Sum("activities"),
        )
    )


def refresh_all(batch: int = 5000, *, summaries: bool = True) -> None:
    """Recompute every stored value, in batches of ASM so no transaction grows with the database."""
    Aspect = apps.get_model("aspects", "Aspect")
    ids = list(Aspect._base_manager.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        refresh(Aspect._base_manager.filter(pk__gte=chunk[0], pk__lte=chunk[-1]).values("pk"), summaries=summaries)
    if summaries:
        # A plan whose ASM are all gone keeps a summary (or counts) no ASM batch reaches.
        PlanSummary = apps.get_model("aspects", "PlanSummary")
        MissingReports = apps.get_model("aspects", "MissingReports")
        empty = set(PlanSummary._base_manager.filter(plan__aspects__isnull=True).values_list("plan_id", flat=True))
        empty |= set(MissingReports._base_manager.filter(plan__aspects__isnull=True).values_list("plan_id", flat=True))
        with transaction.atomic():
            lock_plans(empty)
            refresh_summaries(empty)
            refresh_missing(empty)


def differences(limit: int = 50) -> list[str]:
    """The stored values that differ from a computation from scratch (empty when all agree).

    Activities first, from their reports; then, if every activity agrees, the ASM from them (an
    activity that is wrong would make its ASM look wrong too, and the activity is the cause);
    then, if every ASM agrees, the plans' summaries from their ASM; then the missing reports of
    each plan and period from its activities and reports."""
    Activity = apps.get_model("aspects", "Activity")
    Aspect = apps.get_model("aspects", "Aspect")
    fields = ("staff_progress", "public_progress", "staff_status", "public_status")
    found = _compare(Activity, _computed_activities(Activity._base_manager.all()), fields, limit)
    if not found:
        found = _compare(
            Aspect, _computed_aspects(Aspect._base_manager.all()), (*fields, "due_date", "activity_count"), limit
        )
    if not found:
        found = summary_differences(limit)
    if not found:
        found = missing_differences(limit)
    return found + key_differences(limit - len(found))


def missing_differences(limit: int = 50, batch: int = 500) -> list[str]:
    """(plan, period) pairs whose stored count of activities without a report differs from a
    recount (a pair with no row stores 0), plans read in batches of ids."""
    Plan = apps.get_model("aspects", "Plan")
    MissingReports = apps.get_model("aspects", "MissingReports")
    found: list[str] = []
    last = 0
    while len(found) < limit:
        plans = list(Plan._base_manager.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch])
        if not plans:
            break
        computed = _computed_missing(plans)
        stored = {
            (plan, period): n
            for plan, period, n in MissingReports._base_manager.filter(plan_id__in=plans).values_list(
                "plan_id", "period_id", "activities"
            )
        }
        for plan, period in sorted(stored.keys() | computed.keys()):
            if stored.get((plan, period), 0) != computed.get((plan, period), 0):
                found.append(
                    f"actividades sin reporte del programa de trabajo {plan} en el periodo {period}: guardado "
                    f"{stored.get((plan, period), 0)!r}, calculado {computed.get((plan, period), 0)!r}"
                )
        last = plans[-1]
    return found[:limit]


def summary_differences(limit: int = 50, batch: int = 500) -> list[str]:
    """Plans whose summary differs from its ASM (each as of the date its overdue count was taken),
    and plans with ASM but no summary."""
    Plan = apps.get_model("aspects", "Plan")
    PlanSummary = apps.get_model("aspects", "PlanSummary")
    found = [
        f"programa de trabajo {pk}: sin resumen"
        for pk in Plan._base_manager.filter(aspects__isnull=False, summary__isnull=True)
        .order_by("pk")
        .distinct()
        .values_list("pk", flat=True)[:limit]
    ]
    last = 0
    while len(found) < limit:
        rows = list(PlanSummary._base_manager.filter(plan_id__gt=last).order_by("plan_id")[:batch])
        if not rows:
            break
        by_date: dict[date, list[Any]] = {}
        for row in rows:
            by_date.setdefault(row.counted_on, []).append(row)
        for counted_on, summaries in by_date.items():
            computed = _computed_summaries([row.plan_id for row in summaries], counted_on)
            for row in summaries:
                for field in SUMMARY_FIELDS:
                    stored, expected = getattr(row, field), computed[row.plan_id][field]
                    if not _same(stored, expected):
                        found.append(
                            f"resumen del programa de trabajo {row.plan_id}: {field} guardado {stored!r}, "
                            f"calculado {expected!r}"
                        )
        last = rows[-1].plan_id
    return found[:limit]


def _compare(model, rows, fields: tuple[str, ...], limit: int, batch: int = 5000) -> list[str]:
    """Read in batches of ids, not through a server-side cursor, so no transaction holds one open."""
    found: list[str] = []
    names = [name for field in fields for name in (field, f"computed_{field}")]
    last = 0
    while len(found) < limit:
        chunk = list(rows.filter(pk__gt=last).order_by("pk").values_list("pk", *names)[:batch])
        if not chunk:
            break
        for pk, *values in chunk:
            for field, stored, computed in zip(fields, values[::2], values[1::2], strict=False):
                if not _same(stored, computed):
                    found.append(
                        f"{model._meta.verbose_name} {pk}: {field} guardado {stored!r}, calculado {computed!r}"
                    )
        last = chunk[-1][0]
    return found[:limit]


def _same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and abs(a - b) < 1e-6
    return a == b
