"""Paginators of the lists, built so that a page costs what a page holds, however long the list:

- `IdsFirstPaginator` reads a page's ids, then their rows (a deep page skips rows along an index
  instead of joining every row it skips); a page past the middle of a counted list is read from
  the list's end, in the reverse order, so that the last page skips nothing;
- `EstimatedCountPaginator` does not count a long list: on PostgreSQL it takes the planner's
  estimate of how many rows the filtered list has (`EXPLAIN`, a fraction of a millisecond), and
  counts exactly only when that estimate is under ESTIMATE_FROM rows (a count that small is
  cheap, and a short list shows its exact size), or under the lower `estimate_from` it is given
  (a search's count, which reads a row of the table per match). The page then says «unos 48,000 resultados».
  A page that comes out short, or empty past the end an estimate promised, settles the count
  exactly (see `page()`);
- `humane_page()`: a page number past the end shows the last page with a notice, instead of a 404.
"""

from __future__ import annotations

import json
import math

from django.core.paginator import EmptyPage, InvalidPage, Page, Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property

# From how many rows (by the planner's estimate) a list is not counted exactly. Under it, an exact
# COUNT reads at most some thousands of index entries.
ESTIMATE_FROM = 10_000


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
    # Whether `count` is the planner's estimate (EstimatedCountPaginator), not an exact count.
    estimated = False

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        after = self.count - top  # the rows after the page
        if not self.estimated and self.object_list.ordered and after < bottom:
            # Nearer the end than the start: skip the rows after the page, walking the order
            # backwards (the last page of 10,000 matches skips none, instead of sorting them all).
            # Rows that tie on the whole order have no order in either direction.
            backwards = self.object_list.reverse()[after : self.count - bottom]
            ids = list(backwards.values_list("pk", flat=True))[::-1]
        else:
            ids = list(self.object_list[bottom:top].values_list("pk", flat=True))
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids)}
        return self._get_page([rows[pk] for pk in ids], number, self)  # type: ignore[attr-defined]

    @property
    def rounded_count(self) -> int:
        """The count as the page words it: an estimate to two significant figures («unos 48,000»)."""
        count = self.count
        if not self.estimated or count < 100:
            return count
        step = 10 ** (int(math.log10(count)) - 1)
        return round(count / step) * step


def planner_estimate(queryset: QuerySet) -> int | None:
    """How many rows PostgreSQL's planner expects the queryset to have (None on another database)."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        (plan,) = cursor.fetchone()
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatedCountPaginator(IdsFirstPaginator):
    """Counts a long list by the planner's estimate, a short one exactly (module docstring)."""

    def __init__(self, object_list, per_page: int, *, estimate_from: int = ESTIMATE_FROM, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.estimate_from = estimate_from

    @cached_property
    def count(self) -> int:
        estimate = planner_estimate(self.object_list)
        if estimate is None or estimate < self.estimate_from:
            return self.object_list.count()
        self.estimated = True
        return estimate

    def exact(self, count: int | None = None) -> None:
        """Replace an estimate by the exact count (given, or counted now)."""
        self.__dict__["count"] = self.object_list.count() if count is None else count
        self.__dict__.pop("num_pages", None)
        self.__dict__.pop("page_range", None)
        self.estimated = False

    def validate_number(self, number) -> int:
        try:
            return super().validate_number(number)
        except EmptyPage:
            # Past the end the estimate gives: the page shown will be the last, which only an
            # exact count can place (walking to an estimated end first would cost a walk more).
            if self.estimated:
                self.exact()
            raise

    def page(self, number) -> Page:
        page = super().page(number)
        if self.estimated and len(page) < self.per_page:
            # A short page is the last one: the rows before it and its own are the whole list. An
            # empty page past the first is past the end the estimate promised: count, show the last.
            if len(page) or page.number == 1:
                self.exact((page.number - 1) * self.per_page + len(page))
                page = super().page(page.number)
            else:
                self.exact()
                page = super().page(self.num_pages)
        return page


def humane_page(paginator: Paginator, asked: str | int | None) -> Page:
    """The page asked for, or the nearest one that exists (the first for a number that is not
    one, the last past the end) with `page.notice` saying so; `notice` is empty otherwise."""
    page = paginator.get_page(asked)
    page.notice = ""  # type: ignore[attr-defined]
    if asked in (None, ""):
        return page
    try:
        number = int(asked)
    except (TypeError, ValueError):
        number = None
    if number == page.number:
        return page
    try:
        paginator.validate_number(asked)
    except InvalidPage:
        pass
    else:
        return page
    if number is not None and number > page.number:
        page.notice = (  # type: ignore[attr-defined]
            f"La página {number} no existe: esta lista tiene {paginator.num_pages} "
            f"página{'s' if paginator.num_pages != 1 else ''}. Se muestra la última."
        )
    else:
        page.notice = f"«{asked}» no es un número de página. Se muestra la primera."  # type: ignore[attr-defined]
    return page
