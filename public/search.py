"""Full-text search in Spanish that ignores accents and case: «evaluacion» finds «evaluación»
and «programas» finds «programa».

PostgreSQL uses a text-search configuration, `es_unaccent` (Spanish stemming after unaccent,
created by migration 0001), and reads each row's vector from a generated column, `search_vector`,
with a GIN index (migration 0003): a row is tested against the query without stemming its text
again, and the vector is never selected, only compared. SQLite, the embedded default,
has neither: there each word of the query is folded (accents, case) and cut to a rough stem, and
must appear in one of the fields, folded the same way (`programs.folding`).
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connection
from django.db.models import Expression, F, Q, QuerySet

from programs.folding import Fold, fold

CONFIG = "es_unaccent"
# The columns searched; on PostgreSQL each row stores its vector (migration 0003).
FIELDS = {"aspects.Aspect": "text", "aspects.Activity": "description", "programs.Recommendation": "text"}


class StoredVector(Expression):
    """The search vector stored on the queried model's row (PostgreSQL, migration 0003), a column
    the models do not declare (SQLite has none). It names the query's own table by its alias, and
    follows that alias when the query becomes a subquery."""

    output_field = SearchVectorField()

    def __init__(self, alias: str | None = None):
        super().__init__()
        self.alias = alias

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        return StoredVector(query.get_initial_alias())

    def relabeled_clone(self, relabels):
        return StoredVector(relabels.get(self.alias, self.alias))

    def as_sql(self, compiler, connection):
        return f"{compiler.quote_name_unless_alias(self.alias)}.search_vector", []


def stem(word: str) -> str:
    # Plural to singular, roughly: evaluaciones → evaluacion, programas → programa.
    if len(word) > 5 and word.endswith("es") and word[-3] in "nrlsdz":
        return word[:-2]
    if len(word) > 4 and word.endswith("s"):
        return word[:-1]
    return word


def words(query: str) -> list[str]:
    return [stem(word) for word in re.findall(r"\w+", fold(query))]


def search(queryset: QuerySet, query: str) -> QuerySet:
    """The rows of `queryset` whose searched column matches every word of `query`."""
    field = FIELDS[queryset.model._meta.label]
    terms = words(query)
    if not terms:
        return queryset
    if connection.vendor == "postgresql":
        # alias(), not annotate(): the vector is compared, never read back.
        return queryset.alias(search_vector=StoredVector()).filter(
            search_vector=SearchQuery(query, config=CONFIG, search_type="websearch")
        )
    folded = queryset.annotate(search_folded=Fold(F(field)))
    condition = Q()
    for term in terms:
        condition &= Q(search_folded__contains=term)
    return folded.filter(condition)
