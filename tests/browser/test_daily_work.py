"""Issue 16 §2 and §4 in a browser: the recommendation picker offers only the right ones, and the
home page leads with the open period (tests/personas.py's world, signed in as agency A's capturista)."""

from django.urls import reverse

from aspects.models import Aspect
from tests import factories as make
from tests.browser.conftest import sign_in


def test_the_recommendation_picker_offers_only_the_attended_ones_of_the_plans_evaluation(world_live, page):
    world = world_live
    world.recommendation_a.text = "Integrar un padrón único de beneficiarios que permita conocer la demanda atendida"
    world.recommendation_a.save()
    make.recommendation(world.evaluation_a, number=2, attended=False, justification="Fuera de alcance.")
    make.recommendation(make.evaluation(world.program_a, year=2014), number=1, text="De otra evaluación.")
    sign_in(page, world.url, world.staff_a.username, "secreta", lands_on="/panel/")
    page.goto(world.url + reverse("aspects:aspect-create", kwargs={"parent_pk": world.plan_a.pk}))
    group = page.locator("#div_id_recommendations")
    labels = [text.strip() for text in group.locator("label.form-check-label").all_inner_texts()]
    assert labels == [
        "Rec. 1 · Evaluación Consistencia y Resultados 2016 · Integrar un padrón único de beneficiarios que permita…"
    ]
    assert page.locator("#id_number").input_value() == "2"  # the next number, prefilled
    text = page.locator("#id_text")
    text.fill("Actualizar el padrón")
    counter = page.locator("#id_text-contador")
    assert counter.inner_text() == "20 / 5,000 caracteres"
    group.get_by_label(labels[0]).check()
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_url("**/panel/asm/**")
    saved = Aspect.objects.get(plan=world.plan_a, number=2)
    assert list(saved.recommendations.all()) == [world.recommendation_a]


def test_the_home_leads_with_the_open_period_and_a_direct_link_to_report(world_live, page):
    world = world_live
    sign_in(page, world.url, world.staff_a.username, "secreta", lands_on="/panel/")
    panel = page.locator("[data-open-period-panel]")
    assert panel.get_by_role("heading", name="Periodo de corte abierto").is_visible()
    card = panel.locator(f"[data-open-period='{world.march.pk}']")
    assert "Cierra el 31/03/2018" in card.inner_text()
    row = card.locator(f"[data-missing-activity='{world.live_activity_a.pk}']")
    assert "Elaborar el documento." in row.inner_text()
    # The panel comes before the rest of the home.
    assert page.evaluate(
        "() => document.querySelector('[data-open-period-panel]').compareDocumentPosition("
        "document.getElementById('vencidas')) & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    row.get_by_role("link", name="Registrar avance").click()
    page.wait_for_url("**/avances/nuevo/")
    assert page.get_by_label("Periodo de corte").input_value() == str(world.march.pk)
    page.set_viewport_size({"width": 375, "height": 800})
    page.go_back()
    assert page.locator("[data-open-period-panel]").get_by_role("link", name="Registrar avance").first.is_visible()
