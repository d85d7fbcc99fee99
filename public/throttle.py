"""At most PUBLIC_HEAVY_CONCURRENCY heavy requests at once per client (annex PDF/XLSX, list
downloads): one more answers 429 with Retry-After. Counted in the cache (shared by every
process when CACHE_URL points at Redis), so a client cannot tie up every worker process.

A slot is held until the response is closed, so a streamed download counts for as long as it
streams. A list export too long for a request is built by a job instead: the anonymous client
who starts that build hands its slot over to the job (`hand_over`), which frees it when it ends
(`release_for_job`), so a client cannot queue more builds at once than it may run downloads. A
slot left by a process that died, or by a job that never ran, expires after SLOT_SECONDS.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

SLOT_SECONDS = 600
RETRY_AFTER = 10


def client_of(request: HttpRequest) -> str:
    if settings.USE_X_FORWARDED_FOR:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]  # the address our proxy saw; earlier ones the client may have made up
    return request.META.get("REMOTE_ADDR", "")


class Slot:
    """One heavy request in flight for a client."""

    def __init__(self, client: str):
        self.key = f"heavy-requests:{client}"
        self.held = False

    def acquire(self) -> bool:
        cache.add(self.key, 0, SLOT_SECONDS)
        try:
            count = cache.incr(self.key)
        except ValueError:  # expired between add and incr
            cache.add(self.key, 1, SLOT_SECONDS)
            count = 1
        if count > settings.PUBLIC_HEAVY_CONCURRENCY:
            self._decrement()
            return False
        self.held = True
        return True

    def release(self) -> None:
        if self.held:
            self.held = False
            self._decrement()

    def _decrement(self) -> None:
        _decrement(self.key)


def _decrement(key: str) -> None:
    try:
        cache.decr(key)
    except ValueError:
        pass  # already expired


def _job_key(job_id: int) -> str:
    return f"heavy-requests:job:{job_id}"


def hand_over(slot: Slot, job_id: int) -> None:
    """The held `slot` stays taken after the response, until the job `job_id` ends."""
    cache.set(_job_key(job_id), slot.key, SLOT_SECONDS)
    slot.held = False  # closing the response no longer frees it


def release_for_job(job_id: int) -> None:
    """Free the slot handed over to the job, if any (the worker calls it when the job ends)."""
    key = cache.get(_job_key(job_id))
    if key is not None:
        cache.delete(_job_key(job_id))
        _decrement(key)


def too_many(request: HttpRequest) -> HttpResponse:
    body = render_to_string("public/too_many.html", {"retry_after": RETRY_AFTER}, request=request)
    return HttpResponse(body, status=429, headers={"Retry-After": str(RETRY_AFTER), "Cache-Control": "no-store"})


def heavy(request: HttpRequest, respond: Callable[[], HttpResponse]) -> HttpResponse:
    """`respond()` if the client has a free slot, else 429."""
    slot = Slot(client_of(request))
    if not slot.acquire():
        return too_many(request)
    try:
        response = respond()
    except BaseException:
        slot.release()
        raise
    # Released when the server closes the response: after the last byte of a stream.
    response._resource_closers.append(slot.release)
    return response
