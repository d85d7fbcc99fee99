"""Writes generated rows straight into a model's table, in batches, with a progress bar.

On PostgreSQL each batch goes through `COPY … FROM STDIN` (psycopg2's `copy_expert`); on any
other database (SQLite, in the tests) through `executemany`. Either way the rows skip the model
layer on purpose: no `save()`, no signals, no audit entries, no `auto_now_add`. The generator
gives every value itself, primary keys included (so that rows can point at each other before
they are written), and `reset_sequences()` moves the id sequences past them at the end.

Table and column names come from the models' `_meta`, so the rows follow the real schema.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterable
from datetime import UTC, date, datetime
from decimal import Decimal

from django.core.management.color import no_style
from django.db import models
from tqdm import tqdm

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(value) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False).translate(_COPY_ESCAPES)
    raise TypeError(f"No sé escribir {value!r} en COPY.")


def plain_param(value):
    """One value as a DB-API parameter for SQLite (dates as ISO text, datetimes in naive UTC,
    as Django stores them there)."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Decimal):
        return str(value)
    return value


class BulkWriter:
    def __init__(self, connection, *, batch_size: int = 5000, progress: bool = True, stream=None):
        self.connection = connection
        self.batch_size = batch_size
        self.progress = progress
        self.stream = stream or sys.stderr
        self.counts: dict[str, int] = {}
        self.models: list[type[models.Model]] = []

    @property
    def copies(self) -> bool:
        return self.connection.vendor == "postgresql"

    def next_id(self, model: type[models.Model]) -> int:
        """The first free primary key of the model's table (1 on an empty table)."""
        quote = self.connection.ops.quote_name
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX({quote(model._meta.pk.column)}) FROM {quote(model._meta.db_table)}")
            (current,) = cursor.fetchone()
        return (current or 0) + 1

    def bar(self, total: int | None, label: str):
        return tqdm(
            total=total,
            desc=f"{label:<34}",
            unit=" filas",
            disable=not self.progress,
            file=self.stream,
            mininterval=0.5,
            dynamic_ncols=True,
            leave=True,
        )

    def write(
        self,
        model: type[models.Model],
        fields: list[str],
        rows: Iterable[tuple],
        *,
        total: int | None = None,
        label: str = "",
    ) -> int:
        """Insert `rows` (tuples in the order of `fields`, model field names) into the model's table."""
        quote = self.connection.ops.quote_name
        table = quote(model._meta.db_table)
        columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
        label = label or str(model._meta.verbose_name_plural)
        written = 0
        with self.bar(total, label) as bar, self.connection.cursor() as cursor:
            batch: list = []
            for row in rows:
                batch.append(row)
                if len(batch) >= self.batch_size:
                    self._flush(cursor, table, columns, len(fields), batch)
                    written += len(batch)
                    bar.update(len(batch))
                    batch = []
            if batch:
                self._flush(cursor, table, columns, len(fields), batch)
                written += len(batch)
                bar.update(len(batch))
        if model not in self.models:
            self.models.append(model)
        self.counts[model._meta.label] = self.counts.get(model._meta.label, 0) + written
        return written

    def _flush(self, cursor, table: str, columns: str, width: int, batch: list) -> None:
        if self.copies:
            text = "".join("\t".join(map(copy_text, row)) + "\n" for row in batch)
            cursor.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", io.StringIO(text))
        else:
            marks = ", ".join(["%s"] * width)
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({marks})", [tuple(map(plain_param, row)) for row in batch]
            )

    def reset_sequences(self) -> None:
        """Move each written table's id sequence past the ids given here (PostgreSQL; SQLite's
        AUTOINCREMENT follows explicit ids by itself)."""
        statements = self.connection.ops.sequence_reset_sql(no_style(), self.models)
        if statements:
            with self.connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
