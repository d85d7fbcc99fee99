"""«Participantes en la elaboración»: staff of the plan's agency list the people its document names,
in order, while the plan is editable; the combined document prints them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aspects.models import Participant

from .form_data import formset_management

pytestmark = pytest.mark.django_db


def participant_rows(rows, initial: int = 0) -> dict:
    data = formset_management("participants", len(rows), initial)
    for i, values in enumerate(rows):
        row = {"number": i + 1, "name": "", "position": "", "unit": "", "email": "", **values}
        data.update({f"participants-{i}-{key}": value for key, value in row.items()})
    return data


def page(plan) -> str:
    return reverse("aspects:plan-participants", kwargs={"pk": plan.pk})


def test_staff_list_the_participants_in_the_documents_order_with_their_email(world, client_staff_a):
    rows = [
        {"name": "JOSE SAMUEL GARCIA SANCHEZ", "position": "DIRECTOR DE PLANEACION"},
        {"name": "ENRIQUE ONOFRE", "position": "APOYO A LA DIRECCION DE PLANEACION", "unit": "DGOP/ UPRI"},
        {"name": "Ana Ruiz", "email": "ana.ruiz@example.gob.mx"},
    ]
    response = client_staff_a.post(page(world.plan_a), participant_rows(rows))
    assert response.status_code == 302
    assert response["Location"] == world.plan_a.get_absolute_url() + "#participantes"
    saved = list(world.plan_a.participants.values_list("number", "name", "position", "unit", "email"))
    assert saved == [
        (1, "JOSE SAMUEL GARCIA SANCHEZ", "DIRECTOR DE PLANEACION", "", ""),
        (2, "ENRIQUE ONOFRE", "APOYO A LA DIRECCION DE PLANEACION", "DGOP/ UPRI", ""),
        (3, "Ana Ruiz", "", "", "ana.ruiz@example.gob.mx"),
    ]
    detail = client_staff_a.get(world.plan_a.get_absolute_url()).content.decode()
    assert "ENRIQUE ONOFRE" in detail and "ana.ruiz@example.gob.mx" in detail


def test_an_email_that_is_not_one_and_a_repeated_order_are_refused_beside_their_fields(world, client_staff_a):
    rows = [{"name": "Ana Ruiz", "email": "ana.ruiz@"}, {"number": 1, "name": "Luis Mora"}]
    response = client_staff_a.post(page(world.plan_a), participant_rows(rows))
    assert response.status_code == 200
    first, second = response.context["formset"].forms
    assert "Introduzca una dirección de correo electrónico válida." in first.errors["email"]
    assert second.errors["number"] == ["Otra fila ya tiene el orden 1: cada fila lleva uno distinto."]
    assert not Participant.objects.exists()
    assert "No se guardó nada" in response.content.decode()


def test_a_participant_needs_a_name(world, client_staff_a):
    response = client_staff_a.post(page(world.plan_a), participant_rows([{"position": "Analista"}]))
    assert response.context["formset"].forms[0].errors["name"] == ["Este campo es obligatorio."]


def test_staff_of_another_agency_do_not_find_the_page_and_an_authorised_plan_says_why_it_is_locked(
    world, client_staff_a, client_staff_b
):
    assert client_staff_b.get(page(world.plan_a)).status_code == 404
    locked = client_staff_a.get(page(world.live_plan_a))
    assert locked.status_code == 403
    assert "autorizado" in locked.content.decode()
