"""Starting, running and purging jobs.

An app declares a kind of job in its `tasks.py`:

    @job_task("reports.annex", label="Anexo")
    def build_annex(job: Job) -> None:
        ...                      # job.params, job.advance(done, total), job.store_result(...)
        raise JobFailed("El programa de trabajo ya no existe.")   # shown to the user as is

and a view, a command or a hook starts one with `start_job(kind=..., params=..., by=...)`: the
row is created at once and the task enqueued when the transaction commits, so the worker always
finds the row. The worker moves it en cola → en proceso → terminado (or fallido, with a reason in
Spanish). A request never runs the work itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from celery import Task, shared_task
from django.db import transaction
from django.utils import timezone

from .models import Job, Status

logger = logging.getLogger(__name__)

UNEXPECTED = (
    "Ocurrió un error inesperado al preparar el archivo. Intente de nuevo; si vuelve a ocurrir, avise al administrador."
)
NOT_QUEUED = (
    "No se pudo poner en cola: el servicio de trabajos en segundo plano no responde. Intente de nuevo más tarde."
)


class JobFailed(Exception):
    """A failure the user should read: its message (in Spanish) becomes the job's reason."""


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    work: Callable[[Job], None]
    task: Task  # the Celery task that runs it


KINDS: dict[str, Kind] = {}


def job_task(name: str, *, label: str) -> Callable[[Callable[[Job], None]], object]:
    """Declare a kind of job; the function does the work on the Job it is given."""

    def declare(work: Callable[[Job], None]):
        @shared_task(name=f"jobs.run.{name}", ignore_result=True)
        def run(job_id: int) -> None:
            run_job(job_id, work)

        run.__doc__ = work.__doc__
        KINDS[name] = Kind(name, label, work, run)
        return run

    return declare


def start_job(
    *, kind: str, params: dict, by, title: str = "", countdown: float | None = None, shared: bool = False
) -> Job:
    """Record a job of `kind` for `by` (None: a system job) and enqueue it once the current
    transaction commits. `shared`: a system job whose page, progress and file anyone with its
    link may see (`Job.get_shared_url()`)."""
    if kind not in KINDS:
        raise ValueError(f"Unknown job kind {kind!r}; declare it with @job_task in a tasks.py.")
    if shared and by is not None:
        raise ValueError("Only a system job (by=None) is shared by link; a user's job is theirs alone.")
    job = Job(owner=by, kind=kind, params=params, title=title or KINDS[kind].label)
    if shared:
        job.share()
    job.save()
    transaction.on_commit(lambda: enqueue(job, countdown=countdown))
    return job


def run_now(*, kind: str, params: dict, by=None, title: str = "") -> Job:
    """Record a job and run it in this process, as the worker would (for a management command
    asked to do the work at once, never for a request)."""
    if kind not in KINDS:
        raise ValueError(f"Unknown job kind {kind!r}; declare it with @job_task in a tasks.py.")
    job = Job.objects.create(owner=by, kind=kind, params=params, title=title or KINDS[kind].label)
    run_job(job.pk, KINDS[kind].work)
    job.refresh_from_db()
    return job


def start_unique_job(*, kind: str, params: dict, by=None, title: str = "", countdown: float | None = None) -> Job:
    """Like `start_job`, unless the same job (kind, parameters, owner) is already waiting in
    the queue: that one has not read anything yet, so it covers this request too. This is the
    debounce of the rebuilds after each authorisation, and a second click on a download."""
    waiting = Job.objects.filter(kind=kind, params=params, owner=by, status=Status.QUEUED).order_by("pk").first()
    if waiting is not None:
        return waiting
    return start_job(kind=kind, params=params, by=by, title=title, countdown=countdown)


def enqueue(job: Job, *, countdown: float | None = None) -> None:
    try:
        KINDS[job.kind].task.apply_async(args=[job.pk], countdown=countdown)
    except Exception:
        # The request that asked must not turn into an error page because the broker is down;
        # the job says why it will not run.
        logger.exception("No se pudo encolar el trabajo %s (%s).", job.pk, job.kind)
        Job.objects.filter(pk=job.pk, status=Status.QUEUED).update(
            status=Status.FAILED, error=NOT_QUEUED, finished_at=timezone.now()
        )


def run_job(job_id: int, work: Callable[[Job], None]) -> None:
    """What the worker does with a message: claim the row, do the work, record the outcome."""
    # The claim is one UPDATE: a message delivered twice (or for a purged job) does nothing.
    claimed = Job.objects.filter(pk=job_id, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        logger.info("Job %s is no longer queued; message skipped.", job_id)
        return
    job = Job.objects.get(pk=job_id)
    try:
        work(job)
    except JobFailed as failure:
        finish(job, Status.FAILED, error=str(failure))
    except Exception:
        logger.exception("Job %s (%s) failed.", job.pk, job.kind)
        finish(job, Status.FAILED, error=UNEXPECTED)
    else:
        finish(job, Status.DONE)


def finish(job: Job, status: str, *, error: str = "") -> None:
    job.status, job.error, job.finished_at = status, error, timezone.now()
    if status == Status.DONE and job.total is not None:
        job.done = job.total
    job.save(
        update_fields=[
            "status",
            "error",
            "finished_at",
            "done",
            "total",
            "unit",
            "result",
            "result_name",
            "result_type",
            "result_size",
        ]
    )
    if status == Status.FAILED:
        job.delete_file()  # a half-written file helps nobody


def purge_expired(*, now: datetime | None = None) -> int:
    """Delete the jobs kept longer than JOB_RESULT_HOURS, and their files. Returns how many."""
    count = 0
    for job in Job.objects.expired(now=now).iterator():
        job.delete()
        job.delete_file()
        count += 1
    return count
