"""Daily reminders by email (meant for cron): activities due soon or overdue, to their units;
missing progress reports of a period about to close, to the agency's capturistas.

By default it enqueues a job (aspects/tasks.py) that a worker runs; --now sends from this
process and --dry-run only shows them."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from aspects.tasks import deliver, gather
from jobs.services import start_job


class Command(BaseCommand):
    help = "Envía los recordatorios diarios de actividades por vencer, vencidas y reportes de avance faltantes."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days", type=int, default=settings.DUE_SOON_DAYS, help="Días de anticipación (por omisión DUE_SOON_DAYS)."
        )
        parser.add_argument("--today", help="Fecha de referencia AAAA-MM-DD (por omisión, hoy).")
        parser.add_argument("--dry-run", action="store_true", help="Muestra los correos sin enviarlos.")
        parser.add_argument(
            "--now", action="store_true", help="Los envía desde este proceso en lugar de ponerlos en cola."
        )

    def handle(self, *args, days: int, today: str | None, dry_run: bool, now: bool, **options) -> None:
        if days < 0:
            raise CommandError("--days no puede ser negativo.")
        try:
            reference = date.fromisoformat(today) if today else timezone.localdate()
        except ValueError:
            raise CommandError(f"--today debe tener la forma AAAA-MM-DD; se recibió {today!r}.") from None
        if dry_run:
            to_units, to_capturistas, skipped = gather(today=reference, days=days)
            for reminder in to_units + to_capturistas:
                self.stdout.write(f"Para: {reminder.to}\nAsunto: {reminder.subject}\n\n{reminder.body}\n{'-' * 60}")
            verb, counts = "Se enviarían", (len(to_units), len(to_capturistas), skipped)
        elif now:
            sent = deliver(today=reference, days=days)
            verb, counts = "Se enviaron", (sent.to_units, sent.to_capturistas, sent.units_without_email)
        else:
            job = start_job(kind="aspects.reminders", params={"today": reference.isoformat(), "days": days}, by=None)
            self.stdout.write(self.style.SUCCESS(f"Recordatorios en cola (trabajo {job.pk}); un worker los enviará."))
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {counts[0]} recordatorios a unidades y {counts[1]} a capturistas "
                f"({counts[2]} unidades sin correo electrónico)."
            )
        )
