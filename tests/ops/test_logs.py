"""The logs: one line per request (user, status, time), failed sign-ins, transitions and admin actions;
a refusal is a line with its reason, never a traceback; JSON lines when LOG_FORMAT=json."""

from __future__ import annotations

import json
import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from aspects.models import Topic
from ops.logs import ClientErrorsOnOneLine, JSONFormatter
from programs.workflow import State
from tests import factories as make
from tests.personas import client_for


def lines(caplog, logger: str) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == logger]


def test_each_request_is_one_line_with_its_user_status_and_time(caplog, client_staff_a, world):
    caplog.set_level(logging.INFO, logger="asm")
    client_staff_a.get(reverse("aspects:plan-list"))
    client_for(None).get(reverse("public:home"))
    staff, public = lines(caplog, "asm.requests")
    assert (staff.method, staff.path, staff.status, staff.user_id) == ("GET", "/panel/planes/", 200, world.staff_a.pk)
    assert (public.path, public.status, public.user_id) == ("/", 200, None)
    assert staff.duration_ms >= 0 and f"usuario={world.staff_a.pk}" in staff.getMessage()


def test_a_403_is_one_line_with_its_reason_and_no_traceback(caplog, client_staff_a):
    caplog.set_level(logging.INFO)
    response = client_staff_a.get(reverse("aspects:missing-reports"))
    assert response.status_code == 403
    refused = [record for record in caplog.records if getattr(record, "status", None) == 403]
    assert len(refused) == 1 and refused[0].name == "asm.requests"
    assert refused[0].reason == "Solo la coordinación de evaluación consulta quién no ha reportado."
    assert not any(record.exc_info for record in caplog.records)
    assert not lines(caplog, "django.request")  # Django's own warning would be a second line, with a traceback


def test_a_failed_sign_in_is_logged_with_the_name_tried_and_never_the_password(caplog, client, world, settings):
    caplog.set_level(logging.INFO, logger="asm")
    settings.USE_X_FORWARDED_FOR = True  # behind the proxy: the address it reports
    client.post(
        reverse("login"), {"username": "staff_a", "password": "no-es-la-clave"}, HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    (failed,) = [record for record in lines(caplog, "asm.events") if record.event == "login_failed"]
    assert failed.username == "staff_a" and failed.client == "203.0.113.9"
    assert failed.levelno == logging.WARNING
    assert "no-es-la-clave" not in failed.getMessage() + json.dumps(failed.__dict__, default=str)


def test_a_transition_is_logged_once_it_is_committed(caplog, world, django_capture_on_commit_callbacks):
    caplog.set_level(logging.INFO, logger="asm")
    with django_capture_on_commit_callbacks(execute=False) as pending:
        world.plan_a.submit(by=world.staff_a)
    assert not lines(caplog, "asm.events")  # not before the commit
    for callback in pending:
        callback()
    (step,) = [record for record in lines(caplog, "asm.events") if record.event == "transition"]
    assert (step.model, step.object_id, step.from_state, step.to_state, step.user_id) == (
        "aspects.Plan",
        world.plan_a.pk,
        State.DRAFT,
        State.IN_REVIEW,
        world.staff_a.pk,
    )


def test_admin_actions_are_logged_one_line_each_bulk_deletions_included(caplog, world):
    caplog.set_level(logging.INFO, logger="asm")
    root = make.user("raiz", is_superuser=True, is_staff=True)
    admin = client_for(root)
    assert admin.post(reverse("admin:aspects_topic_add"), {"name": "Cobertura"}).status_code == 302
    topics = [Topic.objects.get(name="Cobertura"), Topic.objects.create(name="Focalización")]
    response = admin.post(
        reverse("admin:aspects_topic_changelist"),
        {"action": "delete_selected", "_selected_action": [topic.pk for topic in topics], "post": "yes"},
    )
    assert response.status_code == 302 and not Topic.objects.filter(pk__in=[t.pk for t in topics]).exists()
    actions = [
        (r.action, r.model, r.object_id, r.user_id) for r in lines(caplog, "asm.events") if r.event == "admin_action"
    ]
    assert actions == [
        ("alta", "aspects.Topic", str(topics[0].pk), root.pk),
        ("baja", "aspects.Topic", str(topics[0].pk), root.pk),
        ("baja", "aspects.Topic", str(topics[1].pk), root.pk),
    ]


def test_json_lines_carry_the_fields_and_keep_a_traceback_inside_the_line():
    record = logging.LogRecord("asm.requests", logging.INFO, __file__, 1, "GET %s", ("/",), None)
    record.status, record.user_id = 200, 7
    entry = json.loads(JSONFormatter().format(record))
    assert entry["message"] == "GET /" and entry["status"] == 200 and entry["user_id"] == 7
    assert entry["level"] == "INFO" and entry["logger"] == "asm.requests" and entry["time"].endswith("+00:00")
    try:
        raise RuntimeError("falló")
    except RuntimeError:
        import sys

        failing = logging.LogRecord("x", logging.ERROR, __file__, 1, "error", None, sys.exc_info())
    text = JSONFormatter().format(failing)
    assert "\n" not in text and "RuntimeError: falló" in json.loads(text)["exception"]


@pytest.mark.parametrize("exception", [PermissionDenied("No es su dependencia."), RuntimeError("roto")])
def test_only_a_client_error_loses_its_traceback(exception):
    record = logging.LogRecord("django.security", logging.WARNING, __file__, 1, "Rechazo", None, None)
    record.exc_info = (type(exception), exception, None)
    assert ClientErrorsOnOneLine().filter(record)
    if isinstance(exception, PermissionDenied):
        assert record.exc_info is None and record.getMessage() == "Rechazo: No es su dependencia."
    else:
        assert record.exc_info is not None
