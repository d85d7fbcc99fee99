"""List pages run the same number of queries with 1 row and with 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories as make


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def add_rows(world, n):
    for _ in range(n):
        program = make.program(world.agency_a)
        make.evaluation(program)
        plan = make.plan(program)
        aspect = make.aspect(plan)
        activity = make.activity(aspect, units=[world.unit_a])
        make.report(activity)


@pytest.mark.parametrize(
    "url",
    [
        reverse("programs:program-list"),
        reverse("aspects:plan-list"),
        reverse("aspects:aspect-list"),
        reverse("aspects:aspect-list") + "?estado=en_proceso",
        reverse("aspects:activity-list"),
        reverse("staff-home"),
    ],
)
@pytest.mark.parametrize("persona", ["staff_a", "coordinator"])
def test_list_query_count_does_not_grow_with_rows(world, settings, url, persona, request):
    settings.DEBUG = False
    client = request.getfixturevalue(persona)
    one = queries_for(client, url)
    add_rows(world, 49)
    fifty = queries_for(client, url)
    assert fifty == one


def test_detail_pages_query_count_does_not_grow_with_children(world, staff_a):
    plan_url = world.plan_a.get_absolute_url()
    aspect_url = world.aspect_a.get_absolute_url()
    before = queries_for(staff_a, plan_url), queries_for(staff_a, aspect_url)
    for _ in range(20):
        aspect = make.aspect(world.plan_a)
        make.report(make.activity(aspect, units=[world.unit_a]))
        make.report(make.activity(world.aspect_a, units=[world.unit_a]))
    after = queries_for(staff_a, plan_url), queries_for(staff_a, aspect_url)
    assert after == before


def add_committed_rows(world, n):
    for _ in range(n):
        plan = make.plan(make.program(world.agency_a))
        activity = make.activity(make.aspect(plan), units=[world.unit_a])
        make.authorised(plan, world.staff_a, world.supervisor_a)
        make.opened(plan.cycle.periods.order_by("end").last())
        make.report(activity, plan.cycle.periods.order_by("end").last())
        make.activity(activity.aspect, units=[world.unit_a])  # added after authorisation, hence with no report


@pytest.mark.parametrize(
    "url,persona",
    [
        (reverse("aspects:missing-reports"), "coordinator"),
        (reverse("programs:cycle-list"), "staff_a"),
        (reverse("staff-home"), "supervisor_a"),
    ],
)
def test_coordination_pages_query_count_does_not_grow_with_rows(world, settings, url, persona, request):
    settings.DEBUG = False
    client = request.getfixturevalue(persona)
    one = queries_for(client, url)
    add_committed_rows(world, 20)
    make_pending_plans(world, 20)
    twenty = queries_for(client, url)
    assert twenty == one


def make_pending_plans(world, n):
    plans = []
    for _ in range(n):
        plan = make.plan(make.program(world.agency_a))
        make.activity(make.aspect(plan), units=[world.unit_a])
        plan.submit(by=world.staff_a)
        plans.append(plan)
    return plans


def test_progress_round_page_query_count_does_not_grow_with_reports_and_evidence(world, staff_a):
    report = make.report(world.live_activity_a, world.march, percent=10)
    make.evidence(report)
    url = report.round().get_absolute_url()
    before = queries_for(staff_a, url)
    for number in range(2, 22):
        other = make.report(
            make.activity(world.live_aspect_a, number=number, units=[world.unit_a]), world.march, percent=10
        )
        make.evidence(other)
        make.evidence(other, name="foto.pdf")
    assert queries_for(staff_a, url) == before
