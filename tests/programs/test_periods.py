"""Opening, closing and reopening cut-off periods: one open period per cycle unless the
coordinator confirms an overlap, a reopening with its reason, and who is told."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from aspects.models import ProgressReport
from audit.models import AuditEntry
from programs.models import CutOffPeriod
from programs.workflow import NotPermitted, NotReady, WrongState


def june(world) -> CutOffPeriod:
    return CutOffPeriod.objects.create(
        cycle=world.march.cycle, name="Junio", start=date(2018, 4, 1), end=date(2018, 6, 30)
    )


def test_a_second_open_period_of_a_cycle_is_refused_unless_the_overlap_is_confirmed(world):
    period = june(world)
    with pytest.raises(NotReady, match="«Marzo» de .* sigue abierto"):
        period.open(by=world.coordinator)
    period.refresh_from_db()
    assert period.status == "por_abrir" and not period.transitions.exists()
    period.open(by=world.coordinator, overlap=True)
    assert period.status == "abierto"


def test_reopening_needs_a_reason_and_the_coordinator(world, django_capture_on_commit_callbacks):
    world.march.close(by=world.coordinator)
    with pytest.raises(NotReady, match="motivo"):
        world.march.reopen(by=world.coordinator, comment="  ")
    with pytest.raises(NotPermitted):
        world.march.reopen(by=world.supervisor_a, comment="Faltan reportes.")
    with django_capture_on_commit_callbacks(execute=True):
        world.march.reopen(by=world.coordinator, comment="Faltan dos reportes de SSA.")
    assert world.march.status == "abierto"
    step = world.march.transitions.last()
    assert (step.from_state, step.to_state, step.by, step.comment) == (
        "cerrado",
        "abierto",
        world.coordinator,
        "Faltan dos reportes de SSA.",
    )
    entry = AuditEntry.objects.for_object(world.march).first()
    assert entry.changes["status"] == ["cerrado", "abierto"]


def test_only_a_closed_period_is_reopened(world):
    with pytest.raises(WrongState, match="No se puede reabrir"):
        world.march.reopen(by=world.coordinator, comment="Por si acaso.")


def test_reopening_tells_the_capturistas_of_the_reporting_agencies(world, django_capture_on_commit_callbacks):
    world.march.close(by=world.coordinator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        world.march.reopen(by=world.coordinator, comment="Faltan dos reportes de SSA.")
    # Agency A has an authorised plan in the cycle; agency B has none, and supervisors report nothing.
    assert [message.to for message in mail.outbox] == [[world.staff_a.email]]
    assert "Faltan dos reportes de SSA." in mail.outbox[0].body
    assert "reabrió" in mail.outbox[0].subject


def test_closing_tells_nobody(world, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        world.march.close(by=world.coordinator)
    assert mail.outbox == []


def test_reopening_does_not_unlock_an_authorised_round(world):
    world.september.reopen(by=world.coordinator, comment="Faltan reportes.", overlap=True)
    round_ = world.live_plan_a.rounds.get(period=world.september)
    assert round_.state == "autorizado"
    assert not ProgressReport.objects.editable_by(world.staff_a).filter(pk=world.report_a.pk).exists()


def test_the_confirmation_page_says_what_will_happen_and_the_post_does_it(world, client_coordinator):
    url = reverse("programs:period-close", kwargs={"pk": world.march.pk})
    page = client_coordinator.get(url)
    assert page.status_code == 200
    world.march.refresh_from_db()
    assert world.march.status == "abierto"  # a GET changes nothing
    text = page.content.decode()
    assert 'id="sin-reporte">1<' in text  # live_activity_a has no report in March
    assert "No se enviará ningún aviso." in text
    assert client_coordinator.post(url).status_code == 302
    world.march.refresh_from_db()
    assert world.march.status == "cerrado"
    reopen = reverse("programs:period-reopen", kwargs={"pk": world.march.pk})
    text = client_coordinator.get(reopen).content.decode()
    assert "Se avisará por correo a 1 capturista de SSA." in text
    assert client_coordinator.post(reopen, {"comment": ""}).status_code == 409
    assert client_coordinator.post(reopen, {"comment": "Faltan reportes."}).status_code == 302


def test_the_overlap_is_confirmed_on_the_page(world, client_coordinator):
    period = june(world)
    url = reverse("programs:period-open", kwargs={"pk": period.pk})
    assert "Confirmo que quiero dos periodos" in client_coordinator.get(url).content.decode()
    response = client_coordinator.post(url)
    assert response.status_code == 409 and "sigue abierto" in response.content.decode()
    assert client_coordinator.post(url, {"overlap": "1"}).status_code == 302
    period.refresh_from_db()
    assert period.status == "abierto"


def test_staff_get_no_confirmation_page(world, client_supervisor_a):
    response = client_supervisor_a.get(reverse("programs:period-close", kwargs={"pk": world.march.pk}))
    assert response.status_code == 403
