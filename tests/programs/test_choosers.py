"""Searchable choosers (programs/choosers.py): programs, evaluations and units are chosen by typing,
from suggestions of a small JSON endpoint, instead of a <select> with every row of the country.

- The endpoints suggest at most 20 of what each persona may choose: the public only authorised
  programs; staff only their own agency's programs and units (the coordinating unit, which may
  be any agency's, excepted, as its form field always allowed).
- Pages render the current choice only, so their size does not grow with the programs.
- Without JavaScript the text typed (a key, a name) is read as the choice it names exactly.
- The form fields still validate what is posted: a forged value is refused with the message a
  <select> gave.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aspects.models import Aspect, Plan
from programs import choosers
from programs.models import Program
from programs.workflow import State
from tests import factories as make
from tests.aspects.form_data import plan_data
from tests.conftest import client_for

REFUSED = "Seleccione una opción válida. La opción seleccionada no es una de las disponibles."
PUBLIC_SEARCH = reverse("public:program-search")


def staff_choices(source: str) -> str:
    return reverse("programs:choices", kwargs={"source": source})


def suggested(client, url: str, q: str = "") -> list[dict]:
    response = client.get(url, {"q": q})
    assert response.status_code == 200
    return response.json()["resultados"]


def authorised_programs(agency, n: int, cycle=None) -> list[Program]:
    """n programs, each with an authorised plan (bulk, as only the plan's state makes them public)."""
    cycle = cycle or make.cycle()
    programs = [make.program(agency) for _ in range(n)]
    plans = [make.plan(program, cycle=cycle) for program in programs]
    Plan.objects.filter(pk__in=[plan.pk for plan in plans]).update(state=State.AUTHORISED)
    return programs


def filter_form(response) -> str:
    return re.search(r'<form method="get".*?</form>', response.content.decode(), re.S).group(0)


# The public endpoint. -----------------------------------------------------------------------------


def test_the_public_suggests_authorised_programs_by_key_or_name_ignoring_accents_and_case(world, client_anonymous):
    Program.objects.filter(pk=world.program_a.pk).update(name="Programa de Vacunación Universal")
    for query in ("vacunacion", "VACUNACIÓN universal", "a00", "a001"):
        assert suggested(client_anonymous, PUBLIC_SEARCH, query) == [
            {"clave": "A001", "nombre": "Programa de Vacunación Universal"}
        ]


def test_the_public_never_hears_of_a_program_without_an_authorised_plan(world, client_anonymous):
    # Agency B's program has no plan; a draft plan does not make a program public either.
    make.plan(world.program_b)
    assert suggested(client_anonymous, PUBLIC_SEARCH, "B001") == []
    assert [item["clave"] for item in suggested(client_anonymous, PUBLIC_SEARCH)] == ["A001"]


def test_suggestions_stop_at_twenty(world, client_anonymous):
    authorised_programs(world.agency_a, 25)
    assert len(suggested(client_anonymous, PUBLIC_SEARCH)) == choosers.SUGGESTIONS == 20


# The staff endpoint. ------------------------------------------------------------------------------


def test_staff_hear_only_of_their_own_agencys_programs_and_units(world, client_staff_a, client_staff_b):
    unit_b = make.unit(world.agency_b, name="Dirección de Planeación")
    assert [item["clave"] for item in suggested(client_staff_a, staff_choices("programas"))] == ["A001"]
    assert [item["clave"] for item in suggested(client_staff_b, staff_choices("programas"))] == ["B001"]
    assert suggested(client_staff_a, staff_choices("unidades"), "planeacion") == [
        {"id": world.unit_a.pk, "nombre": "Dirección de Planeación"}
    ]
    assert suggested(client_staff_b, staff_choices("unidades"), "planeacion") == [
        {"id": unit_b.pk, "nombre": "Dirección de Planeación"}
    ]
    assert suggested(client_staff_b, staff_choices("evaluaciones")) == []


def test_the_coordinator_hears_of_every_agencys_programs(world, client_coordinator):
    assert [item["clave"] for item in suggested(client_coordinator, staff_choices("programas"))] == ["A001", "B001"]


def test_only_the_users_own_agencys_units_are_suggested_as_coordinating_units(world, client_staff_b):
    unit_b = make.unit(world.agency_b, name="Dirección de Planeación B")
    # Agency A's «Dirección de Planeación» is not suggested to agency B's capturista (issue 16 §2).
    assert suggested(client_staff_b, staff_choices("areas-coordinadoras"), "planeación") == [
        {"id": unit_b.pk, "nombre": "Dirección de Planeación B", "dependencia": "SB"}
    ]


def test_the_staff_endpoint_asks_for_a_login_and_a_place_in_an_agency(world, client_anonymous):
    response = client_anonymous.get(staff_choices("programas"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    loner = client_for(make.user("loner"))
    for source in choosers.STAFF_CHOOSERS:
        assert suggested(loner, staff_choices(source)) == []
    assert loner.get(staff_choices("usuarios")).status_code == 404


def test_the_endpoints_run_the_same_queries_with_more_programs(
    world, client_coordinator, client_anonymous, cache, settings
):
    settings.DEBUG = False

    def queries(client, url) -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"q": "programa"}).status_code == 200
        return len(captured)

    before = queries(client_coordinator, staff_choices("programas")), queries(client_anonymous, PUBLIC_SEARCH)
    authorised_programs(world.agency_a, 30)
    assert (queries(client_coordinator, staff_choices("programas")), queries(client_anonymous, PUBLIC_SEARCH)) == before


# Pages render the current choice only. ------------------------------------------------------------


@pytest.mark.parametrize("url", [reverse("public:aspect-list"), reverse("public:activity-list")])
def test_a_public_filter_form_does_not_grow_with_the_programs(world, client_anonymous, cache, url):
    cycle = make.cycle()
    authorised_programs(world.agency_a, 1, cycle)
    before = filter_form(client_anonymous.get(url))
    authorised_programs(world.agency_a, 60, cycle)
    cache.clear()
    after = filter_form(client_anonymous.get(url))
    assert after == before
    assert after.count("<option") < 30


@pytest.mark.parametrize(
    "url", [reverse("aspects:aspect-list"), reverse("aspects:activity-list"), reverse("aspects:plan-list")]
)
def test_a_staff_filter_form_does_not_grow_with_the_programs(world, client_coordinator, url):
    before = filter_form(client_coordinator.get(url))
    for _ in range(60):
        make.program(world.agency_a)
    after = filter_form(client_coordinator.get(url))
    assert after == before


def test_the_plan_form_does_not_grow_with_the_programs_or_evaluations(world, client_staff_a):
    before = client_staff_a.get(reverse("aspects:plan-create")).content.decode()
    for _ in range(60):
        make.evaluation(make.program(world.agency_a))
    after = client_staff_a.get(reverse("aspects:plan-create")).content.decode()
    assert after.count("<option") == before.count("<option")
    assert abs(len(after) - len(before)) < 100  # the CSRF token's length may vary


def test_a_form_shows_the_current_choices_labels(world, client_staff_a):
    page = client_staff_a.get(reverse("aspects:aspect-update", kwargs={"pk": world.aspect_a.pk})).content.decode()
    field = re.search(r'<input[^>]*name="responsible_unit"[^>]*>', page).group(0)
    assert 'value="Dirección de Planeación"' in field
    assert (
        f'data-chooser-selected="[{{&quot;valor&quot;: &quot;{world.unit_a.pk}&quot;, '
        '&quot;texto&quot;: &quot;Dirección de Planeación&quot;}]"' in field
    )
    assert 'data-chooser="/panel/opciones/unidades.json"' in field


# Without JavaScript: what is typed. ---------------------------------------------------------------


@pytest.mark.parametrize("typed", ["A001", "a001", "A001 · Programa 1"])
def test_the_public_filter_reads_a_key_typed_without_javascript(world, client_anonymous, typed):
    Program.objects.filter(pk=world.program_a.pk).update(name="Programa 1")
    authorised_programs(world.agency_b, 1)
    response = client_anonymous.get(reverse("public:aspect-list"), {"programa": typed})
    assert response.context["filter"].is_valid()
    assert [aspect.pk for aspect in response.context["page"].object_list] == [world.live_aspect_a.pk]


def test_the_public_filter_refuses_a_program_that_is_not_public_as_before(world, client_anonymous):
    response = client_anonymous.get(reverse("public:aspect-list"), {"programa": "B001"})
    assert response.context["filter"].errors["programa"] == [REFUSED]


def test_a_plan_is_created_for_a_program_typed_by_its_key_or_name(world, client_staff_a):
    data = plan_data(cycle=make.cycle().pk)
    response = client_staff_a.post(reverse("aspects:plan-create"), {**data, "program": "a001"})
    assert response.status_code == 302
    program_name = world.program_a.name
    response = client_staff_a.post(
        reverse("aspects:plan-create"), {**data, "cycle": make.cycle().pk, "program": program_name.upper()}
    )
    assert response.status_code == 302
    assert Plan.objects.filter(program=world.program_a).count() == 4


@pytest.mark.parametrize("forged", ["B001", "program_b.pk"])
def test_another_agencys_program_is_refused_as_before(world, client_staff_a, forged):
    value = world.program_b.pk if forged == "program_b.pk" else forged
    data = {"program": value, "cycle": make.cycle().pk, "responsible_name": "Ana", "responsible_position": "Directora"}
    response = client_staff_a.post(reverse("aspects:plan-create"), data)
    assert response.context["form"].errors["program"] == [REFUSED]
    assert not Plan.objects.filter(program=world.program_b).exists()


def aspect_data(**fields) -> dict:
    return {
        "number": 2,
        "text": "Actualizar el padrón.",
        "kind": "especifico",
        "responsible_unit": "",
        "coordinating_unit": "",
        "activities-TOTAL_FORMS": 0,
        "activities-INITIAL_FORMS": 0,
        "activities-MIN_NUM_FORMS": 0,
        "activities-MAX_NUM_FORMS": 1000,
        **fields,
    }


def test_units_are_read_from_their_names_typed_without_javascript(world, client_staff_a):
    second = make.unit(world.agency_a, name="Unidad de Evaluación")
    data = aspect_data(
        **{
            "responsible_unit": "dirección de planeacion",
            "activities-TOTAL_FORMS": 1,
            "activities-0-number": 1,
            "activities-0-description": "Convocar.",
            "activities-0-end_date": "2017-06-30",
            "activities-0-units": "Dirección de Planeación; unidad de evaluacion",
        }
    )
    response = client_staff_a.post(reverse("aspects:aspect-create", kwargs={"parent_pk": world.plan_a.pk}), data)
    assert response.status_code == 302
    aspect = Aspect.objects.get(plan=world.plan_a, number=2)
    assert aspect.responsible_unit == world.unit_a
    assert set(aspect.activities.get().units.all()) == {world.unit_a, second}


def test_a_coordinating_unit_shared_by_name_is_told_apart_by_its_agency(world, client_staff_a):
    unit_b = make.unit(world.agency_b, name="Dirección de Planeación")
    data = aspect_data(kind="interinstitucional", coordinating_unit="Dirección de Planeación · SB")
    response = client_staff_a.post(reverse("aspects:aspect-create", kwargs={"parent_pk": world.plan_a.pk}), data)
    assert response.status_code == 302
    assert Aspect.objects.get(plan=world.plan_a, number=2).coordinating_unit == unit_b


def test_another_agencys_unit_is_refused_as_before(world, client_staff_a):
    unit_b = make.unit(world.agency_b, name="Dirección de Planeación B")
    for forged in (unit_b.pk, unit_b.name):
        response = client_staff_a.post(
            reverse("aspects:aspect-create", kwargs={"parent_pk": world.plan_a.pk}),
            aspect_data(responsible_unit=forged),
        )
        assert response.context["form"].errors["responsible_unit"] == [REFUSED]
    data = aspect_data(
        **{
            "activities-TOTAL_FORMS": 1,
            "activities-0-number": 1,
            "activities-0-description": "Convocar.",
            "activities-0-end_date": "2017-06-30",
            "activities-0-units": unit_b.pk,
        }
    )
    response = client_staff_a.post(reverse("aspects:aspect-create", kwargs={"parent_pk": world.plan_a.pk}), data)
    assert response.context["formsets"]["activities"].forms[0].errors["units"] == [
        f"Seleccione una opción válida. {unit_b.pk} no es una de las opciones disponibles."
    ]
    assert not Aspect.objects.filter(plan=world.plan_a, number=2).exists()
