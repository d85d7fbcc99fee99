"""The public page of a plan measured by indicators in a browser: the summary chart is an SVG image
with a name, drawn under the Content-Security-Policy (the `page` fixture fails on anything refused),
it fits a phone's width, and axe finds no WCAG 2.1 AA violation."""

from django.urls import reverse

from tests.browser.conftest import axe_violations
from tests.indicator_plans import indicator_plan


def test_the_indicator_page_draws_its_chart_under_the_policy_and_passes_axe(transactional_db, live_server, page):
    measured = indicator_plan()
    url = live_server.url + reverse(
        "public:indicators", kwargs={"key": measured.program.key, "plan_pk": measured.plan.pk}
    )
    page.goto(url)
    chart = page.get_by_role("img", name="Indicadores por calificación al corte de Septiembre")
    assert chart.is_visible()
    assert page.locator("#tabla-calificaciones tbody tr").count() == 6
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 375, "height": 800})
    box = chart.bounding_box()
    assert box is not None and box["width"] <= 375
