"""The lists page without counting a long list (the planner's estimate, programs.pagination), and a
page number past the end shows the last page with a notice instead of a 404, on every list."""

import pytest
from django.db import connection
from django.urls import reverse

from aspects import progress
from aspects.models import Aspect
from programs import pagination
from programs.pagination import ESTIMATE_FROM, EstimatedCountPaginator, humane_page, planner_estimate
from tests import factories as make


@pytest.fixture
def five_aspects(world):
    with progress.deferred():  # stored progress computed once, after the last row
        for number in range(2, 7):
            make.aspect(world.plan_a, number=number)
    return Aspect.objects.filter(plan=world.plan_a).order_by("number")


@pytest.fixture
def estimate(monkeypatch):
    """The planner's estimate, as a test sets it (SQLite has no planner to ask)."""

    def set_to(rows: int | None) -> None:
        monkeypatch.setattr(pagination, "planner_estimate", lambda queryset: rows)

    return set_to


def test_a_list_the_planner_expects_to_be_long_is_counted_by_its_estimate(five_aspects, estimate):
    estimate(48_213)
    paginator = EstimatedCountPaginator(five_aspects, 2)
    page = paginator.get_page(1)
    assert paginator.estimated and paginator.count == 48_213 and paginator.num_pages == 24_107
    assert paginator.rounded_count == 48_000
    assert [aspect.number for aspect in page] == [1, 2]


def test_a_list_the_planner_expects_to_be_short_is_counted_exactly(five_aspects, estimate):
    estimate(ESTIMATE_FROM - 1)
    paginator = EstimatedCountPaginator(five_aspects, 2)
    assert paginator.count == 6 and not paginator.estimated and paginator.rounded_count == 6


def test_the_last_page_of_an_estimated_list_settles_the_count(five_aspects, estimate):
    estimate(48_213)
    paginator = EstimatedCountPaginator(five_aspects, 4)
    page = paginator.get_page(2)
    assert [aspect.number for aspect in page] == [5, 6]
    assert paginator.count == 6 and paginator.num_pages == 2 and not paginator.estimated


def test_a_page_past_the_end_an_estimate_promised_shows_the_last_page(five_aspects, estimate):
    estimate(48_213)
    paginator = EstimatedCountPaginator(five_aspects, 4)
    page = humane_page(paginator, "9")
    assert page.number == 2 and [aspect.number for aspect in page] == [5, 6]
    assert page.notice == "La página 9 no existe: esta lista tiene 2 páginas. Se muestra la última."


def test_the_planner_estimate_is_asked_only_of_postgresql(world):
    rows = planner_estimate(Aspect.objects.filter(plan=world.plan_a))
    if connection.vendor == "postgresql":
        assert isinstance(rows, int) and rows >= 1
    else:
        assert rows is None


def test_a_page_that_exists_carries_no_notice(five_aspects):
    assert humane_page(EstimatedCountPaginator(five_aspects, 2), "2").notice == ""
    assert humane_page(EstimatedCountPaginator(five_aspects, 2), None).notice == ""


def test_a_page_number_that_is_not_one_shows_the_first_page(five_aspects):
    page = humane_page(EstimatedCountPaginator(five_aspects, 2), "dos")
    assert page.number == 1 and page.notice == "«dos» no es un número de página. Se muestra la primera."


def test_the_public_list_past_its_last_page_shows_the_last_with_a_notice(world, client_anonymous):
    response = client_anonymous.get(reverse("public:aspect-list"), {"tipo": world.live_aspect_a.kind, "pagina": 1000})
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [world.live_aspect_a]
    assert "La página 1000 no existe: esta lista tiene 1 página. Se muestra la última." in response.content.decode()


def test_the_public_list_words_an_estimated_count_as_such(world, client_anonymous, estimate, monkeypatch):
    from public import views

    estimate(48_213)
    monkeypatch.setattr(views, "PAGE_SIZE", 1)  # a full first page: nothing settles the count
    page = client_anonymous.get(reverse("public:activity-list")).content.decode()
    assert "Unos 48,000 resultados (cifra estimada)." in page and "Página 1 de unas 48213" in page


@pytest.mark.parametrize("name", ["aspects:aspect-list", "aspects:activity-list", "aspects:plan-list"])
def test_a_staff_list_past_its_last_page_shows_the_last_with_a_notice(world, client_coordinator, name):
    response = client_coordinator.get(reverse(name), {"pagina": 1000})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 1 and len(response.context["object_list"]) >= 1
    assert "La página 1000 no existe: esta lista tiene 1 página. Se muestra la última." in response.content.decode()


