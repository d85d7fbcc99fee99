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
        reverse("aspects:aspect-list") + "?status=en_proceso",
        reverse("aspects:activity-list"),
        reverse("staff-home"),
    ],
)
def test_list_query_count_does_not_grow_with_rows(world, staff_a, settings, url):
    settings.DEBUG = False
    one = queries_for(staff_a, url)
    add_rows(world, 49)
    fifty = queries_for(staff_a, url)
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
