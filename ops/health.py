"""`GET /salud/`: is this instance able to serve? For a load balancer, a container's health check or a
monitor. It asks the database for one row and the evidence storage for its top folder, nothing else,
so it costs about as much as a static file; it needs no account and is never cached."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from django.core.files.storage import FileSystemStorage, storages
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

log = logging.getLogger("asm.health")


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        log.exception("Salud: la base de datos no responde")
        return False


def storage_ok() -> bool:
    """Evidence and the jobs' files can be written: on disk, the folder exists and is writable (a missing
    mount is a failure, not a folder to create); elsewhere (S3), its top folder can be listed."""
    storage = storages["evidence"]
    try:
        if isinstance(storage, FileSystemStorage):
            location = Path(storage.location)
            return location.is_dir() and os.access(location, os.W_OK | os.X_OK)
        storage.listdir("")
        return True
    except Exception:
        log.exception("Salud: el almacenamiento de evidencias no responde")
        return False


def _word(ok: bool) -> str:
    return "ok" if ok else "falla"


@require_safe
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    database, storage = database_ok(), storage_ok()
    healthy = database and storage
    # What failed, not why: the reason is in the log, and this answer is public.
    body = {"estado": _word(healthy), "base_de_datos": _word(database), "almacenamiento": _word(storage)}
    return JsonResponse(body, status=200 if healthy else 503, json_dumps_params={"ensure_ascii": False})
