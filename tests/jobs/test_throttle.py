"""Nobody starts unbounded work anonymously: a client may run PUBLIC_HEAVY_CONCURRENCY heavy
downloads (annex PDF/XLSX, list exports) at once; one more answers 429 in Spanish."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from public.throttle import Slot, client_of


@pytest.fixture
def two_at_once(settings):
    settings.PUBLIC_HEAVY_CONCURRENCY = 2


def busy(address: str = "127.0.0.1", count: int = 2) -> list[Slot]:
    """A client with `count` heavy downloads still running."""
    slots = [Slot(address) for _ in range(count)]
    assert all(slot.acquire() for slot in slots)
    return slots


def annex_url(world) -> str:
    return reverse(
        "public:annex-download",
        kwargs={"key": world.program_a.key, "plan_pk": world.live_plan_a.pk, "table": "resumen", "fmt": "xlsx"},
    )


def test_a_third_heavy_download_at_once_is_told_to_wait(client_anonymous, world, two_at_once):
    busy()
    response = client_anonymous.get(annex_url(world))
    assert response.status_code == 429
    assert response["Retry-After"] == "10"
    assert "Demasiadas descargas a la vez" in response.content.decode()


def test_list_exports_count_as_heavy_too_but_pages_do_not(client_anonymous, world, two_at_once):
    busy()
    assert client_anonymous.get(reverse("public:activity-list"), {"formato": "csv"}).status_code == 429
    assert client_anonymous.get(reverse("public:aspect-list"), {"formato": "xlsx"}).status_code == 429
    assert client_anonymous.get(reverse("public:activity-list")).status_code == 200


def test_another_client_is_not_held_back(client_anonymous, world, two_at_once):
    busy(address="10.0.0.9")
    assert client_anonymous.get(annex_url(world)).status_code == 200


def test_a_slot_is_freed_once_the_download_has_been_sent(client_anonymous, world, two_at_once):
    [running] = busy(count=1)
    response = client_anonymous.get(annex_url(world))
    assert response.status_code == 200
    assert client_anonymous.get(annex_url(world)).status_code == 429  # the first is still being sent
    b"".join(response.streaming_content)  # sent: the server closes it
    assert client_anonymous.get(annex_url(world)).status_code == 200
    running.release()


def test_a_download_that_fails_frees_its_slot(client_anonymous, world, two_at_once):
    busy(count=1)
    for _ in range(3):
        assert (
            client_anonymous.get(
                reverse(
                    "public:annex-download",
                    kwargs={"key": world.program_a.key, "plan_pk": world.plan_a.pk, "table": "resumen", "fmt": "xlsx"},
                )
            ).status_code
            == 404
        )
    assert client_anonymous.get(annex_url(world)).status_code == 200


def test_behind_a_proxy_the_client_is_the_address_the_proxy_saw(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    assert client_of(request) == "10.0.0.1"
    settings.USE_X_FORWARDED_FOR = True
    assert client_of(request) == "203.0.113.7"
