"""A program's public page: its authorised plans, each with the summary of its ASM and its
annexes, and the ASM of one plan at a time, 25 a page, so a program with a thousand ASM is still
a small page."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aspects import progress
from aspects.models import Aspect
from tests import factories as make
from tests.conftest import shared_fixture
from tests.public.conftest import public_stack


@pytest.fixture(scope="module")
def shared_program(request):
    yield from shared_fixture(request, build_program)


@pytest.fixture
def program(db, shared_program):
    return shared_program.get()


def build_program():
    """The public stack's program with a second, older authorised plan and 30 more ASM in the latest."""
    stack = public_stack()
    older = make.plan(stack.program, cycle=make.cycle(year=2015), title="Programa de trabajo 2015")
    make.aspect(older, number=1, text="Revisar la matriz de indicadores de 2015.")
    make.authorised(older, stack.preparer, stack.supervisor)
    Aspect.objects.filter(pk=stack.aspect.pk).update(number=1)
    with progress.deferred():  # stored progress computed once, after the last row
        for number in range(2, 32):
            make.aspect(stack.plan, number=number, text=f"Compromiso número {number}.")
    stack.older = older
    return stack


def url(stack, **query) -> str:
    return reverse("public:program", kwargs={"key": stack.program.key}) + (
        "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
    )


def test_each_plan_shows_its_summary_and_annexes(program, client):
    page = client.get(url(program)).content.decode()
    assert "31 ASM" in page and "1 ASM" in page
    for plan in (program.plan, program.older):
        assert (
            reverse("public:annex", kwargs={"key": program.program.key, "plan_pk": plan.pk, "table": "resumen"}) in page
        )
    assert f"?plan={program.older.pk}#asm" in page
    assert program.evaluation.title in page


def test_the_latest_plans_asm_come_25_a_page(program, client):
    response = client.get(url(program))
    assert response.context["plan"] == program.plan
    assert len(response.context["page"].object_list) == 25
    page = response.content.decode()
    assert "Página 1 de 2" in page and f"?plan={program.plan.pk}&amp;pagina=2" in page
    assert "Revisar la matriz de indicadores de 2015." not in page
    second = client.get(url(program, plan=program.plan.pk, pagina=2))
    assert [aspect.number for aspect in second.context["page"].object_list] == list(range(26, 32))


def test_another_plans_asm_are_listed_on_request(program, client):
    page = client.get(url(program, plan=program.older.pk)).content.decode()
    assert "Revisar la matriz de indicadores de 2015." in page
    assert "Compromiso número 2." not in page


def test_a_plan_that_is_not_public_or_of_another_program_is_not_found(program, client):
    draft = make.plan(program.program, title="Borrador")
    other = public_stack()
    for value in (draft.pk, other.plan.pk, "x"):
        assert client.get(url(program, plan=value)).status_code == 404


def test_the_page_runs_the_same_queries_with_more_plans_and_asm(program, client, settings):
    settings.DEBUG = False

    def queries() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(program)).status_code == 200
        return len(captured)

    before = queries()
    for year in (2012, 2013, 2014):
        plan = make.plan(program.program, cycle=make.cycle(year=year))
        make.aspect(plan, number=1)
        make.authorised(plan, program.preparer, program.supervisor)
    with progress.deferred():  # stored progress computed once, after the last row
        for number in range(32, 62):
            make.aspect(program.plan, number=number)
    assert queries() == before
