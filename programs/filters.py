import django_filters
from django.db.models import Q

from .models import Program


class ProgramFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Buscar", method="search")

    class Meta:
        model = Program
        fields = ["kind"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(key__icontains=value) | Q(name__icontains=value) | Q(acronym__icontains=value))
