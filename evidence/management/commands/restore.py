"""Restore a backup made by `backup` into an empty database and an empty evidence storage.

    DATABASE_URL=… MEDIA_ROOT=… python manage.py restore /respaldos/asm-2026-12-04

Checks every file of the backup against its manifest before touching anything; refuses a
database with tables or a storage with files; restores; then compares each table's row count
with the manifest and runs verify_evidence. Exits with status 1 on any difference.
"""

from __future__ import annotations

from datetime import datetime
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from evidence import backup


class Command(BaseCommand):
    help = "Restaura un respaldo en una base de datos y una carpeta de evidencias vacías, y lo verifica."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="La carpeta que escribió «backup --output».")

    def handle(self, *args, folder: Path, **options):
        try:
            self.restore(folder)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None

    def restore(self, folder: Path) -> None:
        manifest = backup.read_manifest(folder)
        damaged = backup.damaged_files(folder, manifest)
        if damaged:
            raise backup.BackupError(
                f"El respaldo está dañado ({len(damaged)} archivos no coinciden con el manifiesto); no se restauró "
                "nada:\n  - " + "\n  - ".join(damaged[:20])
            )
        from django.db import connection

        if manifest["motor"] != connection.vendor:
            raise backup.BackupError(
                f"El respaldo es de una base de datos {manifest['motor']} y la de destino es {connection.vendor}."
            )
        unknown = backup.unknown_migrations(manifest)
        if unknown:
            raise backup.BackupError(
                "El respaldo es de una versión más nueva del sistema; actualícelo antes de restaurar. Migraciones "
                f"desconocidas: {', '.join(unknown[:10])}."
            )
        backup.check_target_is_empty()
        made = timezone.localtime(datetime.fromisoformat(manifest["creado"]))
        self.stdout.write(f"Respaldo del {made:%d/%m/%Y %H:%M} íntegro: {len(manifest['archivos'])} archivos.")
        backup.restore_database(folder, manifest)
        self.stdout.write(f"Base de datos restaurada desde {manifest['base_de_datos']['archivo']}.")
        backup.restore_files(folder, manifest)
        self.stdout.write(f"Archivos restaurados: {len(manifest['archivos'])}.")

        differences = backup.count_differences(manifest)
        for difference in differences:
            self.stdout.write(f"  - {difference}")
        verification = StringIO()
        try:
            call_command("verify_evidence", stdout=verification)
            verified = True
        except CommandError:
            verified = False
        self.stdout.write(verification.getvalue().rstrip())
        pending = backup.pending_migrations(manifest)
        if pending:
            self.stdout.write(
                f"El código tiene {len(pending)} migraciones que el respaldo no tenía aplicadas: ejecute "
                "«python manage.py migrate»."
            )
        if differences or not verified:
            raise CommandError(
                "La restauración terminó, pero no coincide con el respaldo: "
                + "; ".join(
                    ([f"{len(differences)} tablas con otro número de renglones"] if differences else [])
                    + (["verify_evidence encontró problemas"] if not verified else [])
                )
                + "."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Restauración verificada: {len(manifest['conteos'])} tablas con los mismos renglones que el respaldo "
                "y todas las evidencias íntegras."
            )
        )
