"""The coordinator's page of activities with no report in an open cut-off period: one period at a
time, counted per period and per agency, 50 activities a page. Its query count is checked with
the other coordination pages (tests/test_query_counts.py)."""

import pytest
from django.urls import reverse

from aspects import progress
from aspects.models import Activity
from programs.models import CutOffPeriod
from tests import factories as make
from tests.conftest import client_for

URL = reverse("aspects:missing-reports")


@pytest.fixture
def agency_b_missing(world):
    """Agency B's authorised plan, in a cycle of its own whose «Marzo» period is open, with one
    activity still to report."""
    plan = make.plan(world.program_b)
    activity = make.activity(make.aspect(plan, number=1), number=1, description="Integrar el padrón de B.")
    make.authorised(plan, world.staff_b, world.supervisor_b)
    period = make.opened(plan.cycle.periods.order_by("end").last())
    return activity, period


def descriptions(response) -> list[str]:
    return [activity.description for activity in response.context["page"].object_list]


def test_the_missing_report_query_is_one_definition_for_one_period_or_several(world, agency_b_missing):
    activity_b, period_b = agency_b_missing
    reported = make.activity(world.live_aspect_a, number=2)
    make.report(reported, world.march, percent=10)
    assert set(Activity.objects.missing_report(world.march)) == {world.live_activity_a}
    pairs = Activity.objects.missing_report(CutOffPeriod.objects.open()).values_list("pk", "missing_period")
    assert set(pairs) == {(world.live_activity_a.pk, world.march.pk), (activity_b.pk, period_b.pk)}


def test_activities_without_report_come_fifty_a_page_with_a_spanish_pager(world, client_coordinator):
    with progress.deferred():  # stored progress computed once, after the last row
        for number in range(2, 57):
            make.activity(world.live_aspect_a, number=number, description=f"Actividad pendiente {number}")
    first = client_coordinator.get(URL)
    assert len(first.context["page"].object_list) == 50
    page = first.content.decode()
    assert "Página 1 de 2" in page and "pagina=2" in page and "Siguiente" in page
    second = client_coordinator.get(URL, {"pagina": 2})
    assert len(second.context["page"].object_list) == 6  # 55 new ones and live_activity_a
    assert "Anterior" in second.content.decode()


def test_each_open_period_shows_its_count_and_the_first_to_close_is_listed(world, client_coordinator, agency_b_missing):
    activity_b, period_b = agency_b_missing
    response = client_coordinator.get(URL)
    assert [(period.pk, count) for period, count in response.context["periods"]] == [
        (world.march.pk, 1),
        (period_b.pk, 1),
    ]
    assert descriptions(response) == [world.live_activity_a.description]
    response = client_coordinator.get(URL, {"periodo": period_b.pk})
    assert descriptions(response) == ["Integrar el padrón de B."]


def test_the_summary_counts_per_agency_and_the_list_filters_by_agency(world, client_coordinator):
    # Agency B reports in the same period as agency A, through a plan of the same cycle.
    plan_b = make.plan(world.program_b, cycle=world.live_plan_a.cycle)
    make.activity(make.aspect(plan_b, number=1), number=1, description="Integrar el padrón de B.")
    make.activity(plan_b.aspects.get(), number=2, description="Publicar el padrón de B.")
    make.authorised(plan_b, world.staff_b, world.supervisor_b)
    response = client_coordinator.get(URL)
    assert [(row["name"], row["count"]) for row in response.context["by_agency"]] == [
        ("Secretaría B", 2),
        ("Servicios de Salud A", 1),
    ]
    assert 'name="dependencia"' in response.content.decode() and 'name="periodo"' in response.content.decode()
    filtered = client_coordinator.get(URL, {"periodo": world.march.pk, "dependencia": world.agency_b.pk})
    assert sorted(descriptions(filtered)) == ["Integrar el padrón de B.", "Publicar el padrón de B."]
    assert filtered.context["total"] == 2
    assert world.live_activity_a.get_absolute_url() not in filtered.content.decode()


def test_a_period_that_is_not_open_is_refused_and_the_first_open_one_shown(world, client_coordinator):
    response = client_coordinator.get(URL, {"periodo": world.september.pk})
    assert "periodo" in response.context["form"].errors
    assert response.context["period"] == world.march


def test_without_open_periods_the_page_says_so(world, client_coordinator):
    make.closed(world.march)
    assert "No hay periodos de corte abiertos." in client_coordinator.get(URL).content.decode()


def test_only_the_coordinator_sees_who_has_not_reported(
    world, client_staff_a, client_supervisor_a, client_staff_b, client_anonymous
):
    for client in (client_staff_a, client_supervisor_a, client_staff_b):
        assert client.get(URL).status_code == 403
    assert client_anonymous.get(URL).status_code == 302


@pytest.mark.parametrize("persona,shown", [("coordinator", True), ("staff_a", False), ("supervisor_a", False)])
def test_only_the_coordinator_finds_the_page_in_the_menu(world, persona, shown):
    page = client_for(getattr(world, persona)).get(reverse("staff-home")).content.decode()
    assert (f'href="{URL}"' in page) is shown
