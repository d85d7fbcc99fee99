"""Authorising several progress rounds at once from the home page, each through its own transition."""

from django.core import mail
from django.urls import reverse

from programs.workflow import State, Transition
from tests.conftest import client_for
from tests.personas import two_rounds_in_review as two_rounds

URL = reverse("aspects:round-bulk-authorise")


def test_the_home_lists_the_rounds_the_supervisor_may_authorise(world):
    first, second = two_rounds(world)
    page = client_for(world.supervisor_a).get(reverse("staff-home")).content.decode()
    assert f'value="{first.pk}"' in page and f'value="{second.pk}"' in page
    # The capturista who submitted them cannot authorise them: no checkboxes.
    assert (
        "Avances que esperan su autorización"
        not in client_for(world.staff_a).get(reverse("staff-home")).content.decode()
    )


def test_each_round_is_authorised_through_its_own_transition_and_email(world, django_capture_on_commit_callbacks):
    first, second = two_rounds(world)
    confirmation = client_for(world.supervisor_a).get(URL, {"ids": [first.pk, second.pk]}).content.decode()
    assert "Autorizar los 2 avances" in confirmation and str(first) in confirmation and str(second) in confirmation
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.supervisor_a).post(URL, {"ids": [first.pk, second.pk]}, follow=True)
    assert "Se autorizaron 2 avances por periodo" in response.content.decode()
    for round_ in (first, second):
        round_.refresh_from_db()
        assert round_.state == State.AUTHORISED
        assert Transition.of(round_).filter(to_state=State.AUTHORISED, by=world.supervisor_a).count() == 1
    assert len([m for m in mail.outbox if m.subject.startswith("Autorizado")]) == 2


def test_a_round_that_cannot_be_authorised_is_reported_and_the_others_go_on(world):
    first, second = two_rounds(world)
    first.return_(by=world.supervisor_a, comment="Falta evidencia.")
    response = client_for(world.supervisor_a).post(URL, {"ids": [first.pk, second.pk]}, follow=True)
    page = response.content.decode()
    assert "Se autorizó 1 avance por periodo" in page and "No se pudieron autorizar" in page
    second.refresh_from_db()
    assert second.state == State.AUTHORISED


def test_another_agency_cannot_authorise_by_bulk(world):
    first, _ = two_rounds(world)
    client_for(world.supervisor_b).post(URL, {"ids": [first.pk]})
    first.refresh_from_db()
    assert first.state == State.IN_REVIEW
