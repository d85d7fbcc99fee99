"""The staff home's «En revisión o devueltos» lists a plan's indicator measurements at a period
(its measurement round) as it lists progress rounds: the supervisor sees what awaits review, the
capturista what came back, in the same number of queries however many rounds wait."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import MeasurementRound
from programs.workflow import State
from tests import factories as make


def waiting_round(world, state: str) -> MeasurementRound:
    """A new authorised plan's measurement round at its open period, taken to `state`."""
    plan = make.plan(make.program(world.agency_a))
    indicator = make.indicator(make.aspect(plan), targets={2017: 70})
    make.authorised(plan, world.staff_a, world.supervisor_a)
    period = make.opened(plan.cycle.periods.order_by("end").first())
    make.measurement(indicator, period, value=75)
    round_ = MeasurementRound.objects.get(plan=plan, period=period)
    make.in_state(round_, state, world.staff_a, world.supervisor_a)
    round_.refresh_from_db()
    return round_


def home(client):
    response = client.get(reverse("staff-home"))
    assert response.status_code == 200
    return response


def test_the_supervisor_sees_a_measurement_round_awaiting_review(world, client_supervisor_a):
    round_ = waiting_round(world, State.IN_REVIEW)
    response = home(client_supervisor_a)
    assert round_ in response.context["pending"]
    page = response.content.decode()
    assert f'href="{round_.get_absolute_url()}"' in page
    assert f"Indicadores {round_.plan.program.key} · {round_.period.name}" in page


def test_the_capturista_sees_a_returned_measurement_round(world, client_staff_a):
    round_ = waiting_round(world, State.RETURNED)
    response = home(client_staff_a)
    assert round_ in response.context["pending"]
    assert response.context["pending_count"] == 1


def test_a_draft_or_authorised_round_is_not_pending_and_agency_b_sees_none(world, client_supervisor_a, client_staff_b):
    waiting_round(world, State.DRAFT)
    waiting_round(world, State.AUTHORISED)
    assert not [item for item in home(client_supervisor_a).context["pending"] if isinstance(item, MeasurementRound)]
    waiting_round(world, State.IN_REVIEW)
    assert home(client_staff_b).context["pending"] == []


def home_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        home(client)
    return len(captured)


def test_the_home_takes_the_same_queries_with_more_rounds_waiting(world, client_supervisor_a):
    waiting_round(world, State.IN_REVIEW)
    before = home_queries(client_supervisor_a)
    for state in [State.IN_REVIEW, State.RETURNED, State.IN_REVIEW, State.RETURNED]:
        waiting_round(world, state)
    assert home_queries(client_supervisor_a) == before
    assert home(client_supervisor_a).context["pending_count"] == 5
