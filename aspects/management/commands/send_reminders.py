"""Daily reminders by email (meant for cron): activities due soon or overdue, to their units;
missing progress reports of a period about to close, to the agency's capturistas."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import send_mass_mail
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from aspects.reminders import missing_report_reminders, unit_reminders


class Command(BaseCommand):
    help = "Envía los recordatorios diarios de actividades por vencer, vencidas y reportes de avance faltantes."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=settings.DUE_SOON_DAYS, help="Días de anticipación (por omisión DUE_SOON_DAYS).")
        parser.add_argument("--today", help="Fecha de referencia AAAA-MM-DD (por omisión, hoy).")
        parser.add_argument("--dry-run", action="store_true", help="Muestra los correos sin enviarlos.")

    def handle(self, *args, days: int, today: str | None, dry_run: bool, **options) -> None:
        if days < 0:
            raise CommandError("--days no puede ser negativo.")
        try:
            reference = date.fromisoformat(today) if today else timezone.localdate()
        except ValueError:
            raise CommandError(f"--today debe tener la forma AAAA-MM-DD; se recibió {today!r}.") from None
        to_units, skipped = unit_reminders(today=reference, days=days)
        to_capturistas = missing_report_reminders(today=reference, days=days)
        reminders = to_units + to_capturistas
        if dry_run:
            for reminder in reminders:
                self.stdout.write(f"Para: {reminder.to}\nAsunto: {reminder.subject}\n\n{reminder.body}\n{'-' * 60}")
        else:
            send_mass_mail([(r.subject, r.body, None, [r.to]) for r in reminders], fail_silently=False)
        verb = "Se enviarían" if dry_run else "Se enviaron"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {len(to_units)} recordatorios a unidades y {len(to_capturistas)} a capturistas "
                f"({skipped} unidades sin correo electrónico)."
            )
        )
