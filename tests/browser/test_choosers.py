"""Searchable choosers in a browser: typed, chosen with the keyboard, and accessible (axe-core)."""

import json

from django.urls import reverse

from aspects.models import Plan
from programs.workflow import State
from tests.browser.conftest import axe_violations, sign_in


def test_citizen_finds_a_program_by_part_of_its_name_and_filters_with_the_keyboard(demo, page):
    page.goto(demo + "/asm/")
    chooser = page.get_by_role("combobox", name="Programa")
    chooser.fill("migrantes")
    option = page.get_by_role("option", name="S061 · Programa 3x1 para Migrantes")
    option.wait_for()
    assert chooser.get_attribute("aria-expanded") == "true"
    violations = axe_violations(page)  # with the list of options open
    assert not violations, json.dumps(violations, ensure_ascii=False, indent=1)
    chooser.press("ArrowDown")
    assert chooser.get_attribute("aria-activedescendant") == option.get_attribute("id")
    chooser.press("Enter")
    assert chooser.input_value() == "S061 · Programa 3x1 para Migrantes"
    assert chooser.get_attribute("aria-expanded") == "false"
    chooser.press("Enter")  # the list is closed: Enter submits the filters
    page.wait_for_url("**programa=S061**")
    programs = set(page.locator("tbody tr td:nth-child(3)").all_inner_texts())
    assert programs and {text.split(" · ")[0] for text in programs} == {"S061"}
    assert page.get_by_role("combobox", name="Programa").input_value() == "S061 · Programa 3x1 para Migrantes"


def test_capturista_chooses_the_units_of_a_new_activity(demo, page):
    returned = Plan.objects.get(program__key="PAJF-DGO", state=State.RETURNED)
    sign_in(page, demo, "capturista.durango", "demo")
    page.goto(demo + reverse("aspects:aspect-create", kwargs={"parent_pk": returned.pk}))
    page.get_by_role("button", name="Agregar actividad").click()
    units = page.get_by_role("combobox", name="Áreas responsables").last
    units.fill("")
    units.press("ArrowDown")
    first = page.get_by_role("listbox", name="Áreas responsables").last.get_by_role("option").first
    first.wait_for()
    name = first.inner_text()
    units.press("ArrowDown")
    units.press("Enter")
    assert page.get_by_role("button", name=f"Quitar «{name}»").is_visible()
    assert units.input_value() == ""
