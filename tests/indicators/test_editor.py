"""The one-page editor of a plan's objectives, specific objectives (ASM), indicators and yearly
targets: one submission saves all of it, or, on any bad input, nothing, with each error in Spanish
beside its field and listed at the top. The separate pages it replaced lead to it."""

from __future__ import annotations

from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aspects.models import Activity, Aspect, Objective
from audit.models import AuditEntry
from indicators.models import Indicator, IndicatorTarget
from indicators.rating import Direction
from programs.workflow import State
from tests import factories as make


def editor_url(plan) -> str:
    return reverse("indicators:plan-editor", args=[plan.pk])


def shown(client, plan) -> dict:
    """What the browser would post for the editor as it stands: every field's shown value."""
    response = client.get(editor_url(plan))
    assert response.status_code == 200
    editor = response.context["editor"]
    data: dict = {}

    def collect(formset) -> None:
        management = formset.management_form
        data.update({management.add_prefix(name): management[name].value() for name in management.fields})
        for form in formset.forms:
            for field in form:
                value = field.value()
                if isinstance(field.field.widget, forms.CheckboxInput):
                    if value:
                        data[field.html_name] = "on"
                    continue
                data[field.html_name] = "" if value is None else value
            if getattr(form, "nested", None) is not None:
                collect(form.nested)

    collect(editor.objectives)
    collect(editor.aspects)
    return data


def add_row(data: dict, prefix: str, **fields) -> str:
    """A row added with the «Agregar» button and typed in; its prefix, for the rows under it."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = index + 1
    row = f"{prefix}-{index}"
    data.update({f"{row}-{name}": value for name, value in fields.items()})
    if prefix.endswith("indicators"):
        data.update({f"{row}-targets-TOTAL_FORMS": 0, f"{row}-targets-INITIAL_FORMS": 0})
    if prefix == "aspects":
        data.update({f"{row}-indicators-TOTAL_FORMS": 0, f"{row}-indicators-INITIAL_FORMS": 0})
    return row


INDICATOR = {
    "text": "Porcentaje de ministerios que traspasan la información solicitada.",
    "numerator_description": "Ministerios que traspasan la información",
    "denominator_description": "Ministerios obligados",
    "unit": "ministerios",
    "kind": "porcentaje",
    "direction": "mayor_es_mejor",
}


def new_tree(data: dict, *, targets=((2017, "70"), (2018, "80"))) -> str:
    """An objective, a new ASM under it, an indicator of that ASM with `targets`: the indicator's prefix."""
    add_row(data, "objectives", number=1, text="Contar con un sistema de información.")
    asm = add_row(data, "aspects", number=7, objective_number=1, text="Integrar la información de los ministerios.")
    indicator = add_row(data, f"{asm}-indicators", number=1, **INDICATOR)
    for year, value in targets:
        add_row(data, f"{indicator}-targets", year=year, value=value)
    return indicator


