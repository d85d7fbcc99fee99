"""The public lists on a 375 px phone, and the API's documentation page (issue 16 §5)."""

from __future__ import annotations

import json

from aspects.models import Aspect
from tests.browser.conftest import axe_violations

PHONE = {"width": 375, "height": 740}
STRICT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


def outside_the_viewport(page, selector: str) -> list[str]:
    """The cells matching `selector` in the first rows that do not lie wholly inside the viewport's width."""
    return page.evaluate(
        """(selector) => Array.from(document.querySelectorAll(selector)).slice(0, 30)
            .map((cell) => [cell.getAttribute('data-label'), cell.getBoundingClientRect()])
            .filter(([, box]) => box.width === 0 || box.left < 0 || box.right > window.innerWidth)
            .map(([label, box]) => `${label}: ${Math.round(box.left)}–${Math.round(box.right)}`)""",
        selector,
    )


def test_at_375_px_avance_estado_and_oportunidad_are_in_view_and_the_filters_wait_behind_a_button(demo, chromium):
    program = Aspect.objects.public().order_by("pk").first().plan.program
    context = chromium.new_context(viewport=PHONE, locale="es-MX")
    page = context.new_page()
    page.set_default_timeout(15_000)
    found = {}
    for name, path, has_filters in [
        ("programa", f"/programas/{program.key}/", False),
        ("lista de ASM", "/asm/", True),
        ("lista de actividades", "/actividades/", True),
    ]:
        page.goto(demo + path)
        assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0, name
        cells = 'td[data-label="Avance"], td[data-label="Estado"], td[data-label="Oportunidad"]'
        assert page.locator(cells).count() >= 3, name
        assert outside_the_viewport(page, cells) == [], name
        if not has_filters:
            continue
        toggle = page.get_by_role("button", name="Filtros")
        form = page.locator("form#filtros")
        assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false", name
        assert form.is_hidden(), name
        # The results come first: the first row is in the first screen, above where the filters open.
        first_row = page.locator("table.table-cards tbody tr").first.bounding_box()
        assert first_row["y"] < PHONE["height"], name
        toggle.click()
        form.wait_for(state="visible")
        assert toggle.get_attribute("aria-expanded") == "true", name
        assert page.get_by_label("Estado").is_visible(), name
        # The pointer still rests on «Filtros»: axe measures its colours once the hover's transition has
        # ended, not halfway between the outline and the filled button.
        page.wait_for_function("() => document.getAnimations().length === 0")
        violations = axe_violations(page)
        if violations:
            found[name] = violations
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)

    # Filters already chosen are counted on the button.
    page.goto(demo + "/asm/?estado=concluido&tipo=especifico")
    assert page.get_by_role("button", name="Filtros (2 aplicados)").is_visible()
    context.close()


def test_on_a_wide_screen_the_filters_are_shown_and_the_lists_are_tables(demo, page):
    page.goto(demo + "/asm/")
    assert page.locator("form#filtros").is_visible()
    assert page.get_by_role("button", name="Filtros").is_hidden()
    assert page.evaluate("() => getComputedStyle(document.querySelector('table.table-cards tbody tr')).display") == (
        "table-row"
    )


def test_the_api_page_shows_swagger_ui_under_a_strict_content_security_policy(demo, page):
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))

    def with_strict_csp(route):
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": STRICT_CSP})

    page.route("**/api/", with_strict_csp)
    page.goto(demo + "/api/")
    page.locator("#swagger-ui .opblock").first.wait_for()
    assert page.locator("#swagger-ui .opblock-summary-path").filter(has_text="/api/asm/").count() >= 1
    assert "ASM Tracker · Datos abiertos" in page.locator("#swagger-ui .title").inner_text()
    assert problems == []


def test_without_javascript_the_filtros_button_still_opens_the_filters(demo, chromium):
    context = chromium.new_context(viewport=PHONE, locale="es-MX", java_script_enabled=False)
    page = context.new_page()
    page.goto(demo + "/actividades/")
    assert page.locator("form#filtros").is_hidden()
    page.get_by_role("button", name="Filtros").click()
    assert page.locator("form#filtros").is_visible() and page.get_by_label("Oportunidad").is_visible()
    context.close()
