"""The filters of the public lists, shared by the pages, their downloads and the API, so that a
download or an API call gives exactly what the page shows. They are the staff lists' filters
(`aspects.filters.list_filterset`, `programs.filters.ProgramFilters`) with every choice offered
from the authorised data only (`.public()`, `programs/visibility.py`), the Spanish full-text
search."""

from __future__ import annotations

import django_filters
from django.urls import reverse_lazy

from aspects.filters import ALL_F, FilterChoices, list_filterset
from aspects.models import Activity, Aspect, Plan
from programs.choosers import Chooser, ChooserInput
from programs.filters import ProgramFilters
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


# The public lists offer what is public.
PUBLIC = FilterChoices(
    program=program_filter,
    cycles=public_cycles,
    search=search,
    years=public_years,
    agencies=Agency.objects.public(),
)
LIST_FILTERS = ["q", "anio", "ciclo", "dependencia", "programa", "tipo", "prioridad", "estado", "oportunidad"]
AspectFilter = list_filterset(Aspect, PUBLIC, LIST_FILTERS)
ActivityFilter = list_filterset(Activity, PUBLIC, LIST_FILTERS)


class ProgramFilter(ProgramFilters):
    dependencia = django_filters.ModelChoiceFilter(
        label="Dependencia", field_name="agency", queryset=Agency.objects.public(), empty_label=ALL_F
    )

    class Meta(ProgramFilters.Meta):
        fields = ["dependencia", "tipo"]
