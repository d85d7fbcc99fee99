"""The search counts its matches up to a cap, so that a common word costs the same however many
rows the country has: past the cap the page says «más de …»."""

import pytest

from public import views
from tests import factories as make


def test_the_search_counts_up_to_its_cap_and_says_there_are_more(world, client, monkeypatch):
    make.activity(world.live_aspect_a, number=2, description="Elaborar el documento final.")
    page = client.get("/buscar/?q=documento").content.decode()
    assert "Actividades (2)" in page
    monkeypatch.setattr(views, "SEARCH_COUNT_CAP", 1)
    page = client.get("/buscar/?q=documento").content.decode()
    assert "Actividades (más de 1)" in page
    assert page.count("actividad 2") == 1  # the matches are still listed


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
