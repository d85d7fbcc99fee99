"""The bulk download of the open data: a ZIP with one CSV per API resource (same records, same
field names), written by the project's one CSV writer. A job builds it (public/tasks.py) after
each authorisation, in a temporary file so that its memory does not grow with the data; the view
serves the stored file."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from typing import BinaryIO

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from programs.filenames import download_name
from reports.writers.csv import write_rows

from .api import router
from .exports import CHUNK_SIZE, api_columns, labels, values
from .models import PublishedFile
from .published import OPEN_DATA_JOB, OPEN_DATA_KEY, OPEN_DATA_TITLE, build_on_request, not_ready, serve

FILENAME = download_name("asm-tracker-datos-abiertos", ext="zip")


def write_zip(
    out: BinaryIO, request: HttpRequest | None = None, *, progress: Callable[[int, int], None] | None = None
) -> None:
    """Every resource of the API as `<resource>.csv` (UTF-8 with BOM), from the same public
    querysets and serializers. `progress(done, total)` hears after each resource."""
    now = timezone.localtime()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, (prefix, viewset, _) in enumerate(router.registry, start=1):
            columns = api_columns(viewset.serializer_class(context={"request": request}), typed=True)
            objects = viewset.public_queryset().iterator(chunk_size=CHUNK_SIZE)
            info = zipfile.ZipInfo(f"{prefix}.csv", date_time=now.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w") as member:
                write_rows(labels(columns), values(columns, objects), member)
            if progress:
                progress(done, len(router.registry))


@require_safe
def bulk_download(request: HttpRequest) -> HttpResponse:
    """The ZIP the last rebuild stored (ETag, Last-Modified, 304); 503 until there is one."""
    published = PublishedFile.objects.filter(key=OPEN_DATA_KEY).first()
    if published is None:
        build_on_request(OPEN_DATA_JOB, {}, OPEN_DATA_TITLE)
        return not_ready(request)
    return serve(request, published)
