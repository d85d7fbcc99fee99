"""Check the stored derived values (progress, status, an ASM's end date) against a computation
from scratch with the one definition in aspects/progress.py.

    python manage.py verify_progress          # lists differences, exits 1 if there are any
    python manage.py verify_progress --fix    # then recomputes every stored value

Nothing should ever differ: every change that moves a value refreshes it in its own
transaction. A difference means a write went around the models (raw SQL, a bulk update), and
the command says where.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from aspects import progress


class Command(BaseCommand):
    help = (
        "Verifica los valores derivados guardados (avance, estado, fecha de término del ASM) "
        "contra un cálculo desde cero."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fix",
            action="store_true",
            help="Recalcula todos los valores guardados después de listar las diferencias.",
        )
        parser.add_argument("--limit", type=int, default=50, help="Diferencias a listar como máximo (50 por omisión).")

    def handle(self, *args, fix: bool = False, limit: int = 50, **options):
        found = progress.differences(limit=limit)
        for line in found:
            self.stdout.write(line)
        if fix and found:
            progress.refresh_all()
            self.stdout.write(self.style.SUCCESS("Valores derivados recalculados."))
            return
        if found:
            more = " (o más)" if len(found) >= limit else ""
            raise CommandError(f"{len(found)}{more} valores derivados difieren de su cálculo.")
        self.stdout.write(self.style.SUCCESS("Los valores derivados guardados coinciden con su cálculo."))
