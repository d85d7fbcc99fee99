"""send_reminders: units hear about their overdue and due-soon activities; capturistas about
missing reports when an open period is about to close."""

from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from aspects.models import ChangeRequest
from programs.models import CutOffPeriod
from tests import factories as make

TODAY = "2017-12-20"


def run(*args) -> str:
    """Sent from the test's process (--now); tests/jobs covers the job a worker runs."""
    out = StringIO()
    call_command("send_reminders", "--today", TODAY, "--now", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def due(world):
    """live_activity_a (40 %, due 31/12/2017) is due within 30 days; add an overdue one and a done one."""
    world.unit_a.email = "planeacion@ejemplo.gob.mx"
    world.unit_a.save()
    world.overdue = make.activity(
        world.live_aspect_a,
        units=[world.unit_a],
        number=2,
        description="Publicar el padrón.",
        end_date=date(2017, 11, 30),
    )
    world.done = make.activity(
        world.live_aspect_a,
        units=[world.unit_a],
        number=3,
        description="Actividad terminada.",
        end_date=date(2017, 12, 1),
    )
    make.report(world.done, world.march, percent=100, evidence_note="acta.pdf")
    return world


def test_unit_gets_its_overdue_and_due_soon_activities_with_links(due, settings):
    settings.SITE_URL = "https://asm.ejemplo.gob.mx"
    output = run()
    [email] = [m for m in mail.outbox if m.to == ["planeacion@ejemplo.gob.mx"]]
    assert email.subject == "Recordatorio: 1 actividades vencidas y 1 por vencer"
    assert "Vencidas (1)" in email.body and "Publicar el padrón." in email.body
    assert "Por vencer en los próximos 30 días (1)" in email.body and "Elaborar el documento." in email.body
    assert f"https://asm.ejemplo.gob.mx{due.live_activity_a.get_absolute_url()}" in email.body
    assert "Actividad terminada." not in email.body
    assert "Se enviaron 1 recordatorios a unidades" in output


def test_draft_plans_and_cancelled_activities_are_left_out(due):
    change = ChangeRequest.objects.create(activity=due.overdue, justification="Ya no aplica.", cancel=True)
    make.authorised(change, due.staff_a, due.supervisor_a)
    run()
    [email] = [m for m in mail.outbox if m.to == ["planeacion@ejemplo.gob.mx"]]
    assert "Publicar el padrón." not in email.body
    assert due.activity_a.get_absolute_url() not in email.body  # plan_a is a draft: nothing committed yet


def test_units_without_email_are_skipped_and_counted(world):
    output = run()
    assert not [m for m in mail.outbox if "Recordatorio" in m.subject]
    assert "(1 unidades sin correo electrónico)" in output


def test_capturistas_hear_about_missing_reports_when_the_period_closes_soon(due):
    CutOffPeriod.objects.filter(pk=due.march.pk).update(end=date(2018, 1, 10))
    run()
    [email] = [m for m in mail.outbox if m.to == [due.staff_a.email]]
    assert "«Marzo»" in email.subject and "10/01/2018" in email.subject
    assert "Elaborar el documento." in email.body and "Publicar el padrón." in email.body
    assert "Actividad terminada." not in email.body  # it has its report
    assert not [m for m in mail.outbox if m.to == [due.supervisor_a.email]]  # capturistas only
    assert not [m for m in mail.outbox if m.to == [due.staff_b.email]]


def test_no_missing_report_reminder_when_the_period_closes_later(due):
    CutOffPeriod.objects.filter(pk=due.march.pk).update(end=date(2018, 3, 31))
    run("--days", "10")
    assert not [m for m in mail.outbox if m.to == [due.staff_a.email]]


def test_dry_run_sends_nothing_and_shows_the_emails(due):
    output = run("--dry-run")
    assert mail.outbox == []
    assert "Para: planeacion@ejemplo.gob.mx" in output
    assert "Se enviarían 1 recordatorios a unidades" in output


def test_bad_arguments_are_explained(db):
    with pytest.raises(CommandError, match="AAAA-MM-DD"):
        call_command("send_reminders", "--today", "20/12/2017")
    with pytest.raises(CommandError, match="negativo"):
        call_command("send_reminders", "--days", "-1")
