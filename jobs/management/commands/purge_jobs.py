"""Delete finished jobs older than JOB_RESULT_HOURS and their files (celery beat runs it hourly;
without beat, run this from cron)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from jobs.services import purge_expired


class Command(BaseCommand):
    help = "Elimina los trabajos vencidos (más de JOB_RESULT_HOURS horas) y sus archivos."

    def handle(self, *args, **options) -> None:
        count = purge_expired()
        self.stdout.write(self.style.SUCCESS(f"Se eliminaron {count} trabajos vencidos."))
