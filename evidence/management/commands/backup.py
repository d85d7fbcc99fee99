"""Back up the database and the evidence storage into a new folder, with a manifest.

    python manage.py backup --output /respaldos/asm-2026-12-04

See `evidence/backup.py` for what the folder holds, and README «Respaldos» for a nightly cron
and the copies kept off the server.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from evidence.backup import BackupError, backup


class Command(BaseCommand):
    help = "Respalda la base de datos y los archivos de evidencia en una carpeta nueva, con un manifiesto SHA-256."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, type=Path, help="Carpeta nueva (o vacía) para el respaldo.")

    def handle(self, *args, output: Path, **options):
        try:
            result = backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from None
        manifest = result.manifest
        total = manifest["base_de_datos"]["bytes"] + sum(entry["bytes"] for entry in manifest["archivos"])
        self.stdout.write(
            f"Base de datos ({manifest['motor']}): {manifest['base_de_datos']['archivo']}, "
            f"{sum(manifest['conteos'].values())} renglones en {len(manifest['conteos'])} tablas, "
            f"{len(manifest['esquema']['migraciones'])} migraciones aplicadas."
        )
        self.stdout.write(
            f"Archivos: {len(manifest['archivos'])} ({manifest['evidencias_con_archivo']} de evidencias)."
        )
        if result.missing:
            for name in result.missing:
                self.stdout.write(f"  - falta {name}")
            raise CommandError(
                f"El respaldo se escribió en {output}, pero faltan {len(result.missing)} archivos de evidencias que la "
                "base de datos menciona: ejecute verify_evidence."
            )
        self.stdout.write(self.style.SUCCESS(f"Respaldo completo en {output} ({filesizeformat(total)})."))
