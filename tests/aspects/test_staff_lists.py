"""The staff lists of ASM and activities read a page in two steps (the page's ids, then its rows),
so that a page deep into a country's list does not join every row it skips; the pages still come
in the list's order with everything their rows show."""

from datetime import date, timedelta

from django.urls import reverse

from aspects import progress
from tests import factories as make


def test_a_later_page_of_activities_continues_in_end_date_order(world, client_coordinator):
    first = date(2020, 1, 1)
    for day in range(30):
        make.activity(
            world.live_aspect_a,
            number=day + 2,
            units=[world.unit_a],
            end_date=first + timedelta(days=day),
            description=f"Tarea del día {day}",
        )
    response = client_coordinator.get(reverse("aspects:activity-list"), {"pagina": 2})
    rows = response.context["object_list"]
    # Two activities of the world end in 2017, before these 30: page 2 starts at the 24th of them.
    assert [activity.description for activity in rows] == [f"Tarea del día {day}" for day in range(23, 30)]
    page = response.content.decode()
    assert world.unit_a.name in page and world.program_a.key in page and "Página 2 de 2" in page


def test_a_later_page_of_asm_keeps_the_filter_and_the_order(world, client_staff_a):
    with progress.deferred():  # stored progress computed once, after the last row
        for number in range(2, 32):
            make.aspect(world.plan_a, number=number, kind="institucional", coordinating_unit=world.unit_a)
    response = client_staff_a.get(reverse("aspects:aspect-list"), {"tipo": "institucional", "pagina": 2})
    assert [aspect.number for aspect in response.context["object_list"]] == list(range(27, 32))
    assert "tipo=institucional&amp;pagina=1" in response.content.decode()


def test_home_counts_every_pending_item_and_lists_the_oldest(world, client_supervisor_a, monkeypatch):
    from aspects import views

    monkeypatch.setattr(views, "PENDING_SHOWN", 2)
    plans = [make.plan(make.program(world.agency_a)) for _ in range(3)]
    for plan in plans:
        make.aspect(plan)
        plan.submit(by=world.staff_a)
    response = client_supervisor_a.get(reverse("staff-home"))
    assert response.context["pending_count"] == 3
    assert response.context["pending"] == plans[:2]
    assert "Se muestran los más antiguos" in response.content.decode()


def test_the_plan_list_counts_each_plans_asm(world, client_staff_a):
    make.aspect(world.plan_a, number=2)
    empty = make.plan(world.program_a)
    plans = {
        plan.pk: plan.aspect_count for plan in client_staff_a.get(reverse("aspects:plan-list")).context["object_list"]
    }
    assert plans == {world.plan_a.pk: 2, world.live_plan_a.pk: 1, empty.pk: 0}
