"""Tasks of the job system itself."""

from __future__ import annotations

from celery import shared_task

from .services import purge_expired


@shared_task(name="jobs.purge", ignore_result=True)
def purge_jobs() -> int:
    """Hourly, from celery beat: expired downloads and their files go."""
    return purge_expired()
