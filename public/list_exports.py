"""Downloads of the public lists (`/asm/`, `/actividades/` with `?formato=csv|xlsx|json`).

Up to LIST_EXPORT_JOB_ROWS rows a download streams in the request (`exports.api_download`),
holding one of the client's heavy-request slots (`throttle.heavy`). A longer list is written by a
job, through the same columns and writers (`exports.write`):

- a signed-in user gets a job of their own, followed in «Mis descargas», as with a large annex;
- the public never starts work per request. One export — a list, its filters (normalised: only
  those that change the rows) and a format — at one version of the public data
  (`cache.public_version()`) is built once, by a shared job (no owner, an unguessable link), and
  then served as a stored file to everyone who asks for it. While it is being built, whoever asks
  is sent to its page, which shows the progress and then the link. The next authorisation moves
  the version, so the next request builds the export again, with the new data. A client may have
  at most PUBLIC_HEAVY_CONCURRENCY such builds (and streamed downloads) running at once; one more
  answers 429.

Whoever asked, the job reads the public rule only (`viewset.public_queryset()`): a draft never
reaches the file.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from jobs.models import Job, Status
from jobs.services import start_job
from jobs.views import SHARED_CACHE_CONTROL, result_response
from programs.filenames import download_name

from . import exports
from .api import ActivityViewSet, AspectViewSet
from .cache import public_version
from .filters import ActivityFilter, AspectFilter
from .published import RETRY_AFTER, not_ready
from .throttle import Slot, client_of, hand_over, heavy, release_for_job, too_many

LIST_EXPORT_JOB = "public.list_export"
# Two requests for the same export that arrive together start one build: the second waits this
# long at most for the first to record its job.
START_LOCK_SECONDS = 30
STARTING_RETRY_AFTER = 5


@dataclass(frozen=True)
class PublicList:
    """A public list that can be downloaded: its records are those of an API resource."""

    slug: str  # the job's parameter and the start of the file's name: «asm», «actividades»
    title: str
    viewset: type
    filterset_class: type
    order: tuple[str, ...]  # the order of the page, which its downloads keep

    def download_queryset(self) -> QuerySet:
        # The API's records (its queryset, with what its serializer reads), in the page's order.
        return self.viewset.public_queryset().order_by(*self.order)

    def filterset(self, data):
        return self.filterset_class(data or None, queryset=self.download_queryset())

    def filename(self, filterset, fmt: str) -> str:
        """Named after what it holds (`download_name`): «asm-FASSA-QRO-2017.csv»,
        «actividades-SSQ-concluido.xlsx». Filters that do not validate filter nothing, so they
        name nothing either."""
        chosen = filterset.form.cleaned_data if filterset.is_bound and filterset.is_valid() else {}
        cycle = chosen.get("ciclo")
        year = cycle.year if cycle else chosen.get("anio")
        details = [str(chosen[name]) for name in ("tipo", "prioridad", "estado", "oportunidad") if chosen.get(name)]
        if (chosen.get("q") or "").strip():
            details.append(chosen["q"].strip()[:40])
        return download_name(
            self.slug,
            agency=chosen.get("dependencia"),
            program=chosen.get("programa"),
            year=int(year) if year else None,
            details=details,
            ext=fmt,
        )

    @staticmethod
    def rows(filterset) -> QuerySet:
        """The filtered rows; filters that do not validate filter nothing (as on the page)."""
        return filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset


ASPECTS = PublicList(
    slug="asm",
    title="Aspectos susceptibles de mejora",
    viewset=AspectViewSet,
    filterset_class=AspectFilter,
    # Program key, cycle year, number: copied onto each row (aspects.progress.refresh_keys).
    order=("program_key", "cycle_year", "number"),
)
ACTIVITIES = PublicList(
    slug="actividades",
    title="Actividades",
    viewset=ActivityViewSet,
    filterset_class=ActivityFilter,
    # Program key, cycle year, ASM number, number: copied onto each row (aspects.progress.refresh_keys).
    order=("program_key", "cycle_year", "aspect_number", "number"),
)
LISTS = {public_list.slug: public_list for public_list in (ASPECTS, ACTIVITIES)}


def is_long(rows: QuerySet) -> bool:
    """More rows than LIST_EXPORT_JOB_ROWS: counted up to one past the limit, so the question
    costs the same however long the list is."""
    limit = settings.LIST_EXPORT_JOB_ROWS
    return rows.order_by()[: limit + 1].count() > limit


def normalised_filters(filterset) -> dict[str, str]:
    """The filters that change the rows, in the order the list declares them: two addresses that
    differ in anything else (the page, the order of the parameters, an empty or unknown one) are
    the same export. Filters that do not validate filter nothing, so they are the whole list."""
    if not (filterset.is_bound and filterset.is_valid()):
        return {}
    filters = {}
    for name in filterset.filters:
        value = (filterset.data.get(name) or "").strip()
        if value:
            filters[name] = value
    return filters


def describe(public_list: PublicList, filterset, filters: dict[str, str], fmt: str) -> str:
    """What the export holds, in words, for its page and «Mis descargas»."""
    shown = []
    for name, value in filters.items():
        field = filterset.form.fields[name]
        if isinstance(field, forms.ModelChoiceField):
            value = str(filterset.form.cleaned_data[name])
        elif isinstance(field, forms.ChoiceField):
            value = {str(key): label for key, label in field.choices}.get(value, value)
        else:
            value = f"«{value}»"
        shown.append(f"{field.label}: {value}")
    what = "; ".join(shown) if shown else "lista completa"
    title = f"{public_list.title} ({fmt.upper()}) · {what}"
    limit = Job._meta.get_field("title").max_length
    return title if len(title) <= limit else title[: limit - 1] + "…"


def download(request: HttpRequest, public_list: PublicList, fmt: str) -> HttpResponse:
    """A list download as the request's filters narrow it: streamed, or made by a job when long."""
    filterset = public_list.filterset(request.GET)
    rows = public_list.rows(filterset)
    if not is_long(rows):
        return heavy(
            request,
            lambda: exports.api_download(
                request,
                viewset=public_list.viewset,
                queryset=rows,
                filename=public_list.filename(filterset, fmt),
                fmt=fmt,
            ),
        )
    filters = normalised_filters(filterset)
    params = {"list": public_list.slug, "filters": filters, "fmt": fmt, "version": public_version()}
    title = describe(public_list, filterset, filters, fmt)
    if request.user.is_authenticated:
        return redirect(own_export(request.user, params, title))
    return shared_export(request, params, title)


