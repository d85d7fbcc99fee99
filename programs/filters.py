import django_filters
from django.db.models import Q

from .models import Program


class ProgramFilters(django_filters.FilterSet):
    """The filters of every list of programs, staff (below) and public (`public/filters.py`); each
    adds its own."""

    tipo = django_filters.ChoiceFilter(label="Tipo", field_name="kind", choices=Program.Kind.choices)

    class Meta:
        model = Program
        fields = ["tipo"]


class ProgramFilter(ProgramFilters):
    q = django_filters.CharFilter(label="Buscar", method="search")

    class Meta(ProgramFilters.Meta):
        fields = ["tipo", "q"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(key__icontains=value) | Q(name__icontains=value) | Q(acronym__icontains=value))
