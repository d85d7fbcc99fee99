"""List pages run the same number of queries with 1 row and with 50.

The lists' tests share their rows, as with Django's setUpTestData: the world is built once, each
page counted for each persona, then the rows added once; each test counts its page again.
"""

from itertools import product
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from aspects import progress
from tests import factories as make
from tests.conftest import shared_fixture
from tests.personas import build_world, client_for


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@progress.deferred()  # the rows' progress computed once, after the last
def add_rows(world, n):
    for _ in range(n):
        program = make.program(world.agency_a)
        make.evaluation(program)
        plan = make.plan(program)
        aspect = make.aspect(plan)
        activity = make.activity(aspect, units=[world.unit_a])
        make.report(activity)


def counted(world, pages) -> dict[tuple[str, str], int]:
    """The queries of each (url, persona) page, each for a client of its own."""
    with override_settings(DEBUG=False):
        return {(url, persona): queries_for(client_for(getattr(world, persona)), url) for url, persona in pages}


LISTS = [
    reverse("programs:program-list"),
    reverse("aspects:plan-list"),
    reverse("aspects:aspect-list"),
    reverse("aspects:aspect-list") + "?estado=en_proceso",
    reverse("aspects:activity-list"),
    reverse("staff-home"),
]
LIST_PERSONAS = ["staff_a", "coordinator"]


@pytest.fixture(scope="module")
def fifty_rows(request):
    """The world with one row of each kind, its lists counted, then 49 rows more."""

    def build() -> SimpleNamespace:
        world = build_world()
        one = counted(world, product(LISTS, LIST_PERSONAS))
        add_rows(world, 49)
        return SimpleNamespace(world=world, one=one)

    yield from shared_fixture(request, build)


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("persona", LIST_PERSONAS)
def test_list_query_count_does_not_grow_with_rows(db, fifty_rows, url, persona):
    rows = fifty_rows.copy()
    assert counted(rows.world, [(url, persona)]) == {(url, persona): rows.one[url, persona]}


def test_detail_pages_query_count_does_not_grow_with_children(world, client_staff_a):
    plan_url = world.plan_a.get_absolute_url()
    aspect_url = world.aspect_a.get_absolute_url()
    before = queries_for(client_staff_a, plan_url), queries_for(client_staff_a, aspect_url)
    for _ in range(20):
        aspect = make.aspect(world.plan_a)
        make.report(make.activity(aspect, units=[world.unit_a]))
        make.report(make.activity(world.aspect_a, units=[world.unit_a]))
    after = queries_for(client_staff_a, plan_url), queries_for(client_staff_a, aspect_url)
    assert after == before


@progress.deferred()  # the rows' progress computed once, after the last
def add_committed_rows(world, n):
    for _ in range(n):
        plan = make.plan(make.program(world.agency_a))
        activity = make.activity(make.aspect(plan), units=[world.unit_a])
        make.authorised(plan, world.staff_a, world.supervisor_a)
        make.opened(plan.cycle.periods.order_by("end").last())
        make.report(activity, plan.cycle.periods.order_by("end").last())
        make.activity(activity.aspect, units=[world.unit_a])  # added after authorisation, hence with no report


COORDINATION_PAGES = [
    (reverse("aspects:missing-reports"), "coordinator"),
    (reverse("programs:cycle-list"), "staff_a"),
    (reverse("staff-home"), "supervisor_a"),
]


@pytest.fixture(scope="module")
def twenty_plans(request):
    """The world, its coordination pages counted, then 20 authorised plans and 20 in review."""

    def build() -> SimpleNamespace:
        world = build_world()
        one = counted(world, COORDINATION_PAGES)
        add_committed_rows(world, 20)
        make_pending_plans(world, 20)
        return SimpleNamespace(world=world, one=one)

    yield from shared_fixture(request, build)


@pytest.mark.parametrize("url,persona", COORDINATION_PAGES)
def test_coordination_pages_query_count_does_not_grow_with_rows(db, twenty_plans, url, persona):
    rows = twenty_plans.copy()
    assert counted(rows.world, [(url, persona)]) == {(url, persona): rows.one[url, persona]}


@progress.deferred()  # the rows' progress computed once, after the last
def make_pending_plans(world, n):
    plans = []
    for _ in range(n):
        plan = make.plan(make.program(world.agency_a))
        make.activity(make.aspect(plan), units=[world.unit_a])
        plan.submit(by=world.staff_a)
        plans.append(plan)
    return plans


def test_progress_round_page_query_count_does_not_grow_with_reports_and_evidence(world, client_staff_a):
    report = make.report(world.live_activity_a, world.march, percent=10)
    make.evidence(report)
    url = report.round().get_absolute_url()
    before = queries_for(client_staff_a, url)
    with progress.deferred():  # stored progress computed once, after the last row
        for number in range(2, 22):
            other = make.report(
                make.activity(world.live_aspect_a, number=number, units=[world.unit_a]), world.march, percent=10
            )
            make.evidence(other)
            make.evidence(other, name="foto.pdf")
    assert queries_for(client_staff_a, url) == before


def test_indicator_pages_query_count_does_not_grow_with_indicators(db, settings, client_staff_a, world):
    """The public page of a plan's indicators and the staff annex «Cumplimiento» read the same
    queries with 6 indicators and with 26."""
    from django.core.cache import cache

    from tests.indicator_plans import indicator_plan

    settings.DEBUG = False
    measured = indicator_plan(agency=world.agency_a, people=lambda agency: (world.staff_a, world.supervisor_a))
    public_url = reverse("public:indicators", kwargs={"key": measured.program.key, "plan_pk": measured.plan.pk})
    staff_url = reverse("reports:annex-preview", args=[measured.plan.pk, "cumplimiento"])
    staff_url += f"?periodo={measured.september.pk}"
    anonymous = client_for(None)

    def count() -> tuple[int, int]:
        cache.clear()
        return queries_for(anonymous, public_url), queries_for(client_staff_a, staff_url)

    before = count()
    for number in range(10, 30):
        indicator = make.indicator(measured.aspects[number % 3], number=number, targets={2017: 60})
        make.measurement(indicator, measured.september, value=70)
    assert count() == before
