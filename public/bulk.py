"""The bulk download of the open data: a ZIP with one CSV per API resource (same records, same
field names), built in a temporary file so that its memory does not grow with the data."""

from __future__ import annotations

import tempfile
import zipfile
from operator import itemgetter
from typing import BinaryIO

from django.http import FileResponse, HttpRequest
from django.utils import timezone
from django.views.decorators.http import require_safe

from .api import router
from .exports import write_csv

FILENAME = "asm-tracker-datos-abiertos.zip"
CHUNK_SIZE = 500  # rows read (and prefetched) at a time


def write_zip(out: BinaryIO, request: HttpRequest | None = None) -> None:
    """Every resource of the API as `<resource>.csv` (UTF-8 with BOM), from the same public
    querysets and serializers."""
    now = timezone.localtime()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for prefix, viewset, _ in router.registry:
            serializer = viewset.serializer_class(context={"request": request})
            columns = [(name, itemgetter(name)) for name in serializer.fields]
            records = (serializer.to_representation(obj) for obj in viewset.public_queryset().iterator(chunk_size=CHUNK_SIZE))
            info = zipfile.ZipInfo(f"{prefix}.csv", date_time=now.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w") as member:
                write_csv(columns, records, member)


@require_safe
def bulk_download(request: HttpRequest) -> FileResponse:
    output = tempfile.TemporaryFile()
    write_zip(output, request)
    output.seek(0)
    response = FileResponse(output, as_attachment=True, filename=FILENAME, content_type="application/zip")
    response["Cache-Control"] = "public, max-age=900"
    return response
