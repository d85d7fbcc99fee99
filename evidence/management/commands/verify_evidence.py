"""Check that every evidence file is where the database says, with the content it had.

    python manage.py verify_evidence
    python manage.py verify_evidence --remove-orphans [--dry-run] [--pending-minutes 60]

Reports evidence rows whose file is missing, files whose SHA-256 no longer matches the one
recorded at upload, orphan files in the evidence storage that no row points to, and uploads a
crash interrupted (`evidence.services.store` writes each file under its final name plus
`.pendiente` and moves it into place when its row commits):

- a pending file whose row was committed: the move did not happen; `--remove-orphans` makes it;
- a pending file without a row, older than `--pending-minutes`: its transaction never committed;
  `--remove-orphans` deletes it (a younger one may be an upload in progress and is left alone);
- a file under a final name without a row: its row was deleted and the process stopped before
  the file followed; `--remove-orphans` deletes it.

`--dry-run` says what `--remove-orphans` would do and does nothing. Exits with status 1 when a
problem remains, so that a cron job or a monitor can raise the alarm.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from evidence.models import STORAGE_FOLDER, Evidence
from evidence.services import PENDING_SUFFIX, move, sha256_of


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

    def add_arguments(self, parser):
        parser.add_argument(
            "--remove-orphans",
            action="store_true",
            help="Borra los archivos huérfanos y los de subidas que no se guardaron, y termina de colocar los de "
            "subidas guardadas que un fallo interrumpió.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Con --remove-orphans: muestra lo que haría, sin cambiar nada."
        )
        parser.add_argument(
            "--pending-minutes",
            type=int,
            default=60,
            help="Antigüedad mínima (minutos) de un archivo pendiente sin registro para tenerlo por abandonado; "
            "uno más reciente puede ser una subida en curso (60 por omisión).",
        )

    def handle(self, *args, remove_orphans=False, dry_run=False, pending_minutes=60, **options):
        if dry_run and not remove_orphans:
            raise CommandError("--dry-run solo tiene sentido con --remove-orphans.")
        storage = storages["evidence"]
        # The files first, the rows after: a file reaches its final name only once its row is committed,
        # so a row committed while we list is read below, and a new file is never taken for an orphan.
        files = set(stored_files(storage))
        pending = {name for name in files if name.endswith(PENDING_SUFFIX)}
        final = files - pending
        missing, altered, unfinished, known = [], [], [], set()
        rows = Evidence.objects.exclude(file="").only("pk", "file", "sha256", "original_name").order_by("pk")
        checked = 0
        for evidence in rows.iterator():
            checked += 1
            name = evidence.file.name
            known.add(name)
            if name not in final and not storage.exists(name):
                if name + PENDING_SUFFIX in pending:
                    unfinished.append(evidence)
                else:
                    missing.append(f"evidencia {evidence.pk} «{evidence.original_name}»: falta el archivo {name}")
                continue
            with storage.open(name, "rb") as handle:
                actual = sha256_of(handle)
            if actual != evidence.sha256:
                altered.append(
                    f"evidencia {evidence.pk} «{evidence.original_name}» ({name}): SHA-256 registrado "
                    f"{evidence.sha256}, actual {actual}"
                )
        orphans = sorted(name for name in final if name not in known)
        cutoff = timezone.now() - timedelta(minutes=pending_minutes)
        abandoned, in_progress = [], []
        for name in sorted(pending):
            if name.removesuffix(PENDING_SUFFIX) in known:
                continue  # unfinished, listed above
            (abandoned if storage.get_modified_time(name) <= cutoff else in_progress).append(name)

        self.stdout.write(f"Evidencias con archivo revisadas: {checked}")
        for title, problems in [
            ("Archivos faltantes", missing),
            ("Archivos alterados", altered),
            ("Archivos huérfanos", orphans),
            ("Subidas no guardadas (archivos pendientes sin registro)", abandoned),
            (
                "Subidas guardadas sin terminar de colocar",
                [f"evidencia {e.pk} «{e.original_name}»: {e.file.name}{PENDING_SUFFIX}" for e in unfinished],
            ),
        ]:
            self.stdout.write(f"{title}: {len(problems)}")
            for problem in problems:
                self.stdout.write(f"  - {problem}")
        if in_progress:
            self.stdout.write(
                f"Subidas en curso (pendientes de menos de {pending_minutes} minutos): {len(in_progress)}"
            )

        cleanable = len(orphans) + len(abandoned) + len(unfinished)
        if remove_orphans and cleanable:
            resolved = self.clean(storage, orphans, abandoned, unfinished, dry_run=dry_run)
            cleanable -= 0 if dry_run else resolved  # a dry run leaves every problem where it was
        total = len(missing) + len(altered) + cleanable
        if total:
            hint = " (--remove-orphans los resuelve)" if cleanable and (dry_run or not remove_orphans) else ""
            raise CommandError(f"Se encontraron {total} problemas de integridad en las evidencias{hint}.")
        self.stdout.write(self.style.SUCCESS("Todas las evidencias están completas e íntegras."))

    def clean(self, storage, orphans: list[str], abandoned: list[str], unfinished: list, *, dry_run: bool) -> int:
        """Resolve what a crash left; the number resolved (what would be, with dry_run)."""
        verb = "Se borraría" if dry_run else "Se borró"
        resolved = 0
        for name in orphans + abandoned:
            if Evidence.objects.filter(file=name.removesuffix(PENDING_SUFFIX)).exists():
                continue  # its row appeared since we looked: an upload that just committed
            if not dry_run:
                storage.delete(name)
            self.stdout.write(f"{verb} {name}")
            resolved += 1
        for evidence in unfinished:
            name = evidence.file.name
            if dry_run:
                self.stdout.write(f"Se movería {name}{PENDING_SUFFIX} a {name}")
                resolved += 1
                continue
            move(storage, name + PENDING_SUFFIX, name)
            with storage.open(name, "rb") as handle:
                if sha256_of(handle) != evidence.sha256:
                    self.stdout.write(f"Se movió {name}{PENDING_SUFFIX} a {name}, pero su SHA-256 no coincide")
                    continue
            self.stdout.write(f"Se movió {name}{PENDING_SUFFIX} a {name}")
            resolved += 1
        return resolved
