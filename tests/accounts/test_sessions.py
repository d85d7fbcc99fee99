"""A session ends SESSION_IDLE_MINUTES (30) after its last request, and SESSION_MAX_HOURS (12)
after its login however busy it is."""

import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from accounts.middleware import SEEN, STARTED


def age(client, *, started: float, seen: float) -> None:
    """Move the session's clock back: logged in `started` seconds ago, last request `seen` seconds ago."""
    session = client.session
    now = time.time()
    session[STARTED], session[SEEN] = int(now - started), int(now - seen)
    session.save()


def test_a_login_starts_the_clock(client_staff_a):
    session = client_staff_a.session
    assert abs(session[STARTED] - time.time()) < 5 and session[SEEN] == session[STARTED]


def test_thirty_minutes_without_a_request_log_out(client_supervisor_a):
    age(client_supervisor_a, started=31 * 60, seen=31 * 60)
    response = client_supervisor_a.get(reverse("staff-home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert SESSION_KEY not in client_supervisor_a.session
    page = client_supervisor_a.get(response["Location"])
    assert "Su sesión se cerró por inactividad" in page.content.decode()


def test_a_request_within_the_idle_time_keeps_the_session_and_moves_its_clock(client_staff_a):
    age(client_staff_a, started=60 * 60, seen=29 * 60)
    assert client_staff_a.get(reverse("staff-home")).status_code == 200
    assert time.time() - client_staff_a.session[SEEN] < 5


def test_twelve_hours_after_the_login_a_busy_session_ends_all_the_same(client_staff_a):
    age(client_staff_a, started=12 * 3600 + 1, seen=10)
    response = client_staff_a.get(reverse("staff-home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_just_under_twelve_hours_the_session_goes_on(client_staff_a):
    age(client_staff_a, started=12 * 3600 - 60, seen=10)
    assert client_staff_a.get(reverse("staff-home")).status_code == 200


def test_the_idle_time_comes_from_the_settings(client_staff_a, settings):
    settings.SESSION_IDLE_MINUTES = 5
    age(client_staff_a, started=6 * 60, seen=6 * 60)
    assert client_staff_a.get(reverse("staff-home")).status_code == 302


def test_a_session_without_a_login_time_is_not_trusted(client_staff_a):
    session = client_staff_a.session
    del session[STARTED]
    session.save()
    assert client_staff_a.get(reverse("staff-home")).status_code == 302


def test_the_session_cookie_lasts_no_longer_than_the_absolute_limit(settings):
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_MAX_HOURS * 3600 == 12 * 3600
    assert settings.SESSION_IDLE_MINUTES == 30


@pytest.mark.parametrize(
    "env,value", [({}, "30 12 5"), ({"SESSION_IDLE_MINUTES": "15", "AXES_FAILURE_LIMIT": "3"}, "15 12 3")]
)
def test_limits_come_from_the_environment(env, value):
    from tests.test_settings import run

    result = run(
        [
            "-c",
            "import asm_tracker.settings as s; "
            "print(s.SESSION_IDLE_MINUTES, s.SESSION_MAX_HOURS, s.AXES_FAILURE_LIMIT)",
        ],
        **env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == value.split()
