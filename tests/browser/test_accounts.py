"""Signing in with a second factor in a browser, as a demo supervisor would, and the setup of
an optional one by a capturista; the account pages are accessible (axe-core)."""

import io
import json

from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import axe_violations, sign_in


def test_a_demo_supervisor_signs_in_with_the_code_of_the_demo_secret(demo, page):
    sign_in(page, demo, "supervisor.durango", "demo")
    page.get_by_role("heading", name="Verificación en dos pasos").wait_for()
    assert axe_violations(page) == []
    out = io.StringIO()
    call_command("demo_code", stdout=out, stderr=io.StringIO())
    page.get_by_label("Código").fill(out.getvalue().strip())
    page.get_by_role("button", name="Verificar").click()
    page.wait_for_url(demo + "/panel/")
    assert page.get_by_role("link", name="Mi cuenta").is_visible()


def test_a_capturista_sets_up_the_optional_second_factor_from_her_account(demo, page):
    sign_in(page, demo, "capturista.durango", "demo")
    page.get_by_role("link", name="Mi cuenta").click()
    page.get_by_role("link", name="Configurar").click()
    assert page.locator("svg").first.is_visible()
    found = {"setup": axe_violations(page)}
    device = TOTPDevice.objects.get(user__username="capturista.durango", confirmed=False)
    page.get_by_label("Código").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Activar").click()
    page.get_by_role("heading", name="Códigos de recuperación").wait_for()
    found["codes"] = axe_violations(page)
    assert len(page.locator("li.font-monospace, ul.font-monospace li").all()) == 10
    assert not any(found.values()), json.dumps(found, ensure_ascii=False, indent=1)
