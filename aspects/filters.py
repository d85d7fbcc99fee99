import django_filters
from django import forms
from django.db.models import Q, QuerySet

from programs.choosers import STAFF_CHOOSERS, ChooserInput
from programs.models import Agency, CutOffPeriod, Cycle, Program

from .models import Activity, Aspect, Plan
from .progress import Status, Timeliness


class TimelinessFilter(django_filters.ChoiceFilter):
    """Timeliness depends on today's date, so it is a condition on the stored progress and end
    date (`by_timeliness`), not a stored column."""

    def filter(self, queryset, value):
        return queryset.by_timeliness(value) if value else queryset


def visible_programs(request):
    return Program.objects.visible_to(request.user) if request else Program.objects.none()


def program_filter(field_name: str | None = None) -> django_filters.ModelChoiceFilter:
    """The program, chosen by searching (programs.choosers): the coordinator sees every program
    of the country, too many for a <select>."""
    return django_filters.ModelChoiceFilter(
        label="Programa",
        queryset=visible_programs,
        widget=ChooserInput(STAFF_CHOOSERS["programas"], attrs={"placeholder": "Clave o nombre"}),
        **({"field_name": field_name} if field_name else {}),
    )


class PlanFilter(django_filters.FilterSet):
    program = program_filter()
    cycle = django_filters.ModelChoiceFilter(label="Ciclo", queryset=Cycle.objects.all())

    class Meta:
        model = Plan
        fields = ["program", "cycle"]


class AspectFilter(django_filters.FilterSet):
    """Filters of the ASM list; status and timeliness filter the progress annotations."""

    q = django_filters.CharFilter(label="Buscar", method="search")
    program = program_filter("plan__program")
    cycle = django_filters.ModelChoiceFilter(label="Ciclo", field_name="plan__cycle", queryset=Cycle.objects.all())
    kind = django_filters.ChoiceFilter(label="Tipo", choices=Aspect.Kind.choices)
    priority = django_filters.ChoiceFilter(label="Prioridad", choices=Aspect.Priority.choices)
    status = django_filters.ChoiceFilter(label="Estado", choices=Status.choices)
    timeliness = TimelinessFilter(label="Oportunidad", choices=Timeliness.choices)

    class Meta:
        model = Aspect
        fields = ["q", "program", "cycle", "kind", "priority", "status", "timeliness"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(text__icontains=value) | Q(activities__description__icontains=value)).distinct()


class ActivityFilter(django_filters.FilterSet):
    program = program_filter("aspect__plan__program")
    cycle = django_filters.ModelChoiceFilter(
        label="Ciclo", field_name="aspect__plan__cycle", queryset=Cycle.objects.all()
    )
    kind = django_filters.ChoiceFilter(label="Tipo de ASM", field_name="aspect__kind", choices=Aspect.Kind.choices)
    priority = django_filters.ChoiceFilter(
        label="Prioridad", field_name="aspect__priority", choices=Aspect.Priority.choices
    )
    status = django_filters.ChoiceFilter(label="Estado", choices=Status.choices)
    timeliness = TimelinessFilter(label="Oportunidad", choices=Timeliness.choices)

    class Meta:
        model = Activity
        fields = ["program", "cycle", "kind", "priority", "status", "timeliness"]


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
