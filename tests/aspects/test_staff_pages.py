"""Staff pages: editing an ASM with its activities on one page, deleting with confirmation,
the home page of pending work, and the list filters."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from aspects import progress
from aspects.models import Activity, Aspect, Plan
from programs.models import Program
from tests import factories as make
from tests.aspects.form_data import activity_rows, aspect_data, formset_management, plan_data

# Every scenario here ends with the stored derived values equal to a computation from scratch.
pytestmark = pytest.mark.usefixtures("stored_progress_agrees")


def test_aspect_and_activities_are_edited_on_one_page(world, client_staff_a):
    second = make.activity(world.aspect_a, units=[world.unit_a], number=2)
    aspect = world.aspect_a
    rows = [
        {"id": world.activity_a.pk, "description": "Actividad editada", "DELETE": ""},
        {"id": second.pk, "description": "Se borrará", "DELETE": "on"},
        {"id": "", "description": "Actividad nueva", "DELETE": ""},
    ]
    data = aspect_data(
        number=1,
        text="Texto corregido",
        priority="alta",
        priority_justification="Urgente",
        action_type="corrige",
        responsible_unit=world.unit_a.pk,
        **formset_management("activities", 3, 2),
        **activity_rows(rows, units=world.unit_a.pk, end_date="2017-12-31", aspect=aspect.pk),
    )
    response = client_staff_a.post(reverse("aspects:aspect-update", kwargs={"pk": aspect.pk}), data, follow=True)
    assert "Se guardó" in response.content.decode()
    aspect.refresh_from_db()
    assert aspect.text == "Texto corregido"
    assert list(aspect.activities.values_list("description", flat=True)) == ["Actividad editada", "Actividad nueva"]
    assert not Activity.objects.filter(pk=second.pk).exists()


def test_edit_page_shows_existing_activities_and_an_empty_row(world, client_staff_a):
    response = client_staff_a.get(reverse("aspects:aspect-update", kwargs={"pk": world.aspect_a.pk}))
    content = response.content.decode()
    assert world.activity_a.description in content
    assert "activities-__prefix__-description" in content  # the template the "Agregar" button clones
    assert 'name="activities-TOTAL_FORMS" value="2"' in content


def test_delete_asks_for_confirmation_first(world, client_staff_a):
    url = reverse("aspects:aspect-delete", kwargs={"pk": world.aspect_a.pk})
    response = client_staff_a.get(url)
    assert "¿Eliminar este registro?" in response.content.decode()
    assert Aspect.objects.filter(pk=world.aspect_a.pk).exists()
    response = client_staff_a.post(url, follow=True)
    assert "Se eliminó" in response.content.decode()
    assert not Aspect.objects.filter(pk=world.aspect_a.pk).exists()


def test_deleting_a_program_with_plans_is_refused_with_a_message(world, client_staff_a):
    response = client_staff_a.post(reverse("programs:program-delete", kwargs={"pk": world.program_a.pk}), follow=True)
    assert "No se puede eliminar" in response.content.decode()
    assert Program.objects.filter(pk=world.program_a.pk).exists()


def test_program_is_created_for_the_users_agency(world, client_staff_a):
    response = client_staff_a.post(
        reverse("programs:program-create"), {"key": " e012 ", "name": "Programa nuevo", "acronym": "", "kind": "fondo"}
    )
    assert response.status_code == 302
    program = Program.objects.get(key="E012")
    assert program.agency == world.agency_a


def test_plan_can_be_created_for_own_program_only(world, client_staff_a):
    cycle = make.cycle()
    data = plan_data(cycle=cycle.pk, prepared_on="2017-04-28")
    response = client_staff_a.post(reverse("aspects:plan-create"), {**data, "program": world.program_b.pk})
    assert "program" in response.context["form"].errors
    response = client_staff_a.post(reverse("aspects:plan-create"), {**data, "program": world.program_a.pk})
    assert response.status_code == 302
    assert Plan.objects.filter(program=world.program_a, cycle=cycle).exists()


def test_home_shows_overdue_and_due_soon_activities(world, client_staff_a):
    today = timezone.localdate()
    make.activity(world.aspect_a, units=[world.unit_a], description="Vencida ayer", end_date=today - timedelta(days=1))
    make.activity(
        world.aspect_a, units=[world.unit_a], description="Vence en una semana", end_date=today + timedelta(days=7)
    )
    make.activity(
        world.aspect_a, units=[world.unit_a], description="Vence el próximo año", end_date=today + timedelta(days=365)
    )
    response = client_staff_a.get(reverse("staff-home"))
    assert [a.description for a in response.context["overdue"]][-1] == "Vencida ayer"
    assert [a.description for a in response.context["due_soon"]] == ["Vence en una semana"]
    assert "Vence el próximo año" not in response.content.decode()


def test_aspect_list_filters_by_kind_and_status(world, client_staff_a):
    make.aspect(
        world.plan_a, number=9, kind="institucional", coordinating_unit=world.unit_a, text="Institucional sin avance"
    )
    response = client_staff_a.get(reverse("aspects:aspect-list"), {"tipo": "institucional"})
    assert [a.number for a in response.context["object_list"]] == [9]
    response = client_staff_a.get(reverse("aspects:aspect-list"), {"estado": "en_proceso"})
    assert [a.number for a in response.context["object_list"]] == [1]


def test_lists_are_paginated(world, client_staff_a):
    with progress.deferred():  # stored progress computed once, after the last row
        for _ in range(30):
            make.aspect(world.plan_a)
    response = client_staff_a.get(reverse("aspects:aspect-list"))
    assert len(response.context["object_list"]) == 25
    assert "Página 1 de 2" in response.content.decode()


def test_progress_report_is_entered_per_activity_and_period(world, client_staff_a):
    period = world.march
    url = reverse("aspects:report-create", kwargs={"parent_pk": world.live_activity_a.pk})
    response = client_staff_a.post(
        url,
        {
            "period": period.pk,
            "percent": "100",
            "justification": "",
            "observations": "",
            "replanning": "",
            "replanning_justification": "",
            "evidence_note": "informe.pdf",
            "reported_on": "2018-03-31",
        },
        follow=True,
    )
    assert "Se registró el avance." in response.content.decode()
    assert world.live_activity_a.current_progress == 100