def own_export(user, params: dict, title: str) -> Job:
    """The user's job for this export at this version: the one they asked for already (waiting,
    running or done), or a new one."""
    asked = (
        Job.objects.owned_by(user)
        .filter(kind=LIST_EXPORT_JOB, params=params)
        .exclude(status=Status.FAILED)
        .order_by("-pk")
        .first()
    )
    return asked or start_job(kind=LIST_EXPORT_JOB, params=params, by=user, title=title)


def shared_export(request: HttpRequest, params: dict, title: str) -> HttpResponse:
    """For the public: the stored file once built; the build's page while it runs (or for a
    minute after it failed, with the reason); otherwise a new build, if the client may start one."""
    built = Job.objects.shared().filter(kind=LIST_EXPORT_JOB, params=params).order_by("-pk").first()
    if built is not None:
        if built.status == Status.DONE:
            try:
                return result_response(built, cache_control=SHARED_CACHE_CONTROL)
            except Http404:
                pass  # its file is gone: build it again
        elif built.status != Status.FAILED or built.finished_at >= timezone.now() - timedelta(seconds=RETRY_AFTER):
            return redirect(built.get_shared_url())
    digest = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()
    lock = f"list-export:starting:{digest}"
    if not cache.add(lock, 1, START_LOCK_SECONDS):
        return not_ready(request, retry_after=STARTING_RETRY_AFTER)  # another request is starting this build
    try:
        slot = Slot(client_of(request))
        if not slot.acquire():
            return too_many(request)
        try:
            with transaction.atomic():  # enqueued on leaving it, once the slot is the job's
                job = start_job(kind=LIST_EXPORT_JOB, params=params, by=None, title=title, shared=True)
                hand_over(slot, job.pk)
        except BaseException:
            slot.release()
            raise
    finally:
        cache.delete(lock)
    job.refresh_from_db(fields=["status"])
    if job.status == Status.FAILED:
        release_for_job(job.pk)  # it could not be queued, so it will never free its slot
    return redirect(job.get_shared_url())
