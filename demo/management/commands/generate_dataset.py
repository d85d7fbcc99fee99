"""Fill an empty database with a generated dataset at demo, state or national scale.

    python manage.py generate_dataset --scale demo|state|national [--seed N] [--today AAAA-MM-DD] [--flush]

- It only fills a database without agencies, programs or cycles; otherwise it stops and says so.
  `--flush` first EMPTIES THE WHOLE DATABASE (every table, user accounts included, like
  `manage.py flush`) and then generates.
- The same seed and reference date (`--today`, by default today) give the same data.
- Everything is written in one transaction: if anything fails, nothing is left half-written.
- Accounts: `admin` (superuser), `coordinador`, and `capturista.<dependencia>` and
  `supervisor.<dependencia>` for each agency, all with the password «demo».
- On PostgreSQL rows go through COPY; the command prints the time it took.
"""

from __future__ import annotations

import time
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from aspects.progress import refresh_all
from demo.bulk import BulkWriter
from demo.generator import Generator
from demo.scales import SCALES
from programs.models import Agency, Cycle, Program


def elapsed(seconds: float) -> str:
    minutes, seconds = divmod(seconds, 60)
    return f"{int(minutes)} min {seconds:.1f} s" if minutes else f"{seconds:.1f} s"


class Command(BaseCommand):
    help = (
        "Genera datos realistas y deterministas (dependencias, programas, evaluaciones, ASM, actividades, avances, "
        "evidencias y replanteamientos) a escala demo, estatal o nacional, en una base de datos vacía."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", choices=sorted(SCALES), required=True, help="Tamaño: demo (1/100), state (1/10) o national."
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=2026,
            help="Semilla del generador (por omisión 2026): la misma semilla da los mismos datos.",
        )
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help=(
                "Fecha de referencia AAAA-MM-DD (por omisión, hoy): los periodos y las fechas de término se "
                "reparten a su alrededor."
            ),
        )
        parser.add_argument(
            "--flush",
            action="store_true",
            help="VACÍA TODA la base de datos (todas las tablas, cuentas de usuario incluidas) antes de generar.",
        )
        parser.add_argument(
            "--batch-size", type=int, default=5000, help="Filas por lote de escritura (por omisión 5000)."
        )
        parser.add_argument("--no-progress", action="store_true", help="Sin barras de avance.")

    def handle(self, *args, **options):
        scale = SCALES[options["scale"]]
        today = options["today"] or timezone.localdate()
        database = connection.settings_dict["NAME"]
        if options["flush"]:
            self.stdout.write(f"Vaciando la base de datos «{database}» (--flush)…")
            call_command("flush", interactive=False, verbosity=0)
            ContentType.objects.clear_cache()  # the flush re-created them with new ids
        else:
            self.refuse_if_filled(database)

        progress = options["verbosity"] >= 1 and not options["no_progress"]
        writer = BulkWriter(connection, batch_size=options["batch_size"], progress=progress, stream=self.stderr._out)
        generator = Generator(scale, seed=options["seed"], today=today, writer=writer, log=self.stdout.write)
        method = "COPY" if writer.copies else "INSERT por lotes"
        self.stdout.write(
            f"Generando la escala «{scale.name}» en «{database}» ({connection.vendor}, {method}), semilla "
            f"{options['seed']}, "
            f"fecha de referencia {today:%d/%m/%Y}…"
        )
        started = time.perf_counter()
        refresh_seconds = 0.0
        with transaction.atomic():
            generator.run()
            # Rows written in bulk bypass the models' saves, so the stored values come last, set-based.
            self.stdout.write("Calculando los valores derivados (avance, estado, fecha de término)…")
            refresh_started = time.perf_counter()
            refresh_all()
            refresh_seconds = time.perf_counter() - refresh_started
        committed = time.perf_counter()
        if connection.vendor == "postgresql":
            # Fresh planner statistics, so that the first benchmark does not run on guesses.
            with connection.cursor() as cursor:
                for model in writer.models:
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        finished = time.perf_counter()

        self.stdout.write("")
        for label, count in writer.counts.items():
            self.stdout.write(f"  {label:<32}{count:>12,}")
        mix = generator.timeliness_mix()
        self.stdout.write(
            "  Actividades comprometidas: " + ", ".join(f"{count:,} {name}" for name, count in mix.items())
        )
        self.stdout.write(
            "Filas generadas y escritas (con la confirmación de la transacción) en "
            f"{elapsed(committed - started - refresh_seconds)}; "
            f"valores derivados {elapsed(refresh_seconds)}; estadísticas (ANALYZE) {elapsed(finished - committed)}."
        )
        self.stdout.write(self.style.SUCCESS(f"Escala «{scale.name}» generada en {elapsed(finished - started)}."))

    def refuse_if_filled(self, database: str) -> None:
        counts = {
            "programas": Program._base_manager.count(),
            "dependencias": Agency._base_manager.count(),
            "ciclos": Cycle._base_manager.count(),
        }
        if any(counts.values()):
            found = ", ".join(f"{count:,} {name}" for name, count in counts.items() if count)
            raise CommandError(
                f"La base de datos «{database}» ya tiene datos ({found}). generate_dataset solo llena una base vacía; "
                "para generar de todos modos use --flush, que BORRA TODO su contenido (cuentas de usuario incluidas)."
            )
        ours = (
            Q(username__in=["admin", "coordinador"])
            | Q(username__startswith="capturista.")
            | Q(username__startswith="supervisor.")
        )
        taken = list(get_user_model()._default_manager.filter(ours).values_list("username", flat=True)[:5])
        if taken:
            raise CommandError(
                f"La base de datos «{database}» ya tiene las cuentas {', '.join(sorted(taken))}, que este comando "
                "crea. "
                "Use una base vacía, o --flush para borrarla por completo antes de generar."
            )
