"""Storing evidence: a step that writes rows and files together, for the upload pages and the
demo loader alike. The forms only validate (`checks.inspect_upload`) and build the rows."""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable

from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage
from django.db import transaction

from programs.workflow import display_name
from sheets.cells import neutralised_csv

from .checks import ACCEPTED
from .models import Evidence

logger = logging.getLogger(__name__)

# The extension a file of each accepted content type is stored with (a .jpeg is stored as .jpg).
STORED_EXTENSION = {file_type.content_type: file_type.extension for file_type in ACCEPTED.values()}


def store(rows: list[tuple[Evidence, File | None]], *, by) -> list[Evidence]:
    """Save the rows and their files, all or nothing, and flag content already uploaded to the
    same activity or evaluation (or twice in this upload). A row with a file carries what the
    checks found (`content_type`, `sha256`): the file is stored under a server-made name with
    its type's extension.

    Each file is written first under its final name plus `PENDING_SUFFIX` and moved into place once
    the transaction commits. So a file is under its final name only if its row was committed: a
    crash before the commit leaves a pending file and no row (`verify_evidence --remove-orphans`
    removes it), a crash between the commit and the move a row and its pending file (the same
    command moves it into place); a failure inside this function removes what it wrote."""
    pending: list[tuple[Storage, str, str]] = []
    try:
        with transaction.atomic():
            seen: dict[str, Evidence] = {}
            for evidence, upload in rows:
                evidence.uploaded_by, evidence.uploaded_by_name = by, display_name(by)
                if upload:
                    evidence.duplicate_of = seen.get(evidence.sha256) or same_content(evidence)
                    pending.append(_write_pending(evidence, upload))
                evidence.save()
                if evidence.sha256:
                    seen.setdefault(evidence.sha256, evidence)
    except BaseException:
        for storage, temporary, _ in pending:
            storage.delete(temporary)
        raise
    when_committed(lambda: put_in_place(pending))
    return [evidence for evidence, _ in rows]


PENDING_SUFFIX = ".pendiente"


def _write_pending(evidence: Evidence, upload: File) -> tuple[Storage, str, str]:
    field = evidence.file.field
    final = field.generate_filename(evidence, f"archivo.{STORED_EXTENSION[evidence.content_type]}")
    storage = evidence.file.storage
    temporary = storage.save(final + PENDING_SUFFIX, upload, max_length=field.max_length)
    if temporary != final + PENDING_SUFFIX:  # the name is a fresh UUID: taken means something is wrong
        storage.delete(temporary)
        raise RuntimeError(f"El nombre {final} ya estaba ocupado en el almacenamiento de evidencias.")
    evidence.file.name = final
    return storage, temporary, final


def when_committed(callback: Callable[[], None]) -> None:
    """Run `callback` once the caller's transaction commits, at once outside one. (The tests
    replace it so that their own wrapping transaction, never committed, does not count.)"""
    transaction.on_commit(callback)


def put_in_place(pending: list[tuple[Storage, str, str]]) -> None:
    for storage, temporary, final in pending:
        try:
            move(storage, temporary, final)
        except OSError:
            logger.exception(
                "No se pudo mover %s a %s; ejecute verify_evidence --remove-orphans para terminar.", temporary, final
            )


def move(storage: Storage, source: str, target: str) -> None:
    """Rename a stored file: atomic on a local disk; copied and deleted on object storage."""
    if isinstance(storage, FileSystemStorage):
        os.replace(storage.path(source), storage.path(target))
        return
    with storage.open(source, "rb") as handle:
        saved = storage.save(target, handle)
    if saved != target:
        raise OSError(f"El almacenamiento guardó {source} como {saved} en lugar de {target}.")
    storage.delete(source)


def same_content(evidence: Evidence) -> Evidence | None:
    others = Evidence.objects.filter(sha256=evidence.sha256)
    if evidence.report is not None:
        others = others.filter(report__activity_id=evidence.report.activity_id)
    else:
        assert evidence.evaluation_id is not None, "evidence hangs on a report or an evaluation"
        others = others.filter(evaluation_id=evidence.evaluation_id)
    return others.order_by("pk").first()


def sha256_of(file: File) -> str:
    """The SHA-256 of an upload or a stored file, read in chunks; the file is left at its start."""
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


# Downloads. The stored file is the agency's document exactly as uploaded: its SHA-256 is what
# verify_evidence checks, what flags duplicates and what a backup carries. What a download serves may
# differ from it in one way: a CSV whose cells a spreadsheet would run as formulas (= + - @) is served
# with those cells made text, by the rule of the project's own CSVs (`sheets.cells`). Done when serving,
# not when storing, so that the record of what was uploaded stays whole.


def served_content(evidence: Evidence) -> bytes | None:
    """The bytes a download of this evidence serves when they are not the stored file's, else None."""
    if not evidence.content_type.startswith("text/csv"):
        return None
    with evidence.file.open("rb") as handle:
        stored = handle.read()
    served = neutralised_csv(stored)
    return None if served == stored else served


def served_sha256(evidence: Evidence) -> str:
    """The SHA-256 of what a download serves. Content never changes under a SHA-256, so the answer
    for a CSV is kept in the cache under the stored file's hash."""
    if not evidence.content_type.startswith("text/csv"):
        return evidence.sha256
    key = f"evidencia-descarga-sha256:{evidence.sha256}"
    found = cache.get(key)
    if found is None:
        served = served_content(evidence)
        found = hashlib.sha256(served).hexdigest() if served is not None else evidence.sha256
        cache.set(key, found, None)
    return found
