"""Build the open-data ZIP now, in this process (the worker rebuilds it after each
authorisation; this is for a first deploy or a cron without a worker)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from jobs.models import Status
from jobs.services import run_now
from public.published import OPEN_DATA_JOB


class Command(BaseCommand):
    help = "Genera ahora el archivo ZIP de datos abiertos (/datos/asm-tracker-datos-abiertos.zip)."

    def handle(self, *args, **options) -> None:
        job = run_now(kind=OPEN_DATA_JOB, params={}, title="Datos abiertos: archivo ZIP")
        if job.status != Status.DONE:
            raise CommandError(f"No se pudo generar el archivo: {job.error}")
        self.stdout.write(self.style.SUCCESS("Se generó el archivo de datos abiertos."))