def test_a_capturista_adds_an_objective_an_asm_an_indicator_and_its_targets_in_one_submission(world, client_staff_a):
    data = shown(client_staff_a, world.plan_a)
    new_tree(data)
    response = client_staff_a.post(editor_url(world.plan_a), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("indicators:plan-indicators", args=[world.plan_a.pk]) + "#objetivos"
    objective = Objective.objects.get(plan=world.plan_a)
    asm = Aspect.objects.get(plan=world.plan_a, number=7)
    assert asm.objective == objective
    indicator = Indicator.objects.get(aspect=asm)
    assert [(t.year, int(t.value)) for t in indicator.targets.all()] == [(2017, 70), (2018, 80)]
    assert AuditEntry.objects.for_object(indicator).get().user == world.staff_a


def test_the_existing_asm_is_assigned_to_an_objective_added_in_the_same_submission(world, client_staff_a):
    data = shown(client_staff_a, world.plan_a)
    add_row(data, "objectives", number=2, text="Publicar la información.")
    data["aspects-0-objective_number"] = 2  # aspect_a, the plan's only ASM
    assert client_staff_a.post(editor_url(world.plan_a), data).status_code == 302
    world.aspect_a.refresh_from_db()
    assert world.aspect_a.objective == Objective.objects.get(plan=world.plan_a, number=2)
    assert world.aspect_a.activities.exists()  # moved, not re-created


def test_an_asm_follows_the_number_it_shows_when_objectives_are_renumbered(world, client_staff_a):
    first = make.objective(world.plan_a, number=1)
    make.objective(world.plan_a, number=5)
    world.aspect_a.objective = first
    world.aspect_a.save()
    data = shown(client_staff_a, world.plan_a)
    data["objectives-0-number"] = 3  # objective 1 becomes 3; the ASM row still says 1
    data["objectives-1-number"] = 1
    response = client_staff_a.post(editor_url(world.plan_a), data)
    assert response.status_code == 200  # objective 5 cannot take number 1 while «1» is still saved
    data["objectives-1-number"] = 2
    data["aspects-0-objective_number"] = 2
    assert client_staff_a.post(editor_url(world.plan_a), data).status_code == 302
    world.aspect_a.refresh_from_db()
    assert world.aspect_a.objective.number == 2


def test_two_targets_for_the_same_year_are_refused_beside_the_repeat_and_nothing_is_saved(world, client_staff_a):
    data = shown(client_staff_a, world.plan_a)
    indicator = new_tree(data, targets=[(2017, "70"), (2017, "80")])
    response = client_staff_a.post(editor_url(world.plan_a), data)
    assert response.status_code == 200
    editor = response.context["editor"]
    asm_row = editor.aspects.forms[-1]
    targets = asm_row.nested.forms[0].nested
    assert targets.prefix == f"{indicator}-targets"
    assert targets.forms[1].errors["year"] == ["Otra fila ya tiene el año 2017: cada fila lleva uno distinto."]
    assert not Objective.objects.filter(plan=world.plan_a).exists()
    assert not Aspect.objects.filter(plan=world.plan_a, number=7).exists()
    assert not IndicatorTarget.objects.exists()
    page = response.content.decode()
    assert "No se guardó nada" in page
    assert f'href="#id_{indicator}-targets-1-year"' in page  # the summary links to the field
    assert "Objetivo específico (ASM) 7 › Indicador 1 › Meta 2017 · Año" in page


def test_a_percent_target_over_100_is_refused_beside_it(world, client_staff_a):
    data = shown(client_staff_a, world.plan_a)
    indicator = new_tree(data, targets=[(2017, "70"), (2018, "120")])
    response = client_staff_a.post(editor_url(world.plan_a), data)
    assert response.status_code == 200
    targets = response.context["editor"].aspects.forms[-1].nested.forms[0].nested
    assert targets.forms[1].errors["value"] == ["Para un indicador en porcentaje la meta debe estar entre 0 y 100."]
    assert f"{indicator}-targets-1-value" in response.content.decode()
    assert not Indicator.objects.exists()


def test_a_value_indicator_takes_targets_over_100(world, client_staff_a):
    data = shown(client_staff_a, world.plan_a)
    indicator = new_tree(data, targets=[(2017, "1500")])
    data[f"{indicator}-kind"] = "valor"
    assert client_staff_a.post(editor_url(world.plan_a), data).status_code == 302
    assert IndicatorTarget.objects.get().value == 1500


def test_a_response_time_in_days_is_saved_as_menor_es_mejor(world, client_staff_a):
    data = shown(client_staff_a, world.plan_a)
    page = client_staff_a.get(editor_url(world.plan_a)).content.decode()
    assert "Sentido" in page and "Menor es mejor" in page
    indicator = new_tree(data, targets=[(2017, "10")])
    data.update({f"{indicator}-kind": "valor", f"{indicator}-direction": "menor_es_mejor"})
    assert client_staff_a.post(editor_url(world.plan_a), data).status_code == 302
    assert Indicator.objects.get().direction == Direction.LOWER


def test_making_an_indicator_a_percent_checks_the_targets_it_already_has(world, client_staff_a):
    indicator = make.indicator(world.aspect_a, number=1, kind="valor", targets={2017: 150})
    data = shown(client_staff_a, world.plan_a)
    data["aspects-0-indicators-0-kind"] = "porcentaje"
    response = client_staff_a.post(editor_url(world.plan_a), data)
    assert response.status_code == 200
    targets = response.context["editor"].aspects.forms[0].nested.forms[0].nested
    assert targets.forms[0].errors["value"] == ["Para un indicador en porcentaje la meta debe estar entre 0 y 100."]
    indicator.refresh_from_db()
    assert indicator.kind == Indicator.Kind.VALUE


def test_an_indicator_without_its_asm_text_is_refused_at_the_asm(world, client_staff_a):
    data = shown(client_staff_a, world.plan_a)
    indicator = new_tree(data)
    asm = indicator.rsplit("-indicators", 1)[0]
    data[f"{asm}-text"] = ""
    response = client_staff_a.post(editor_url(world.plan_a), data)
    assert response.context["editor"].aspects.forms[-1].errors["text"] == ["Este campo es obligatorio."]
    assert not Indicator.objects.exists() and not Objective.objects.exists()


def test_an_asm_naming_an_objective_that_does_not_exist_is_refused_beside_the_number(world, client_staff_a):
    data = shown(client_staff_a, world.plan_a)
    data["aspects-0-objective_number"] = 4
    response = client_staff_a.post(editor_url(world.plan_a), data)
    assert response.context["editor"].aspects.forms[0].errors["objective_number"] == [
        "No hay objetivo número 4: agréguelo en «Objetivos» o corrija el número."
    ]


def test_an_objective_deleted_while_an_asm_still_names_it_is_refused(world, client_staff_a):
    world.aspect_a.objective = make.objective(world.plan_a, number=1)
    world.aspect_a.save()
    data = shown(client_staff_a, world.plan_a)
    data["objectives-0-DELETE"] = "on"
    response = client_staff_a.post(editor_url(world.plan_a), data)
    assert response.context["editor"].aspects.forms[0].errors["objective_number"] == [
        "El objetivo 1 se elimina en esta misma página: escriba otro número o deje vacío."
    ]
    assert Objective.objects.filter(plan=world.plan_a).exists()


def test_two_objectives_with_one_number_are_refused(world, client_staff_a):
    data = shown(client_staff_a, world.plan_a)
    add_row(data, "objectives", number=1, text="Uno.")
    add_row(data, "objectives", number=1, text="Otro.")
    response = client_staff_a.post(editor_url(world.plan_a), data)
    assert response.status_code == 200
    assert "Otra fila ya tiene el número 1" in response.content.decode()
    assert not Objective.objects.filter(plan=world.plan_a).exists()


def test_an_indicator_marked_for_deletion_goes_with_its_targets_and_their_errors_do_not_count(world, client_staff_a):
    indicator = make.indicator(world.aspect_a, number=1, targets={2017: 70})
    data = shown(client_staff_a, world.plan_a)
    data["aspects-0-indicators-0-DELETE"] = "on"
    data["aspects-0-indicators-0-targets-0-value"] = "900"  # would be refused if the indicator stayed
    assert client_staff_a.post(editor_url(world.plan_a), data).status_code == 302
    assert not Indicator.objects.filter(pk=indicator.pk).exists()
    assert Activity.objects.filter(aspect=world.aspect_a).exists()


def test_the_editor_of_a_plan_in_review_is_refused(world, client_staff_a):
    make.in_state(world.plan_a, State.IN_REVIEW, world.staff_a, world.supervisor_a)
    assert client_staff_a.get(editor_url(world.plan_a)).status_code == 403


def test_agency_b_and_the_coordinator_cannot_open_agency_as_editor(world, client_staff_b, client_coordinator):
    assert client_staff_b.get(editor_url(world.plan_a)).status_code == 404
    assert client_coordinator.get(editor_url(world.plan_a)).status_code == 403


def test_the_replaced_pages_lead_to_the_editor_at_their_row(world, client_staff_a, client_staff_b):
    indicator = make.indicator(world.aspect_a, number=1)
    url = editor_url(world.plan_a)
    moved = {
        reverse("indicators:plan-objectives", args=[world.plan_a.pk]): url,
        reverse("indicators:indicator-create", args=[world.aspect_a.pk]): f"{url}#asm-{world.aspect_a.pk}",
        reverse("indicators:indicator-update", args=[indicator.pk]): f"{url}#indicador-{indicator.pk}",
        reverse("indicators:indicator-delete", args=[indicator.pk]): f"{url}#indicador-{indicator.pk}",
    }
    for old, new in moved.items():
        assert client_staff_a.get(old)["Location"] == new
        assert client_staff_a.post(old).status_code == 302
        assert client_staff_b.get(old).status_code == 404
    assert Indicator.objects.filter(pk=indicator.pk).exists()  # the old delete address deletes nothing


def test_the_editor_shows_each_existing_row_at_its_anchor_and_an_empty_row_per_level(world, client_staff_a):
    indicator = make.indicator(world.aspect_a, number=1, targets={2017: 70})
    page = client_staff_a.get(editor_url(world.plan_a)).content.decode()
    assert f'id="asm-{world.aspect_a.pk}"' in page and f'id="indicador-{indicator.pk}"' in page
    for placeholder in ("__prefix__", "__asm__", "__indicador__", "__meta__"):
        assert f'data-formset-placeholder="{placeholder}"' in page or placeholder == "__prefix__"
        assert f"-{placeholder}-" in page
    assert "Agregar objetivo específico" in page and "Agregar indicador" in page and "Agregar meta anual" in page


def editor_queries(client, plan) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(editor_url(plan)).status_code == 200
    return len(captured)


def test_the_editor_takes_the_same_queries_with_more_asm_and_indicators(world, client_staff_a):
    make.indicator(world.aspect_a, targets={2017: 50})
    before = editor_queries(client_staff_a, world.plan_a)
    for _ in range(4):
        aspect = make.aspect(world.plan_a, objective=make.objective(world.plan_a))
        make.indicator(aspect, targets={2017: 50, 2018: 60})
        make.indicator(aspect, targets={2017: 40})
    assert editor_queries(client_staff_a, world.plan_a) == before


def test_a_row_someone_else_saved_meanwhile_saves_nothing_and_says_so(world, client_staff_a):
    indicator = make.indicator(world.aspect_a, number=1, targets={2017: 70})
    data = shown(client_staff_a, world.plan_a)
    add_row(data, "objectives", number=1, text="Contar con un sistema de información.")
    data["aspects-0-indicators-0-text"] = "Mi redacción."
    Indicator.objects.get(pk=indicator.pk).save()  # another person's save moves its version on
    response = client_staff_a.post(editor_url(world.plan_a), data, follow=True)
    assert "No se guardó nada" in response.content.decode()
    assert Indicator.objects.get(pk=indicator.pk).text != "Mi redacción."
    assert not Objective.objects.filter(plan=world.plan_a).exists()


def test_the_overview_leads_to_the_editor_for_the_plan_and_for_each_row(world, client_staff_a):
    indicator = make.indicator(world.aspect_a, number=1)
    page = client_staff_a.get(reverse("indicators:plan-indicators", args=[world.plan_a.pk])).content.decode()
    url = editor_url(world.plan_a)
    assert f'href="{url}"' in page
    assert f'href="{url}#asm-{world.aspect_a.pk}"' in page and f'href="{url}#indicador-{indicator.pk}"' in page


def test_an_error_of_an_asm_outside_the_editors_fields_is_shown_on_its_row_and_linked_from_the_top(
    world, client_staff_a
):
    # Saved before the rule, or by a path that skipped it: an institutional ASM without its coordinating unit.
    Aspect.objects.filter(pk=world.aspect_a.pk).update(kind=Aspect.Kind.INSTITUTIONAL, coordinating_unit=None)
    data = shown(client_staff_a, world.plan_a)
    add_row(data, "objectives", number=1, text="Contar con un sistema de información.")
    response = client_staff_a.post(editor_url(world.plan_a), data)
    assert response.context["editor"].aspects.forms[0].non_field_errors() == [
        "Un ASM institucional requiere un área coordinadora. Se corrige en la página del ASM."
    ]
    assert f'href="#asm-{world.aspect_a.pk}"' in response.content.decode()
    assert not Objective.objects.filter(plan=world.plan_a).exists()
