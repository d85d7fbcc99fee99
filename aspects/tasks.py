"""The daily reminders as a job: cron (or beat) enqueues them and a worker sends the emails."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from celery import shared_task
from django.core.mail import EmailMessage, get_connection

from jobs.models import Job
from jobs.services import job_task

from . import progress
from .reminders import Reminder, missing_report_reminders, unit_reminders

BATCH = 50  # emails sent over one connection between progress reports


@dataclass
class Sent:
    to_units: int
    to_capturistas: int
    units_without_email: int


def gather(*, today: date, days: int) -> tuple[list[Reminder], list[Reminder], int]:
    to_units, skipped = unit_reminders(today=today, days=days)
    return to_units, missing_report_reminders(today=today, days=days), skipped


def deliver(*, today: date, days: int, progress: Callable[[int, int], None] | None = None) -> Sent:
    """Send every reminder due on `today`; `progress(sent, total)` hears after each batch."""
    to_units, to_capturistas, skipped = gather(today=today, days=days)
    reminders = to_units + to_capturistas
    with get_connection(fail_silently=False) as connection:
        for start in range(0, len(reminders), BATCH):
            batch = reminders[start : start + BATCH]
            connection.send_messages([EmailMessage(r.subject, r.body, None, [r.to]) for r in batch])
            if progress:
                progress(start + len(batch), len(reminders))
    return Sent(len(to_units), len(to_capturistas), skipped)


def send(reminders: list[Reminder]) -> int:
    """Send reminders now, over one connection (the coordinator's «Enviar recordatorio»)."""
    with get_connection(fail_silently=False) as connection:
        return connection.send_messages([EmailMessage(r.subject, r.body, None, [r.to]) for r in reminders]) or 0


@job_task("aspects.reminders", label="Recordatorios por correo")
def send_reminders(job: Job) -> None:
    """params: today (AAAA-MM-DD) and days."""
    deliver(
        today=date.fromisoformat(job.params["today"]),
        days=job.params["days"],
        progress=lambda sent, total: job.advance(sent, total, unit="correos"),
    )


@shared_task(name="aspects.refresh_overdue", ignore_result=True)
def refresh_overdue() -> int:
    """Hourly, from celery beat: the plans' summaries whose overdue count a passing day has made
    stale are counted again, so that the home page reads them instead of recounting their ASM."""
    return progress.refresh_overdue()
