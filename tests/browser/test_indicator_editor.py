"""The staff pages of a plan measured by indicators in a browser, as agency A's capturista uses
them: the one-page editor takes an objective, a specific objective (ASM), an indicator and its two
yearly targets in one submission, rows added with its «Agregar» buttons at every level; a second
target for the same year is refused beside the field with nothing saved; once the plan is
authorised, a measurement in the open period is rated from its values, and an override without a
justification is refused. axe-core finds no WCAG 2.1 AA violation on the editor, at a desktop's
width and at a phone's, where the page does not scroll sideways."""

import re

from django.urls import reverse

from aspects.models import Aspect, Objective
from indicators.models import Indicator, Measurement
from indicators.rating import Rating
from programs.workflow import State
from tests import factories as make
from tests.browser.conftest import axe_violations, sign_in

# The label of an indicator's text (a required field's label ends with «*»), not of its other fields.
INDICATOR_LABEL = re.compile(r"^Indicador\*?$")
INDICATOR_TEXT = "Porcentaje de ministerios que traspasan la información solicitada"


def open_editor(page, world) -> None:
    page.goto(world.url + reverse("indicators:plan-indicators", args=[world.plan_a.pk]))
    page.get_by_role("link", name="Objetivos, objetivos específicos e indicadores").click()
    page.wait_for_url(f"**{reverse('indicators:plan-editor', args=[world.plan_a.pk])}")


def fits_the_width(page, width: int) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth") <= width


def test_a_capturista_builds_the_indicator_tree_on_one_page_then_measures_it(world_live, page):
    world = world_live
    sign_in(page, world.url, world.staff_a.username, "secreta", lands_on="/panel/")
    open_editor(page, world)

    # An objective in the blank row the page offers.
    objectives = page.locator("#seccion-objectives")
    objectives.get_by_label("Número").fill("1")
    objectives.get_by_label("Objetivo").fill("Contar con un sistema de información.")
    # A new specific objective under it, added with the button: it comes with an indicator and a target row.
    page.get_by_role("button", name="Agregar objetivo específico").click()
    asm = page.locator("#fila-aspects-2")
    asm.get_by_label("Número de ASM").fill("2")
    asm.get_by_label("Número de su objetivo").fill("1")
    asm.get_by_label("Objetivo específico (texto del ASM)").fill("Integrar la información de los ministerios.")
    indicator = asm.locator("#fila-aspects-2-indicators-0")
    indicator.get_by_role("textbox", name=INDICATOR_LABEL).fill(INDICATOR_TEXT)
    indicator.get_by_label("Numerador").fill("Ministerios que traspasan la información")
    indicator.get_by_label("Denominador").fill("Ministerios obligados")
    indicator.locator("#id_aspects-2-indicators-0-targets-0-year").fill("2017")
    indicator.locator("#id_aspects-2-indicators-0-targets-0-value").fill("70")
    indicator.get_by_role("button", name="Agregar meta anual").click()
    second = indicator.locator("#fila-aspects-2-indicators-0-targets-1")
    second.get_by_label("Año").fill("2018")
    second.get_by_label("Meta").fill("80")
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_url("**/indicadores/#objetivos")
    assert "Se guardaron los objetivos" in page.locator(".alert-success").inner_text()
    assert (
        "Objetivo 1. Contar con un sistema de información." in page.locator("#objetivos ~ section").first.inner_text()
    )
    saved = Indicator.objects.get(aspect__plan=world.plan_a, text=INDICATOR_TEXT)
    assert saved.aspect.objective == Objective.objects.get(plan=world.plan_a, number=1)
    assert [(t.year, int(t.value)) for t in saved.targets.all()] == [(2017, 70), (2018, 80)]

    # A third target for 2017: refused beside its year, listed at the top, nothing saved.
    open_editor(page, world)
    row = page.locator(f"#indicador-{saved.pk}")
    blank = row.locator("[id^='fila-'][id$='-targets-2']")
    blank.get_by_label("Año").fill("2017")
    blank.get_by_label("Meta").fill("90")
    page.get_by_role("textbox", name=INDICATOR_LABEL).first.fill("Otro texto que no debe guardarse")
    page.get_by_role("button", name="Guardar").click()
    summary = page.locator("#errores")
    assert "No se guardó nada" in summary.inner_text()
    assert "Meta 2017 · Año: Este indicador ya tiene una meta para el año 2017." in summary.inner_text()
    beside = page.locator(f"#indicador-{saved.pk} [id$='-targets-2-year'] ~ .invalid-feedback")
    assert beside.inner_text().strip() == "Este indicador ya tiene una meta para el año 2017."
    summary.get_by_role("link").first.click()
    assert page.url.endswith("-targets-2-year")  # the summary leads to the field
    assert saved.targets.count() == 2 and not Indicator.objects.filter(text__startswith="Otro texto").exists()
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 375, "height": 800})
    assert fits_the_width(page, 375)
    assert axe_violations(page) == []

    # Authorised, with its first period open: a measurement from values is rated from the target.
    make.authorised(world.plan_a, world.staff_a, world.supervisor_a)
    september = make.opened(world.plan_a.cycle.periods.order_by("end").first())
    page.goto(world.url + reverse("indicators:plan-indicators", args=[world.plan_a.pk]))
    page.locator(f"#indicador-{saved.pk}").get_by_role("link", name="Registrar medición").click()
    assert page.get_by_label("Periodo de corte").input_value() == str(september.pk)
    page.get_by_label("Numerador").fill("6")
    page.get_by_label("Denominador").fill("10")
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_url("**/indicadores-del-periodo/**")
    measurement = Measurement.objects.get(indicator=saved)
    row = page.locator(f"#medicion-{measurement.pk}")
    assert "Cumple parcialmente" in row.inner_text() and "60 %" in row.inner_text()  # 60 of a 70 % target

    # An override without its justification is refused beside the justification.
    row.get_by_role("link", name="Editar").click()
    page.get_by_label("Calificación modificada").check()
    page.get_by_label("Calificación", exact=True).select_option(Rating.MET)
    page.get_by_role("button", name="Guardar").click()
    assert (
        page.locator("#id_override_justification ~ .invalid-feedback").inner_text().strip()
        == "Justifique por qué cambia la calificación calculada."
    )
    measurement.refresh_from_db()
    assert (measurement.rating, measurement.rating_overridden) == (Rating.PARTLY_MET, False)
    assert world.plan_a.measurement_rounds.get().state == State.DRAFT
    assert Aspect.objects.filter(plan=world.plan_a).count() == 2