def test_a_staff_list_words_an_estimated_count_as_such(world, client_coordinator, estimate, monkeypatch):
    from aspects.views import AspectList

    estimate(48_213)
    monkeypatch.setattr(AspectList, "paginate_by", 1)
    page = client_coordinator.get(reverse("aspects:aspect-list")).content.decode()
    assert "Unos 48,000 ASM (cifra estimada)." in page and "Página 1 de unas 48213" in page


def test_a_long_public_list_is_not_counted(world, client_anonymous, estimate, monkeypatch):
    from django.test.utils import CaptureQueriesContext

    from public import views

    estimate(48_213)
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    with CaptureQueriesContext(connection) as queries:
        assert client_anonymous.get(reverse("public:aspect-list")).status_code == 200
    assert not [query["sql"] for query in queries if "COUNT(" in query["sql"].upper()]


def test_a_page_past_the_estimated_end_counts_once_and_walks_once(five_aspects):
    from django.test.utils import CaptureQueriesContext

    paginator = EstimatedCountPaginator(five_aspects, 4)
    paginator.__dict__["count"], paginator.estimated = 12, True  # three pages of 4 by an estimate
    with CaptureQueriesContext(connection) as queries:
        page = humane_page(paginator, "9")
    assert page.number == 2 and not paginator.estimated and paginator.count == 6
    # The exact count, the page's ids, its rows: no walk to the estimated third page first.
    assert len(queries) == 3


def test_a_page_past_the_middle_of_a_counted_list_is_read_backwards_with_the_same_rows(five_aspects):
    from django.core.paginator import Paginator
    from django.test.utils import CaptureQueriesContext

    plain = Paginator(five_aspects, 2)
    for number in (1, 2, 3):
        with CaptureQueriesContext(connection) as queries:
            page = EstimatedCountPaginator(five_aspects, 2).page(number)
        assert list(page) == list(plain.page(number))
        ids = next(query["sql"] for query in queries if "LIMIT" in query["sql"])
        assert ("DESC" in ids) == (number == 3)  # the last page skips nothing from the end


def test_a_page_past_the_middle_of_an_estimated_list_is_read_forwards(five_aspects, estimate):
    estimate(48_213)
    paginator = EstimatedCountPaginator(five_aspects, 2)
    paginator.__dict__["count"], paginator.estimated = 4, True  # the estimate may be wrong: no end to count from
    assert [aspect.number for aspect in paginator.page(2)] == [3, 4]


def test_a_searched_public_list_words_its_count_as_an_estimate_from_a_lower_figure(
    world, client_anonymous, estimate, monkeypatch
):
    from public import views

    make.activity(world.live_aspect_a, number=2, description="Actualizar el diagnóstico.")
    estimate(views.SEARCH_COUNT_CAP + 213)
    monkeypatch.setattr(views, "PAGE_SIZE", 1)  # a full first page: nothing settles the count
    searched = client_anonymous.get(reverse("public:activity-list"), {"q": "diagnóstico"}).content.decode()
    assert "Unos 1,200 resultados (cifra estimada)." in searched
    unsearched = client_anonymous.get(reverse("public:activity-list")).content.decode()
    assert "cifra estimada" not in unsearched  # a list counts exactly up to ESTIMATE_FROM


def test_the_staff_asm_list_reads_by_program_key_latest_cycle_first_then_number(world, client_coordinator):
    """The order of the index aspect_staff_order, read from the keys copied on each ASM: a program's key
    changed afterwards moves its ASM with it."""
    agency = world.program_a.agency
    first, second = make.program(agency, key="AAA1"), make.program(agency, key="AAA2")
    older, newer = make.cycle(year=2001), make.cycle(year=2002)
    plans = {
        (key, year): make.plan(program, cycle=cycle)
        for key, program in (("AAA1", first), ("AAA2", second))
        for year, cycle in ((2001, older), (2002, newer))
    }
    made = {
        (key, year, number): make.aspect(plan, number=number)
        for (key, year), plan in plans.items()
        for number in (2, 1)
    }

    def listed() -> list:
        page = client_coordinator.get(reverse("aspects:aspect-list")).context["object_list"]
        return [aspect.pk for aspect in page if aspect.plan.program.key.startswith(("AAA", "ZZZ"))]

    expected = [made[key].pk for key in sorted(made, key=lambda k: (k[0], -k[1], k[2]))]
    assert listed() == expected
    first.key = "ZZZ1"
    first.save()  # as the staff form saves it: its ASM's copies follow
    assert listed() == expected[4:] + expected[:4]
