"""Caching of the public section on the version of the public data.

Public data changes only when something is authorised, so the version is the id of the latest
authorisation (one read of an index). A cached page or count is kept under that version: the
next authorisation moves it, and the very next request computes the page again, with the new
data. A draft never reaches the cache, because nothing cached was read from anything but the
public rule. Changes that are not authorisations (an agency renamed in the admin) show once the
entry expires (`PUBLIC_CACHE_SECONDS`).

The cache is Redis when `CACHE_URL` is set, otherwise files under `var/cache/`, which every
process of one machine shares (settings.CACHES).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.utils.functional import cached_property

from programs.pagination import EstimatedCountPaginator
from programs.workflow import State, Transition


def public_version() -> int:
    return Transition.objects.filter(to_state=State.AUTHORISED).aggregate(latest=Max("pk"))["latest"] or 0


def _key(kind: str, text: str) -> str:
    return f"public:{kind}:{public_version()}:{hashlib.sha256(text.encode()).hexdigest()}"


def cached_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a public page from the cache while the public data has not changed.

    A public page is the same for everyone at one address (its templates show no account), so
    one copy serves all; the address is the whole URL, host included, because a feed's links
    carry it. Only complete 200 answers: a 404 costs little, and a streamed download is never
    held in memory.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        key = _key("page", request.build_absolute_uri())
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming and not getattr(response, "file_to_stream", None):
                cache.set(key, response, settings.PUBLIC_CACHE_SECONDS)
        return response

    return wrapper


class CachedCountPaginator(EstimatedCountPaginator):
    """A paginator that counts a filtered list once per version of the public data, instead of
    counting it on every page of it, and reads a page's ids before its rows. A long list's count
    is the planner's estimate (programs.pagination), kept with the cache as such."""

    def __init__(self, object_list, per_page: int, *, count_key: str, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self) -> int:
        key = _key("count", self.count_key)
        cached = cache.get(key)
        if not isinstance(cached, tuple):  # not cached yet (or a bare count an older release cached)
            cached = (super().count, self.estimated)
            cache.set(key, cached, settings.PUBLIC_CACHE_SECONDS)
        count, self.estimated = cached
        return count

    def exact(self, count: int | None = None) -> None:
        super().exact(count)
        cache.set(_key("count", self.count_key), (self.count, False), settings.PUBLIC_CACHE_SECONDS)
