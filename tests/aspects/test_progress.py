"""Derived values: an activity's progress from its latest report, the ASM's weighted progress,
status and timeliness, computed once in aspects/progress.py."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from aspects.models import Activity, Aspect, ProgressReport
from aspects.progress import Status, Timeliness, latest_reports
from tests import factories as make

# Every scenario here ends with the stored derived values equal to a computation from scratch.
pytestmark = pytest.mark.usefixtures("stored_progress_agrees")


@pytest.fixture
def aspect(db):
    return make.aspect(make.plan(make.program(make.agency())))


def periods(aspect):
    return list(aspect.plan.cycle.periods.order_by("end"))


def test_activity_progress_is_its_latest_report(aspect):
    first, second = periods(aspect)
    activity = make.activity(aspect)
    make.report(activity, second, percent=70)
    make.report(activity, first, percent=30)
    assert activity.current_progress == 70


def test_the_annexes_latest_report_at_a_cut_off_is_the_one_the_stored_progress_reads(aspect):
    first, second = periods(aspect)
    activity = make.activity(aspect)
    make.report(activity, second, percent=70)
    make.report(activity, first, percent=30)
    reports = ProgressReport.objects.filter(activity=activity)

    assert latest_reports(reports, periods=[first, second])[activity.pk].percent == activity.current_progress == 70
    assert latest_reports(reports, periods=[first])[activity.pk].percent == 30
    assert latest_reports(reports, periods=[]) == {}


def test_activity_without_reports_has_not_started(aspect):
    activity = make.activity(aspect)
    assert activity.current_progress == 0
    assert activity.current_status == Status.NOT_STARTED


def test_aspect_progress_is_plain_mean_without_weights(aspect):
    first, _ = periods(aspect)
    make.report(make.activity(aspect), first, percent=100)
    make.activity(aspect)
    make.report(make.activity(aspect), first, percent=50)
    assert aspect.current_progress == pytest.approx(50)


def test_aspect_progress_is_weighted_when_weights_are_given(aspect):
    first, _ = periods(aspect)
    make.report(make.activity(aspect, weight=20), first, percent=100)
    make.report(make.activity(aspect, weight=80), first, percent=50)
    assert aspect.current_progress == pytest.approx(60)


def test_aspect_without_activities_has_no_progress(aspect):
    assert aspect.current_progress is None
    assert aspect.current_status == Status.NOT_STARTED


def test_status_follows_progress(aspect):
    first, _ = periods(aspect)
    activity = make.activity(aspect)
    report = make.report(activity, first, percent=10)
    assert Activity.objects.with_progress().get(pk=activity.pk).status == Status.IN_PROGRESS
    report.percent = 100
    report.save()
    assert Activity.objects.with_progress().get(pk=activity.pk).status == Status.DONE
    assert Aspect.objects.with_progress().get(pk=aspect.pk).status == Status.DONE


@pytest.mark.parametrize(
    "days_left,percent,expected",
    [
        (-1, 50, Timeliness.OVERDUE),
        (-30, 0, Timeliness.OVERDUE),
        (0, 50, Timeliness.DUE_SOON),
        (30, 0, Timeliness.DUE_SOON),
        (31, 0, Timeliness.ON_TIME),
        (-10, 100, Timeliness.ON_TIME),
    ],
)
def test_timeliness_from_committed_end_date_and_progress(aspect, days_left, percent, expected):
    today = timezone.localdate()
    activity = make.activity(aspect, start_date=None, end_date=today + timedelta(days=days_left))
    make.report(activity, periods(aspect)[0], percent=percent)
    assert activity.current_timeliness == expected
    assert aspect.current_timeliness == expected


def test_aspect_timeliness_uses_its_latest_activity_date(aspect):
    today = timezone.localdate()
    make.activity(aspect, end_date=today - timedelta(days=5))
    make.activity(aspect, end_date=today + timedelta(days=90))
    assert aspect.current_timeliness == Timeliness.ON_TIME


def test_lists_and_single_objects_agree(aspect):
    first, _ = periods(aspect)
    make.report(make.activity(aspect, weight=50), first, percent=20)
    make.report(make.activity(aspect, weight=50), first, percent=80)
    listed = Aspect.objects.with_progress().get(pk=aspect.pk)
    single = Aspect.objects.get(pk=aspect.pk)
    assert (listed.progress, listed.status, listed.timeliness) == (
        single.current_progress,
        single.current_status,
        single.current_timeliness,
    )


def test_filters_by_status_and_timeliness(aspect):
    first, _ = periods(aspect)
    make.report(make.activity(aspect, end_date=date(2000, 1, 1)), first, percent=10)
    assert Aspect.objects.with_progress().filter(status=Status.IN_PROGRESS, timeliness=Timeliness.OVERDUE).count() == 1
    assert Aspect.objects.with_progress().filter(status=Status.DONE).count() == 0
