"""An agency whose only supervisor prepared something: the page says so, the coordination (or
an administrator) may review it, recorded as such, and no notice is claimed that was not sent."""

import pytest
from django.core import mail
from django.urls import reverse

from programs.workflow import STAND_IN_NOTE, NotPermitted, State
from tests import factories as make
from tests.conftest import client_for


@pytest.fixture
def lone(world):
    """agency B's plan, prepared by its only supervisor."""
    plan = make.plan(world.program_b)
    make.aspect(plan)
    return plan


def test_the_coordinator_authorises_what_the_only_supervisor_prepared(world, lone):
    lone.submit(by=world.supervisor_b)
    assert lone.lacks_reviewer()
    lone.authorise(by=world.coordinator)
    assert lone.state == State.AUTHORISED and lone.authorised_by == world.coordinator
    step = lone.transitions.last()
    assert step.by == world.coordinator and step.comment == STAND_IN_NOTE


def test_an_administrator_may_stand_in_too(world, lone):
    admin = make.user("raiz", is_superuser=True, is_staff=True)
    lone.submit(by=world.supervisor_b)
    lone.return_(by=admin, comment="Falta el área responsable.")
    assert lone.state == State.RETURNED
    assert lone.transitions.last().comment == f"{STAND_IN_NOTE} Falta el área responsable."


def test_the_coordinator_may_not_stand_in_while_another_supervisor_could_review(world):
    world.plan_a.submit(by=world.staff_a)
    assert not world.plan_a.lacks_reviewer()
    with pytest.raises(NotPermitted):
        world.plan_a.authorise(by=world.coordinator)


def test_a_second_supervisor_ends_the_stand_in(world, lone):
    lone.submit(by=world.supervisor_b)
    make.user("otro_supervisor_b", world.agency_b, role="supervisor")
    with pytest.raises(NotPermitted):
        lone.authorise(by=world.coordinator)


def test_submitting_tells_the_coordination_and_says_so(world, lone, django_capture_on_commit_callbacks):
    client = client_for(world.supervisor_b)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("aspects:plan-enviar", kwargs={"pk": lone.pk}), follow=True)
    page = response.content.decode()
    assert "Se avisó a los supervisores" not in page
    assert "puede hacerlo la coordinación de evaluación, a la que se avisó por correo (1 persona)." in page
    assert [message.to for message in mail.outbox] == [[world.coordinator.email]]
    assert "La dependencia no tiene otro supervisor" in mail.outbox[0].body
    # The plan's page says so too, to both sides.
    assert "La dependencia no tiene otro supervisor que pueda devolverlo o autorizarlo" in page
    coordinator_page = client_for(world.coordinator).get(lone.get_absolute_url()).content.decode()
    assert reverse("aspects:plan-autorizar", kwargs={"pk": lone.pk}) in coordinator_page


def test_no_notice_is_claimed_when_nobody_has_an_email(world, lone, django_capture_on_commit_callbacks):
    world.coordinator.email = ""
    world.coordinator.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.supervisor_b).post(
            reverse("aspects:plan-enviar", kwargs={"pk": lone.pk}), follow=True
        )
    page = response.content.decode()
    assert "no se envió ningún aviso" in page and "se avisó" not in page.lower().replace("no se envió", "")
    assert mail.outbox == []


def test_submitting_with_another_supervisor_counts_who_was_told(world, client_staff_a):
    response = client_staff_a.post(reverse("aspects:plan-enviar", kwargs={"pk": world.plan_a.pk}), follow=True)
    assert "Se avisó por correo a 1 supervisor de la dependencia." in response.content.decode()
