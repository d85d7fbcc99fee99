from __future__ import annotations

from django.core.paginator import Paginator


class CountedPaginator(Paginator):
    """A paginator given its count, for a page that has already summed it (a summary per group
    beside the list), so that the list is not counted a second time."""

    def __init__(self, object_list, per_page: int, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = count

    @property
    def count(self) -> int:
        return self.known_count
