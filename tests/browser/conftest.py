"""Browser tests: Playwright for Python driving Debian's Chromium against Django's live server.

Playwright's sync API keeps an event loop running in the test's thread while the browser is
open, where Django would refuse ORM calls. The tests only set data up before they drive the
browser, so that guard is lifted for each browser module, and only while its browser is open.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.personas import build_world

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"


@pytest.fixture(scope="module")
def chromium():
    if not shutil.which(CHROMIUM):
        pytest.fail(
            f"No se encontró Chromium en {CHROMIUM}: instálelo con «apt-get install chromium» (scripts/setup lo hace "
            "como root)."
        )
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def demo(transactional_db, live_server):
    """The seed programs, as a citizen would find them on a fresh install."""
    call_command("load_demo", force=True, stdout=open(os.devnull, "w"))
    return live_server.url


@pytest.fixture
def world_live(transactional_db, live_server):
    """tests/personas.py's world on the live server, whose address is `world.url`."""
    world = build_world()
    world.url = live_server.url
    return world


def sign_in(page, base: str, username: str, password: str, *, lands_on: str = "") -> None:
    """Sign in through the login form; with `lands_on`, wait until the browser is there (the second
    step, where a role asks for one, is the test's)."""
    page.goto(base + reverse("login"))
    page.get_by_label("Nombre de usuario").fill(username)
    page.get_by_label("Contraseña").fill(password)
    page.get_by_role("button", name="Entrar").click()
    if lands_on:
        page.wait_for_url(base + lands_on)


@pytest.fixture
def page(chromium):
    """A page under the site's Content-Security-Policy, as a visitor's: a test fails if the browser refused
    anything the page asked for (an inline script or style, a handler, a source from elsewhere)."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="es-MX")
    page = context.new_page()
    page.set_default_timeout(15_000)
    refused: list[str] = []
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    yield page
    context.close()
    assert not refused, "El navegador bloqueó por la CSP:\n" + "\n".join(refused)


def axe_violations(page) -> list[dict]:
    """WCAG 2.1 A and AA violations axe-core finds on the page as it stands."""
    # Evaluated by the browser's devtools protocol: an inline <script> tag would be refused by the CSP.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => await axe.run(document, "
        "{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
