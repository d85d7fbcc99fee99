"""Check that every evidence file is where the database says, with the content it had.

    python manage.py verify_evidence

Reports evidence rows whose file is missing, files whose SHA-256 no longer matches the one
recorded at upload, and orphan files in the evidence storage that no row points to. Exits
with status 1 when it finds any, so that a cron job or a monitor can raise the alarm.
"""

from __future__ import annotations

from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError

from evidence.models import STORAGE_FOLDER, Evidence
from evidence.services import sha256_of


def stored_files(storage, folder: str = STORAGE_FOLDER):
    """Every file under `folder` of the storage, recursively."""
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from stored_files(storage, f"{folder}/{directory}")


class Command(BaseCommand):
    help = "Verifica la integridad de las evidencias: archivos faltantes, alterados (SHA-256) y huérfanos."

    def handle(self, *args, **options):
        storage = storages["evidence"]
        missing, altered, known = [], [], set()
        rows = Evidence.objects.exclude(file="").only("pk", "file", "sha256", "original_name").order_by("pk")
        checked = 0
        for evidence in rows.iterator():
            checked += 1
            name = evidence.file.name
            known.add(name)
            if not storage.exists(name):
                missing.append(f"evidencia {evidence.pk} «{evidence.original_name}»: falta el archivo {name}")
                continue
            with storage.open(name, "rb") as handle:
                actual = sha256_of(handle)
            if actual != evidence.sha256:
                altered.append(
                    f"evidencia {evidence.pk} «{evidence.original_name}» ({name}): SHA-256 registrado "
                    f"{evidence.sha256}, actual {actual}"
                )
        orphans = sorted(name for name in stored_files(storage) if name not in known)

        self.stdout.write(f"Evidencias con archivo revisadas: {checked}")
        for title, problems in [
            ("Archivos faltantes", missing),
            ("Archivos alterados", altered),
            ("Archivos huérfanos", orphans),
        ]:
            self.stdout.write(f"{title}: {len(problems)}")
            for problem in problems:
                self.stdout.write(f"  - {problem}")
        total = len(missing) + len(altered) + len(orphans)
        if total:
            raise CommandError(f"Se encontraron {total} problemas de integridad en las evidencias.")
        self.stdout.write(self.style.SUCCESS("Todas las evidencias están completas e íntegras."))
