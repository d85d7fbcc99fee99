"""Serving the public files that jobs build, and asking for them to be (re)built.

- The open-data ZIP is rebuilt after every authorisation (a short while after, so that several
  authorisations in a row cause one rebuild) and nightly.
- The annexes of a large plan (more than ANNEX_JOB_MIN_ACTIVITIES activities) are built when
  the plan, one of its progress rounds or a replanning of it is authorised.

The workflow does not import this: `programs.workflow.transitioned` is sent inside each
transition, and `rebuild_after_authorisation` registers the rebuilds for when it commits.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from jobs.models import Job, Status
from jobs.services import start_unique_job
from programs.workflow import State

from .models import PublishedFile

OPEN_DATA_KEY = "datos-abiertos"
OPEN_DATA_JOB = "public.open_data"
ANNEXES_JOB = "public.annexes"
RETRY_AFTER = 60  # seconds a client is told to wait for a file being built


def build_on_request(kind: str, params: dict, title: str) -> None:
    """A public request found no file: ask for a build, unless one is queued or running, or one
    finished (or failed) within the last RETRY_AFTER seconds. So however many anonymous
    requests arrive, they start at most one build a minute."""
    recent = timezone.now() - timedelta(seconds=RETRY_AFTER)
    asked = Job.objects.filter(kind=kind, params=params, owner=None).filter(
        Q(status__in=[Status.QUEUED, Status.RUNNING]) | Q(finished_at__gte=recent)
    )
    if not asked.exists():
        start_unique_job(kind=kind, params=params, title=title, countdown=0)


# The public annex downloads (label, format); a large plan's are built in each of them.
ANNEX_DOWNLOADS = (("PDF", "pdf"), ("XLSX", "xlsx"), ("Word (DOCX)", "docx"))
ANNEX_FORMATS = tuple(fmt for _, fmt in ANNEX_DOWNLOADS)


def annex_key(plan_id: int, table: str, period_id: int | None, fmt: str) -> str:
    return f"anexo/{plan_id}/{table}/{period_id or '-'}.{fmt}"


OPEN_DATA_TITLE = "Datos abiertos: archivo ZIP"


def annexes_title(plan_id: int) -> str:
    return f"Anexos públicos del programa de trabajo {plan_id}"


def rebuild_open_data_soon(*, countdown: float | None = None) -> Job:
    delay = settings.OPEN_DATA_REBUILD_DELAY if countdown is None else countdown
    return start_unique_job(kind=OPEN_DATA_JOB, params={}, title=OPEN_DATA_TITLE, countdown=delay)


def rebuild_public_annexes_soon(plan_id: int, *, countdown: float | None = None) -> Job:
    delay = settings.OPEN_DATA_REBUILD_DELAY if countdown is None else countdown
    return start_unique_job(kind=ANNEXES_JOB, params={"plan": plan_id}, title=annexes_title(plan_id), countdown=delay)


def plan_id_of(instance) -> int | None:
    """The plan whose annexes an authorised object changes: the plan itself, a progress round's
    plan, a replanned activity's plan. Evidence does not print in the annexes."""
    from aspects.models import ChangeRequest, Plan, ReportRound

    if isinstance(instance, Plan):
        return instance.pk
    if isinstance(instance, ReportRound):
        return instance.plan_id
    if isinstance(instance, ChangeRequest):
        return instance.activity.aspect.plan_id
    return None


def rebuild_after_authorisation(sender, instance, step, **kwargs) -> None:
    """Receiver of `transitioned`: after an authorisation commits, what the public downloads
    is rebuilt."""
    if step.to_state != State.AUTHORISED:
        return
    plan_id = plan_id_of(instance)

    def rebuild() -> None:
        from reports.tasks import is_large

        rebuild_open_data_soon()
        if plan_id is not None and is_large(plan_id):
            rebuild_public_annexes_soon(plan_id)

    transaction.on_commit(rebuild)


def serve(request: HttpRequest, published: PublishedFile) -> HttpResponse:
    """The stored file, with its ETag and Last-Modified; 304 when the client has it already."""
    last_modified = int(published.built_at.timestamp())
    headers = {
        "ETag": published.etag,
        "Last-Modified": http_date(last_modified),
        "Cache-Control": "public, max-age=300",
    }
    response = get_conditional_response(request, etag=published.etag, last_modified=last_modified)
    if response is None:
        try:
            handle = published.file.storage.open(published.file.name, "rb")
        except FileNotFoundError:
            return not_ready(request)
        response = FileResponse(
            handle, as_attachment=True, filename=published.filename, content_type=published.content_type
        )
    for name, value in headers.items():
        response[name] = value
    return response


def not_ready(request: HttpRequest, *, retry_after: int = RETRY_AFTER) -> HttpResponse:
    """503 with Retry-After: the file is being prepared."""
    body = render_to_string("public/not_ready.html", {"retry_after": retry_after}, request=request)
    return HttpResponse(body, status=503, headers={"Retry-After": str(retry_after), "Cache-Control": "no-store"})
