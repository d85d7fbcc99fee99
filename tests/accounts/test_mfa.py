"""The second factor: required for supervisors, coordinators and administrators before any staff
or admin page, optional for capturistas; set up with a QR code, verified after the password,
with single-use recovery codes and `reset_mfa` for a lost phone."""

import io
import uuid

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import mfa
from tests import factories as make
from tests.personas import client_for


def code(device: TOTPDevice) -> str:
    """The code the user's app shows now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def password_only(user) -> Client:
    """Logged in with the password, the second step not taken."""
    return client_for(user, second_factor=False)


def panel_urls() -> list[str]:
    """Every staff URL of the project, with sample values in its parameters."""
    samples = {"int": 1, "str": "x", "slug": "x", "path": "x", "uuid": uuid.uuid4()}
    urls = []

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = f"{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
            elif isinstance(pattern, URLPattern) and (prefix + str(pattern.pattern)).startswith("panel/"):
                converters = {**getattr(pattern.pattern, "converters", {})}
                kwargs = {
                    name: samples[type(conv).__name__.removesuffix("Converter").lower()]
                    for name, conv in converters.items()
                }
                urls.append(reverse(namespace + pattern.name, kwargs=kwargs))

    walk(get_resolver().url_patterns, "", "")
    return urls


ADMIN_URLS = [
    reverse("admin:index"),
    reverse("admin:auth_user_changelist"),
    reverse("admin:axes_accessattempt_changelist"),
    reverse("admin:otp_totp_totpdevice_changelist"),
]


@pytest.fixture
def superuser(db):
    return make.user("raiz", is_superuser=True, is_staff=True)


def test_the_walk_finds_the_staff_urls():
    urls = panel_urls()
    assert len(urls) > 40
    assert reverse("staff-home") in urls and reverse("jobs:job-list") in urls


@pytest.mark.parametrize("persona", ["supervisor_a", "coordinator", "supervisor_b"])
def test_a_required_role_reaches_no_staff_page_without_the_second_factor(world, persona):
    client = password_only(getattr(world, persona))
    for url in panel_urls():
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 302, (method, url)
            assert response["Location"].startswith(reverse("mfa-verify") + "?next="), (method, url)


def test_a_superuser_reaches_no_admin_page_without_the_second_factor_and_is_sent_to_set_one_up(superuser):
    client = password_only(superuser)
    for url in [*ADMIN_URLS, reverse("staff-home"), reverse("account"), reverse("password_change")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("mfa-setup") + "?next="), url
    assert client_for(superuser).get(reverse("admin:index")).status_code == 200  # once verified


def test_the_admin_reaches_its_pages_once_verified(superuser):
    client = client_for(superuser)
    for url in ADMIN_URLS:
        assert client.get(url).status_code == 200, url


def test_a_capturista_without_a_second_factor_works_as_before(world, client_staff_a):
    assert not mfa.requires_second_factor(world.staff_a)
    assert password_only(world.staff_a).get(reverse("staff-home")).status_code == 200


def test_a_capturista_who_set_one_up_must_verify_it_too(world):
    TOTPDevice.objects.create(user=world.staff_a, name="Teléfono", confirmed=True)
    response = password_only(world.staff_a).get(reverse("aspects:plan-list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa-verify"))


def test_public_pages_need_no_second_factor(world):
    assert password_only(world.supervisor_a).get(reverse("public:home")).status_code == 200


def test_a_supervisor_sets_up_the_app_by_qr_code_and_gets_recovery_codes(db):
    supervisor = make.user("nuevo.supervisor", make.agency(), role="supervisor")
    client = Client()
    response = client.post(reverse("login"), {"username": "nuevo.supervisor", "password": "secreta"})
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa-setup") + "?next=/panel/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "Configurar la verificación en dos pasos" in html
    device = TOTPDevice.objects.get(user=supervisor)
    assert not device.confirmed
    assert mfa.secret_of(device) in html
    assert client.get(reverse("mfa-setup")).content.decode().count(mfa.secret_of(device)) == 1  # same secret again

    wrong = client.post(reverse("mfa-setup"), {"token": "000000", "next": "/panel/"})
    assert "El código no es correcto" in wrong.content.decode()
    assert client.get(reverse("staff-home")).status_code == 302

    device.refresh_from_db()
    device.throttle_reset()  # a failure makes the device wait a moment before the next try
    done = client.post(reverse("mfa-setup"), {"token": code(device), "next": "/panel/"})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == mfa.RECOVERY_CODES and all(c in done.content.decode() for c in codes)
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("staff-home")).status_code == 200


def test_the_second_step_of_a_login_takes_the_code_of_the_app(world):
    client = Client()
    client.post(reverse("login"), {"username": "supervisor_a", "password": "secreta", "next": "/panel/planes/"})
    response = client.get("/panel/planes/")
    assert response["Location"] == reverse("mfa-verify") + "?next=/panel/planes/"
    assert client.get(response["Location"]).status_code == 200
    refused = client.post(reverse("mfa-verify"), {"token": "123456", "next": "/panel/planes/"})
    assert refused.status_code == 200 and "El código no es correcto" in refused.content.decode()
    device = mfa.enrolled_device(world.supervisor_a)
    device.throttle_reset()
    response = client.post(reverse("mfa-verify"), {"token": code(device), "next": "/panel/planes/"})
    assert response.status_code == 302 and response["Location"] == "/panel/planes/"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get("/panel/planes/").status_code == 200


def test_wrong_codes_slow_down_the_guessing(world):
    client = password_only(world.supervisor_a)
    for _ in range(3):
        client.post(reverse("mfa-verify"), {"token": "000000"})
    device = mfa.enrolled_device(world.supervisor_a)
    # Right now even the right code is refused: the device waits longer after each failure.
    assert client.post(reverse("mfa-verify"), {"token": code(device)}).status_code == 200
    assert client.get(reverse("staff-home")).status_code == 302


def test_a_recovery_code_works_once_in_place_of_the_app(world):
    codes = mfa.new_recovery_codes(world.coordinator)
    first = password_only(world.coordinator)
    response = first.post(reverse("mfa-verify"), {"token": codes[0].upper()})
    assert response.status_code == 302
    assert first.get(reverse("staff-home")).status_code == 200
    assert mfa.recovery_codes_left(world.coordinator) == mfa.RECOVERY_CODES - 1
    again = password_only(world.coordinator)
    assert again.post(reverse("mfa-verify"), {"token": codes[0]}).status_code == 200
    assert again.get(reverse("staff-home")).status_code == 302


def test_new_recovery_codes_replace_the_old_ones(world, client_supervisor_a):
    old = mfa.new_recovery_codes(world.supervisor_a)
    response = client_supervisor_a.post(reverse("mfa-codes"))
    new = response.context["codes"]
    assert set(new).isdisjoint(old)
    assert password_only(world.supervisor_a).post(reverse("mfa-verify"), {"token": new[1]}).status_code == 302
    assert password_only(world.supervisor_a).post(reverse("mfa-verify"), {"token": old[1]}).status_code == 200


def test_the_password_alone_cannot_enrol_another_phone(world):
    client = password_only(world.supervisor_a)
    response = client.get(reverse("mfa-setup"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa-verify")
    assert client.post(reverse("mfa-setup"), {"token": "123456"}).status_code == 302
    assert TOTPDevice.objects.filter(user=world.supervisor_a).count() == 1


def test_after_verifying_the_next_address_must_be_of_this_site(world):
    client = password_only(world.supervisor_a)
    device = mfa.enrolled_device(world.supervisor_a)
    response = client.post(reverse("mfa-verify"), {"token": code(device), "next": "https://otro.example/"})
    assert response["Location"] == reverse("staff-home")


def test_reset_mfa_removes_the_devices_and_the_next_login_sets_up_again(world):
    mfa.new_recovery_codes(world.supervisor_a)
    out = io.StringIO()
    call_command("reset_mfa", "supervisor_a", stdout=out)
    assert "Se borró el segundo factor de «supervisor_a» (2 dispositivo(s))" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=world.supervisor_a).exists()
    assert not StaticDevice.objects.filter(user=world.supervisor_a).exists()
    response = password_only(world.supervisor_a).get(reverse("staff-home"))
    assert response["Location"].startswith(reverse("mfa-setup"))


def test_a_session_verified_with_a_device_that_was_reset_is_no_longer_verified(world, client_supervisor_a):
    assert client_supervisor_a.get(reverse("staff-home")).status_code == 200
    call_command("reset_mfa", "supervisor_a", stdout=io.StringIO())
    assert client_supervisor_a.get(reverse("staff-home")).status_code == 302


def test_reset_mfa_names_an_unknown_user(db):
    with pytest.raises(CommandError, match="No existe el usuario «nadie»"):
        call_command("reset_mfa", "nadie")


def test_reset_mfa_says_when_there_was_nothing_to_reset(world):
    out = io.StringIO()
    call_command("reset_mfa", "staff_a", stdout=out)
    assert "no tenía segundo factor" in out.getvalue()


def test_the_account_page_offers_the_optional_factor_to_a_capturista(client_staff_a):
    html = client_staff_a.get(reverse("account")).content.decode()
    assert "es opcional para su función" in html and reverse("mfa-setup") in html


def test_logging_in_does_not_count_as_verified(world):
    client = Client()
    client.post(reverse("login"), {"username": "coordinador", "password": "secreta"})
    assert SESSION_KEY in client.session and DEVICE_ID_SESSION_KEY not in client.session
