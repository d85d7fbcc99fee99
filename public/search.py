"""Full-text search in Spanish that ignores accents and case: «evaluacion» finds «evaluación»
and «programas» finds «programa».

PostgreSQL uses a text-search configuration, `es_unaccent` (Spanish stemming after unaccent,
created by migration 0001 with a GIN index per searched column). SQLite, the embedded default,
has neither: there each word of the query is folded (accents, case) and cut to a rough stem, and
must appear in one of the fields, folded the same way (`programs.folding`).
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import F, Q, QuerySet

from programs.folding import Fold, fold

CONFIG = "es_unaccent"
# The columns searched, each with a GIN index on PostgreSQL (migration 0001).
FIELDS = {"aspects.Aspect": "text", "aspects.Activity": "description", "programs.Recommendation": "text"}


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
        vector = SearchVector(field, config=CONFIG)
        return queryset.annotate(search_vector=vector).filter(
            search_vector=SearchQuery(query, config=CONFIG, search_type="websearch")
        )
    folded = queryset.annotate(search_folded=Fold(F(field)))
    condition = Q()
    for term in terms:
        condition &= Q(search_folded__contains=term)
    return folded.filter(condition)
