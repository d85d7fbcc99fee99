"""Workflow emails: supervisors hear about submissions; the preparer about returns and authorisations."""

import logging

from django.core import mail

from tests import factories as make


def test_submitting_tells_the_agencys_supervisors_with_a_link(world, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://asm.ejemplo.gob.mx"
    other_supervisor = make.user("supervisor_a2", world.agency_a, role="supervisor")
    with django_capture_on_commit_callbacks(execute=True):
        world.plan_a.submit(by=world.staff_a)
    recipients = sorted(address for email in mail.outbox for address in email.to)
    assert recipients == sorted([world.supervisor_a.email, other_supervisor.email])  # not B's, not the submitter
    email = mail.outbox[0]
    assert email.subject.startswith("Para revisión: programa de trabajo de ASM")
    assert "Ana Pérez envió a revisión" in email.body
    assert f"https://asm.ejemplo.gob.mx{world.plan_a.get_absolute_url()}" in email.body


def test_supervisor_who_submits_is_not_told_about_it(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        world.plan_a.submit(by=world.supervisor_a)
    assert world.supervisor_a.email not in [address for email in mail.outbox for address in email.to]


def test_returning_tells_the_preparer_with_the_comment(world, django_capture_on_commit_callbacks):
    world.plan_a.submit(by=world.staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        world.plan_a.return_(by=world.supervisor_a, comment="Faltan las fechas de inicio.")
    [email] = mail.outbox
    assert email.to == [world.staff_a.email]
    assert email.subject.startswith("Devuelto:")
    assert "Faltan las fechas de inicio." in email.body and world.plan_a.get_absolute_url() in email.body


def test_authorising_tells_the_preparer(world, django_capture_on_commit_callbacks):
    world.plan_a.submit(by=world.staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        world.plan_a.authorise(by=world.supervisor_a)
    [email] = mail.outbox
    assert (email.to, email.subject.split(":")[0]) == ([world.staff_a.email], "Autorizado")


def test_a_mail_server_down_does_not_undo_the_transition(world, settings, django_capture_on_commit_callbacks, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        world.plan_a.submit(by=world.staff_a)
    world.plan_a.refresh_from_db()
    assert world.plan_a.state == "en_revision"
    assert "No se pudo enviar el aviso" in caplog.text
