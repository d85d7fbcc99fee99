import django_filters

from .models import Program


class ProgramFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Buscar", method="search")

    class Meta:
        model = Program
        fields = ["kind"]

    def search(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(key__icontains=value) | Q(name__icontains=value) | Q(acronym__icontains=value))
