"""The bulk download of the open data: a ZIP with one CSV per API resource (same records, same
field names), written by the project's one CSV writer into a temporary file, so that its memory
does not grow with the data."""

from __future__ import annotations

import tempfile
import zipfile
from typing import BinaryIO

from django.http import FileResponse, HttpRequest
from django.utils import timezone
from django.views.decorators.http import require_safe

from reports.writers.csv import write_rows

from .api import router
from .exports import CHUNK_SIZE, api_columns, labels, values

FILENAME = "asm-tracker-datos-abiertos.zip"


def write_zip(out: BinaryIO, request: HttpRequest | None = None) -> None:
    """Every resource of the API as `<resource>.csv` (UTF-8 with BOM), from the same public
    querysets and serializers."""
    now = timezone.localtime()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for prefix, viewset, _ in router.registry:
            columns = api_columns(viewset.serializer_class(context={"request": request}), typed=True)
            objects = viewset.public_queryset().iterator(chunk_size=CHUNK_SIZE)
            info = zipfile.ZipInfo(f"{prefix}.csv", date_time=now.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w") as member:
                write_rows(labels(columns), values(columns, objects), member)


@require_safe
def bulk_download(request: HttpRequest) -> FileResponse:
    output = tempfile.TemporaryFile()
    write_zip(output, request)
    output.seek(0)
    response = FileResponse(output, as_attachment=True, filename=FILENAME, content_type="application/zip")
    response["Cache-Control"] = "public, max-age=900"
    return response
