"""The lists' filter fields (`filter_field`, programs/templatetags/list_filters.py) are the markup crispy-bootstrap5
writes for them, whatever was asked: nothing, valid choices, or values that are not valid (shown with their
errors)."""

from __future__ import annotations

import re

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.test import RequestFactory
from django.test.html import parse_html

from aspects import filters as staff
from aspects.filters import MissingReportFilter
from programs.filters import ProgramFilter as StaffProgramFilter
from programs.models import CutOffPeriod
from programs.templatetags.list_filters import filter_field
from public import filters as public

FILTERSETS = [
    public.AspectFilter,
    public.ActivityFilter,
    public.ProgramFilter,
    staff.PlanFilter,
    staff.AspectFilter,
    staff.ActivityFilter,
    StaffProgramFilter,
]


def valid_data(form: forms.Form) -> dict[str, str]:
    """A choice other than the empty one for every <select>, and words for every text box."""
    data = {}
    for name, field in form.fields.items():
        if type(field.widget) is forms.Select:
            chosen = [str(value) for value, _ in field.choices if str(value)]
            if chosen:
                data[name] = chosen[-1]
        elif name == "q":
            data[name] = "padrón <b>"
    return data


def forms_of(make_form) -> dict[str, forms.Form]:
    empty = make_form(None)
    invalid = {name: "no-vale" for name in empty.fields}
    made = {"sin filtros": empty, "válidos": make_form(valid_data(empty)), "no válidos": make_form(invalid)}
    for form in made.values():
        form.is_valid()
    return made


def markup(html: str):
    """The elements, attributes and text, whatever the spaces between a tag and the text beside it (crispy's
    templates leave their indentation there; a browser shows neither)."""
    return parse_html(re.sub(r"\s*(<[^>]*>)\s*", r"\1", html))


def assert_same_as_crispy(make_form) -> None:
    ours, crispy = forms_of(make_form), forms_of(make_form)  # crispy sets classes on the widgets it renders
    for case, form in ours.items():
        for name in form.fields:
            assert markup(filter_field(form[name])) == markup(as_crispy_field(crispy[case][name])), (case, name)
    assert ours["no válidos"].errors, "the values that are not valid show their errors"


@pytest.mark.parametrize("filterset", FILTERSETS, ids=lambda filterset: f"{filterset.__module__}.{filterset.__name__}")
def test_every_filter_field_is_what_crispy_writes(world, filterset):
    request = RequestFactory().get("/")
    request.user = world.coordinator
    queryset = filterset._meta.model.objects.all()
    assert_same_as_crispy(lambda data: filterset(data, queryset=queryset, request=request).form)


def test_the_missing_reports_filter_is_what_crispy_writes(world):
    assert_same_as_crispy(lambda data: MissingReportFilter(data, periods=CutOffPeriod.objects.all()))


def test_a_chosen_value_is_selected_once_and_its_text_escaped(world):
    form = public.AspectFilter({"estado": "en_proceso", "q": "<script>"}, queryset=None).form
    html = filter_field(form["estado"])
    assert html.count(" selected") == 1 and '<option value="en_proceso" selected>En proceso</option>' in html
    assert 'value="&lt;script&gt;"' in filter_field(form["q"])


class Asked(forms.Form):
    """What no list asks for yet: a required filter, help under a field, no id."""

    estado = forms.ChoiceField(choices=[("", "Todos"), ("a", "A")], help_text="Uno <em>solo</em>.")
    clave = forms.CharField(required=False, help_text="La del programa.")


def test_required_fields_help_and_fields_without_id_are_what_crispy_writes(db):
    assert_same_as_crispy(lambda data: Asked(data))
    assert_same_as_crispy(lambda data: Asked(data, auto_id=False))
