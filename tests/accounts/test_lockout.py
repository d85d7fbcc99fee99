"""Brute force: django-axes locks a username from one address after AXES_FAILURE_LIMIT (5) failed
logins, on the staff login and on the admin's, until the cool-off passes or an admin unlocks."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests import factories as make
from tests.personas import client_for

LOGINS = [reverse("login"), reverse("admin:login")]
LOCKED = "Acceso bloqueado temporalmente"


def attempt(client: Client, url: str, username: str, password: str):
    return client.post(url, {"username": username, "password": password})


def logged_in(client: Client) -> bool:
    return SESSION_KEY in client.session


@pytest.fixture
def admin_user(db):
    # is_staff: the admin's login accepts staff only, and the right password must be what fails.
    return make.user("jefa.sistemas", is_staff=True, is_superuser=True)


@pytest.mark.parametrize("url", LOGINS)
def test_fifty_wrong_passwords_then_the_right_one_still_does_not_log_in(admin_user, url):
    client = Client()
    for _ in range(50):
        attempt(client, url, "jefa.sistemas", "adivinanza")
    response = attempt(client, url, "jefa.sistemas", "secreta")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert not logged_in(client)


@pytest.mark.parametrize("url", LOGINS)
def test_the_sixth_attempt_after_five_failures_is_refused_even_with_the_right_password(admin_user, url):
    client = Client()
    for n in range(1, 5):
        response = attempt(client, url, "jefa.sistemas", "adivinanza")
        assert response.status_code == 200, n  # the login form again, with its error
    assert attempt(client, url, "jefa.sistemas", "adivinanza").status_code == 429  # the fifth failure locks
    response = attempt(client, url, "jefa.sistemas", "secreta")
    assert response.status_code == 429
    assert not logged_in(client)


def test_four_failures_then_the_right_password_logs_in_and_the_count_starts_again(admin_user):
    client = Client()
    for _ in range(4):
        attempt(client, reverse("login"), "jefa.sistemas", "adivinanza")
    assert attempt(client, reverse("login"), "jefa.sistemas", "secreta").status_code == 302
    assert logged_in(client)
    other = Client()
    for _ in range(4):
        attempt(other, reverse("login"), "jefa.sistemas", "adivinanza")
    assert attempt(other, reverse("login"), "jefa.sistemas", "secreta").status_code == 302


def test_the_lockout_page_is_the_same_whether_or_not_the_user_exists(admin_user):
    pages = []
    for username in ("jefa.sistemas", "nadie.con.ese.nombre"):
        client = Client()
        for _ in range(5):
            attempt(client, reverse("login"), username, "adivinanza")
        response = attempt(client, reverse("login"), username, "secreta")
        assert response.status_code == 429
        pages.append(response.content.decode())
    assert pages[0] == pages[1]
    assert "intente de nuevo dentro de 30 minutos" in pages[0]
    assert "jefa.sistemas" not in pages[0]


def test_the_lock_is_on_the_username_from_one_address(admin_user, world):
    for _ in range(5):
        attempt(Client(REMOTE_ADDR="10.0.0.7"), reverse("login"), "jefa.sistemas", "adivinanza")
    elsewhere = Client(REMOTE_ADDR="10.0.0.8")
    assert attempt(elsewhere, reverse("login"), "jefa.sistemas", "secreta").status_code == 302
    same_address = Client(REMOTE_ADDR="10.0.0.7")
    assert attempt(same_address, reverse("login"), "staff_a", "secreta").status_code == 302
    assert attempt(Client(REMOTE_ADDR="10.0.0.7"), reverse("login"), "jefa.sistemas", "secreta").status_code == 429


def test_after_the_cool_off_the_right_password_logs_in_again(admin_user, settings):
    client = Client()
    for _ in range(5):
        attempt(client, reverse("login"), "jefa.sistemas", "adivinanza")
    assert attempt(client, reverse("login"), "jefa.sistemas", "secreta").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))
    assert attempt(client, reverse("login"), "jefa.sistemas", "secreta").status_code == 302


def test_an_admin_unlocks_a_locked_out_user_from_the_admin(world, admin_user):
    client = Client()
    for _ in range(5):
        attempt(client, reverse("login"), "staff_a", "adivinanza")
    assert attempt(client, reverse("login"), "staff_a", "secreta").status_code == 429
    admin = client_for(admin_user)
    listing = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200
    assert "staff_a" in listing.content.decode()
    locked = AccessAttempt.objects.get(username="staff_a")
    response = admin.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": [locked.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert attempt(client, reverse("login"), "staff_a", "secreta").status_code == 302


def test_a_password_checked_without_a_request_is_checked_as_before(world):
    from django.contrib.auth import authenticate

    assert authenticate(username="staff_a", password="secreta") == world.staff_a
    assert authenticate(username="staff_a", password="otra") is None
