from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet


class CountedPaginator(Paginator):
    """A paginator given its count, for a page that has already summed it (a summary per group
    beside the list), so that the list is not counted a second time."""

    def __init__(self, object_list, per_page: int, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = count

    @property
    def count(self) -> int:
        return self.known_count


class IdsFirstPaginator(Paginator):
    """Reads a page in two steps: the ids of the page's rows, then those rows with their joins,
    annotations and prefetches. A page deep into a long list (OFFSET 100,000) then skips rows
    by walking an index of ids, instead of joining every row it skips."""

    object_list: QuerySet  # it pages querysets only: it reads their ids first

    # Paginator.page() builds each Page through this hook; django-stubs leave the private method out.
    def _get_page(self, object_list, number: int, paginator: Paginator):
        ids = list(object_list.values_list("pk", flat=True))
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids)}
        return super()._get_page([rows[pk] for pk in ids], number, paginator)  # type: ignore[misc]
