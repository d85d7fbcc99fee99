"""Downloads of the public lists and of the open data: any columns, three formats, streamed.

A download is declared as (label, getter) columns over an iterator of rows. CSV and XLSX are
written by the project's one writer of each (`reports.writers.csv`, `reports.writers.xlsx`, which
the annexes' datos layout uses too), so the spreadsheet rules (formula-like text, Excel's cell
length) are those of `sheets.cells`; JSON is written here. CSV and JSON stream (the
first bytes leave before the first query); XLSX, a ZIP that needs a seekable file, is written to
a temporary file and then streamed.

The lists (`/asm/`, `/actividades/`) download the API's own records: `api_columns()` makes the
columns of a serializer of `public.serializers`, so `?formato=json` gives the same objects as
the API, and CSV and XLSX the same fields, with typed dates for spreadsheets. A list longer than
LIST_EXPORT_JOB_ROWS is written by a job through the same `write()` (public/list_exports.py).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any, BinaryIO

from django.db.models import QuerySet
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils.http import content_disposition_header
from rest_framework import serializers
from rest_framework.fields import SkipField

from reports.writers import XLSX_TYPE, csv, xlsx

Columns = list[tuple[str, Callable[[Any], Any]]]

CHUNK_SIZE = 500  # rows read from the database (and prefetched) at a time
JSON_CHUNK_CHARS = 64 * 1024
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": XLSX_TYPE,
    "json": "application/json; charset=utf-8",
}


def api_columns(serializer: serializers.Serializer, *, typed: bool) -> Columns:
    """A serializer's fields as columns, each cell as the API writes it (`Serializer.to_representation`).
    `typed`: dates and moments stay values, which a spreadsheet shows as dates."""
    return [(name, field_getter(field, typed)) for name, field in serializer.fields.items()]


def field_getter(field: serializers.Field, typed: bool) -> Callable[[Any], Any]:
    keep = typed and isinstance(field, (serializers.DateField, serializers.DateTimeField))

    def get(instance: Any) -> Any:
        # As DRF's Serializer.to_representation does for one field.
        try:
            attribute = field.get_attribute(instance)
        except SkipField:
            return None
        if attribute is None or keep:
            return attribute
        return field.to_representation(attribute)

    return get


def labels(columns: Columns) -> list[str]:
    return [label for label, _ in columns]


def values(columns: Columns, rows: Iterable[Any]) -> Iterator[list[Any]]:
    """Each row's cells in the columns' order, row by row as the rows come."""
    getters = [get for _, get in columns]
    return ([get(row) for get in getters] for row in rows)


def json_value(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} no se puede escribir en JSON.")


def iter_json(keys: list[str], rows: Iterable[list[Any]]) -> Iterator[bytes]:
    """A JSON array of objects keyed by the labels, one per line, in chunks of about 64 KB; text
    stays as written (JSON is no spreadsheet)."""
    yield b"["
    pending: list[str] = []
    size = 0
    separator = "\n"
    for cells in rows:
        text = separator + json.dumps(dict(zip(keys, cells, strict=False)), ensure_ascii=False, default=json_value)
        separator = ",\n"
        pending.append(text)
        size += len(text)
        if size >= JSON_CHUNK_CHARS:
            yield "".join(pending).encode("utf-8")
            pending, size = [], 0
    pending.append("\n]\n")
    yield "".join(pending).encode("utf-8")


def chunks(fmt: str, header: list[str], cells: Iterable[list[Any]]) -> Iterator[bytes]:
    """CSV or JSON, a chunk at a time."""
    return csv.iter_csv(header, cells) if fmt == "csv" else iter_json(header, cells)


def write(out: BinaryIO, *, columns: Columns, rows: Iterable[Any], fmt: str) -> None:
    """The rows into a file in one of the formats: what `download()` sends, for a job that keeps
    the file (a list too long for a request) and for the XLSX that `download()` streams from a
    temporary file."""
    header, cells = labels(columns), values(columns, rows)
    if fmt == "xlsx":
        xlsx.write_rows(header, cells, out)
    else:
        for chunk in chunks(fmt, header, cells):
            out.write(chunk)


def download(*, filename: str, columns: Columns, rows: Iterable[Any], fmt: str) -> StreamingHttpResponse | FileResponse:
    """The rows as an attachment named `filename` (`programs.filenames.download_name`): "csv"
    (UTF-8 with BOM), "xlsx" or "json".
    Each column is a label and a getter of the cell's value from a row; an unknown format is a 404.
    Rows are read once, as they come: pass an iterator (`.iterator(chunk_size=CHUNK_SIZE)`)."""
    if fmt not in CONTENT_TYPES:
        raise Http404("Formato de descarga no disponible.")
    if fmt == "xlsx":
        output = tempfile.TemporaryFile()
        write(output, columns=columns, rows=rows, fmt=fmt)
        output.seek(0)
        response = FileResponse(output, as_attachment=True, filename=filename, content_type=CONTENT_TYPES[fmt])
    else:
        response = StreamingHttpResponse(
            chunks(fmt, labels(columns), values(columns, rows)), content_type=CONTENT_TYPES[fmt]
        )
        response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def record_columns(viewset, *, fmt: str, request) -> Columns:
    """The columns of an API resource's records (`viewset` of `public.api`): for JSON exactly as
    the API writes them; for CSV and XLSX the same fields, dates kept as dates."""
    return api_columns(viewset.serializer_class(context={"request": request}), typed=fmt != "json")


def api_download(
    request, *, viewset, queryset: QuerySet, filename: str, fmt: str
) -> StreamingHttpResponse | FileResponse:
    """The records of an API resource for the rows of `queryset`, read in chunks."""
    columns = record_columns(viewset, fmt=fmt, request=request)
    return download(filename=filename, columns=columns, rows=queryset.iterator(chunk_size=CHUNK_SIZE), fmt=fmt)
