from collections.abc import Callable, Sequence
from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from programs.choosers import STAFF_CHOOSERS, ChooserInput
from programs.models import Agency, CutOffPeriod, Cycle, Program

from . import home
from .models import Activity, Aspect, Plan
from .progress import Status, Timeliness


class TimelinessFilter(django_filters.ChoiceFilter):
    """Timeliness depends on today's date, so it is a condition on the stored progress and end
    date (`by_timeliness`), not a stored column."""

    def filter(self, queryset, value):
        return queryset.by_timeliness(value) if value else queryset


def visible_programs(request):
    return Program.objects.visible_to(request.user) if request else Program.objects.none()


def program_filter(field_name: str) -> django_filters.ModelChoiceFilter:
    """The program, chosen by searching (programs.choosers): the coordinator sees every program
    of the country, too many for a <select>."""
    return django_filters.ModelChoiceFilter(
        label="Programa",
        field_name=field_name,
        queryset=visible_programs,
        widget=ChooserInput(STAFF_CHOOSERS["programas"], attrs={"placeholder": "Clave o nombre"}),
    )


class SearchFilter(django_filters.CharFilter):
    """The search box, searching as the list's side says (`FilterChoices.search`)."""

    def __init__(self, *args, search: Callable[[QuerySet, str], QuerySet], **kwargs):
        super().__init__(*args, **kwargs)
        self.search = search

    def filter(self, queryset: QuerySet, value: str) -> QuerySet:
        return self.search(queryset, value) if value and value.strip() else queryset


@dataclass(frozen=True)
class FilterChoices:
    """What a side of the lists, staff or public, puts into the shared filters: where the choices
    come from and how the search box searches. A choice
    source is a queryset or a callable of the request, as django-filter takes them."""

    program: Callable[[str], django_filters.Filter]  # the program filter, over a path to the program
    cycles: QuerySet | Callable
    search: Callable[[QuerySet, str], QuerySet]
    years: Callable[[], list[tuple[int, int]]] | None = None
    agencies: QuerySet | Callable | None = None


# No choice reads «Todos» or «Todas», agreeing with the filter's noun (la dependencia, la
# prioridad, la oportunidad), on the staff and the public lists alike.
ALL, ALL_F = "Todos", "Todas"

# From each listed model, the path to its plan and to its ASM (an activity keeps a copy of its
# ASM's plan: aspects.progress.refresh_keys).
PATHS = {Plan: ("", None), Aspect: ("plan__", ""), Activity: ("plan__", "aspect__")}
# The filters that read a copy on the row instead of a joined table (aspects.progress.refresh_keys).
COPIES: dict[type, dict[str, str]] = {
    Aspect: {"anio": "cycle_year", "dependencia": "program_agency"},
    Activity: {"anio": "cycle_year", "dependencia": "program_agency", "tipo": "aspect_kind"},
}


def list_filterset(
    model: type[Plan | Aspect | Activity], choices: FilterChoices, names: Sequence[str]
) -> type[django_filters.FilterSet]:
    """The filterset of a list of plans, ASM or activities with the filters `names`, in that order.
    Every such list is filtered by one made here: the staff lists (below), the public lists, their
    downloads and the API (`public/filters.py`). The names are the query parameters
    (`programs/params.py`); status and timeliness filter the stored progress."""
    plan, aspect = PATHS[model]
    copies = COPIES.get(model, {})
    filters: dict[str, Callable[[], django_filters.Filter]] = {
        "q": lambda: SearchFilter(label="Buscar", search=choices.search),
        "anio": lambda: django_filters.ChoiceFilter(
            label="Año", field_name=copies.get("anio", f"{plan}cycle__year"), choices=choices.years, empty_label=ALL
        ),
        "ciclo": lambda: django_filters.ModelChoiceFilter(
            label="Ciclo", field_name=f"{plan}cycle", queryset=choices.cycles, empty_label=ALL
        ),
        "dependencia": lambda: django_filters.ModelChoiceFilter(
            label="Dependencia",
            field_name=copies.get("dependencia", f"{plan}program__agency"),
            queryset=choices.agencies,
            empty_label=ALL_F,
        ),
        "programa": lambda: choices.program(f"{plan}program"),
        "tipo": lambda: django_filters.ChoiceFilter(
            label="Tipo de ASM" if aspect else "Tipo",
            field_name=copies.get("tipo", f"{aspect}kind"),
            choices=Aspect.Kind.choices,
            empty_label=ALL,
        ),
        "prioridad": lambda: django_filters.ChoiceFilter(
            label="Prioridad", field_name=f"{aspect}priority", choices=Aspect.Priority.choices, empty_label=ALL_F
        ),
        "estado": lambda: django_filters.ChoiceFilter(
            label="Estado", field_name="status", choices=Status.choices, empty_label=ALL
        ),
        "oportunidad": lambda: TimelinessFilter(label="Oportunidad", choices=Timeliness.choices, empty_label=ALL_F),
    }
    meta = type("Meta", (), {"model": model, "fields": list(names)})
    return type(
        f"{model.__name__}Filter",
        (django_filters.FilterSet,),
        {"Meta": meta, **{name: filters[name]() for name in names}},
    )


def contains(queryset: QuerySet[Aspect], value: str) -> QuerySet[Aspect]:
    """The staff search of ASM: the words as typed, in the ASM's text or an activity's."""
    return queryset.filter(Q(text__icontains=value) | Q(activities__description__icontains=value)).distinct()


# The staff lists offer what the user may see.
STAFF = FilterChoices(program=program_filter, cycles=Cycle.objects.all(), search=contains)
PlanFilter = list_filterset(Plan, STAFF, ["programa", "ciclo"])
AspectFilter = list_filterset(Aspect, STAFF, ["q", "programa", "ciclo", "tipo", "prioridad", "estado", "oportunidad"])


class ReportableFilter(django_filters.ChoiceFilter):
    """Whether an activity can still take a progress report: an authorised plan's activity whose
    cycle has no cut-off period open cannot (the home counts those apart)."""

    def filter(self, queryset, value):
        if value == "si":
            return home.actionable(queryset)
        if value == "no":
            return home.beyond_reporting(queryset)
        return queryset


_ActivityFilter = list_filterset(Activity, STAFF, ["programa", "ciclo", "tipo", "prioridad", "estado", "oportunidad"])


class ActivityFilter(_ActivityFilter):  # type: ignore[valid-type,misc]
    periodo_abierto = ReportableFilter(
        label="Periodo de corte abierto",
        choices=[("si", "Sí o en elaboración"), ("no", "No: ya no reciben avance")],
        empty_label=ALL,
    )


class MissingReportFilter(forms.Form):
    """The filters of the coordinator's page of missing reports: one open cut-off period at a
    time (the one that closes first by default) and, optionally, one agency."""

    periodo = forms.ModelChoiceField(
        label="Periodo de corte",
        queryset=CutOffPeriod.objects.none(),
        required=False,
        empty_label="El que cierra primero",
    )
    dependencia = forms.ModelChoiceField(
        label="Dependencia", queryset=Agency.objects.order_by("name"), required=False, empty_label="Todas"
    )

    def __init__(self, *args, periods: QuerySet[CutOffPeriod], **kwargs):
        super().__init__(*args, **kwargs)
        period = self.fields["periodo"]
        assert isinstance(period, forms.ModelChoiceField)
        period.queryset = periods
