"""The filters of the public lists, shared by the pages, their downloads and the API, so that a
download or an API call gives exactly what the page shows. Every choice offered comes from the
authorised data only (`.public()`, `programs/visibility.py`)."""

from __future__ import annotations

import django_filters
from django import forms
from django.urls import reverse_lazy

from aspects.filters import TimelinessFilter
from aspects.models import Activity, Aspect, Plan
from aspects.progress import Status, Timeliness
from programs.choosers import Chooser, ChooserInput
from programs.models import Agency, Cycle, Program

from .search import search


def public_cycles(request=None):
    # django-filter calls a queryset callable with the request.
    return Cycle.objects.filter(pk__in=Plan.objects.public().values("cycle")).order_by("-year", "name")


def public_years() -> list[tuple[int, int]]:
    years = public_cycles().order_by("-year").values_list("year", flat=True).distinct()
    return [(year, year) for year in years]


# The program filter is a searchable chooser (programs.choosers): a <select> of every authorised
# program would repeat 1,500 options on every page of a list. Its value stays the program's key.
PROGRAMS = Chooser(
    url=reverse_lazy("public:program-search"),
    fields=("key", "name"),
    typed=("key", "name"),
    describe=lambda program: {"clave": program.key, "nombre": program.name},
    choices=lambda user=None: Program.objects.public(),
)


def program_filter(field_name: str) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        label="Programa",
        field_name=field_name,
        queryset=PROGRAMS.choices(),
        to_field_name="key",
        widget=ChooserInput(PROGRAMS, value="clave", attrs={"placeholder": "Clave o nombre"}),
    )


class SearchFilter(django_filters.CharFilter):
    def filter(self, queryset, value):
        return search(queryset, value) if value and value.strip() else queryset


class PublicFilterSet(django_filters.FilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            if isinstance(field.widget, forms.Select):
                field.empty_label = "Todos"


class AspectFilter(PublicFilterSet):
    q = SearchFilter(label="Buscar")
    year = django_filters.ChoiceFilter(label="Año", field_name="plan__cycle__year", choices=public_years)
    cycle = django_filters.ModelChoiceFilter(label="Ciclo", field_name="plan__cycle", queryset=public_cycles)
    agency = django_filters.ModelChoiceFilter(
        label="Dependencia", field_name="plan__program__agency", queryset=Agency.objects.public()
    )
    program = program_filter("plan__program")
    kind = django_filters.ChoiceFilter(label="Tipo", choices=Aspect.Kind.choices)
    priority = django_filters.ChoiceFilter(label="Prioridad", choices=Aspect.Priority.choices)
    status = django_filters.ChoiceFilter(label="Estado", choices=Status.choices)
    timeliness = TimelinessFilter(label="Oportunidad", choices=Timeliness.choices)

    class Meta:
        model = Aspect
        fields = ["q", "year", "cycle", "agency", "program", "kind", "priority", "status", "timeliness"]


class ActivityFilter(PublicFilterSet):
    q = SearchFilter(label="Buscar")
    year = django_filters.ChoiceFilter(label="Año", field_name="aspect__plan__cycle__year", choices=public_years)
    cycle = django_filters.ModelChoiceFilter(label="Ciclo", field_name="aspect__plan__cycle", queryset=public_cycles)
    agency = django_filters.ModelChoiceFilter(
        label="Dependencia", field_name="aspect__plan__program__agency", queryset=Agency.objects.public()
    )
    program = program_filter("aspect__plan__program")
    kind = django_filters.ChoiceFilter(label="Tipo de ASM", field_name="aspect__kind", choices=Aspect.Kind.choices)
    priority = django_filters.ChoiceFilter(
        label="Prioridad", field_name="aspect__priority", choices=Aspect.Priority.choices
    )
    status = django_filters.ChoiceFilter(label="Estado", choices=Status.choices)
    timeliness = TimelinessFilter(label="Oportunidad", choices=Timeliness.choices)

    class Meta:
        model = Activity
        fields = ["q", "year", "cycle", "agency", "program", "kind", "priority", "status", "timeliness"]


class ProgramFilter(PublicFilterSet):
    agency = django_filters.ModelChoiceFilter(label="Dependencia", queryset=Agency.objects.public())
    kind = django_filters.ChoiceFilter(label="Tipo", choices=Program.Kind.choices)

    class Meta:
        model = Program
        fields = ["agency", "kind"]
