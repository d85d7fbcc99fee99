"""Content-Security-Policy and Permissions-Policy on every kind of page: public, staff, admin and errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests import factories as make
from tests.personas import client_for

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# Rendered by WeasyPrint into PDF, never sent to a browser: their CSS may sit inline.
PRINT_ONLY = {
    "reports/annex_print.html",
    "reports/page_numbers.html",
    "reports/_print_footer.html",
    "reports/combined_print.html",
    "reports/executive_print.html",
    "reports/consolidated_cover.html",  # rendered by WeasyPrint only, never served
}


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {name: sources for name, *sources in (part.split() for part in header.split(";") if part.strip())}


def assert_hardened(response) -> None:
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval'
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


def test_a_public_page_carries_the_policies(client, world):
    response = client.get(reverse("public:home"))
    assert response.status_code == 200
    assert_hardened(response)


def test_a_staff_page_carries_the_policies(client_staff_a):
    response = client_staff_a.get(reverse("aspects:plan-list"))
    assert response.status_code == 200
    assert_hardened(response)


def test_the_admin_carries_the_policies(client, world):
    assert_hardened(client.get(reverse("admin:login")))
    admin = client_for(make.user("raiz", is_superuser=True, is_staff=True))
    response = admin.get(reverse("admin:aspects_plan_changelist"))
    assert response.status_code == 200
    assert_hardened(response)


@pytest.mark.parametrize("status", [400, 403, 404])
def test_error_pages_carry_the_policies(client_staff_a, status):
    url = {
        400: "/buscar/?q=%00",
        403: reverse("aspects:missing-reports"),  # the coordinator's page
        404: "/no-existe/",
    }[status]
    response = client_staff_a.get(url)
    assert response.status_code == status
    assert_hardened(response)


def test_a_file_download_keeps_its_own_sandbox_policy(client_staff_a, world):
    evidence = make.evidence(world.report_a)
    response = client_staff_a.get(reverse("evidence:evidence-download", args=[evidence.pk]))
    assert response.status_code == 200
    assert "sandbox" in response["Content-Security-Policy"]


def test_templates_hold_no_inline_script_handler_or_style_attribute():
    """What the policy would block, found before a browser does: every script is a file under static/js."""
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        text = path.read_text(encoding="utf-8")
        for pattern, what in [
            (r"<script(?![^>]*\bsrc=)[^>]*>", "inline <script>"),
            (r"\son[a-z]+\s*=", "on…= handler"),
            (r"javascript:", "javascript: URL"),
            (r"<style\b", "<style> element"),
            (r"\sstyle\s*=", "style= attribute"),
        ]:
            if re.search(pattern, text, re.IGNORECASE) and not (
                name in PRINT_ONLY and what.startswith(("<style", "style"))
            ):
                found.append(f"{name}: {what}")
    # The annex table is shared with the print document: its inline widths are the print branch's only.
    assert found == ["reports/_annex_table.html: style= attribute"]
    shared = (TEMPLATES / "reports/_annex_table.html").read_text(encoding="utf-8")
    assert re.search(r"{% if print %}[^{]*{% for width in widths %}<col style=", shared)
