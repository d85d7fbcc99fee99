"""Text compared the way Spanish readers expect: ignoring accents and case («evaluacion» is
«Evaluación»), in Python (`fold`) and in the database (`Fold`). Shared by the public search
(public/search.py) and the searchable choosers (programs/choosers.py).

SQLite has no unaccent: `register_sqlite_functions` gives each of its connections `asm_fold`,
which is `fold`. PostgreSQL uses the `unaccent` extension (created by public's migration 0001).
"""

from __future__ import annotations

import unicodedata

from django.db.models import Func, TextField


def fold(text: str | None) -> str:
    """Lower case without accents (ñ kept apart from n, as Spanish readers expect)."""
    if not text:
        return ""
    text = text.lower().replace("ñ", "\0")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return text.replace("\0", "ñ")


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("asm_fold", 1, fold, deterministic=True)


class Fold(Func):
    """`fold` in SQL. On PostgreSQL `unaccent` also turns ñ into n, on both sides of a comparison
    alike, so compare two Fold expressions rather than a Fold with a string folded in Python."""

    function = "asm_fold"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="unaccent(lower(%(expressions)s))", **extra_context)
