"""The search reads a stored search vector on PostgreSQL (a generated column, public migration
0003): it follows every edit of the text, and the search works inside a subquery too. On SQLite
the same tests exercise the folded search."""

from django.db import connection

from aspects.models import Activity
from public.search import search
from tests import factories as make


def found(words: str) -> list[int]:
    return list(search(Activity.objects.public(), words).order_by("pk").values_list("pk", flat=True))


def test_the_search_finds_an_activity_by_its_new_words_once_its_text_is_edited(world):
    activity = make.activity(world.live_aspect_a, number=2, description="Levantar el padrón de beneficiarios.")
    assert activity.pk in found("padrones")
    Activity.objects.filter(pk=activity.pk).update(description="Publicar los lineamientos.")
    assert activity.pk not in found("padrón")
    assert activity.pk in found("lineamiento")


def test_the_search_works_as_a_subquery_of_another_query(world):
    activity = make.activity(world.live_aspect_a, number=2, description="Levantar el padrón de beneficiarios.")
    matches = search(Activity.objects.public(), "padrón").values("pk")
    assert list(Activity.objects.filter(pk__in=matches).values_list("pk", flat=True)) == [activity.pk]


def test_on_postgresql_each_searched_table_stores_its_vector(db):
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.columns WHERE column_name = 'search_vector' "
            "AND is_generated = 'ALWAYS' ORDER BY table_name"
        )
        tables = [table for (table,) in cursor.fetchall()]
    assert tables == ["aspects_activity", "aspects_aspect", "programs_recommendation"]
