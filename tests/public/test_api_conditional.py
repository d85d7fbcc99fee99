"""Conditional requests: every API answer to a GET carries an ETag, and asking again with it
gives a 304 without a body until the data changes."""

from __future__ import annotations

import pytest

from tests import factories as make

from .conftest import api


@pytest.fixture
def urls(stack) -> list[str]:
    return [
        api("asm-list"),
        api("asm-list") + "?estado=en_proceso&por_pagina=1",
        api("asm-detail", pk=stack.aspect.pk),
        api("programa-list"),
        api("programa-detail", clave=stack.program.key),
    ]


def test_lists_and_details_carry_an_etag(client, urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["ETag"].startswith('"'), url


def test_asking_again_with_the_etag_gives_a_304_without_a_body(client, urls):
    for url in urls:
        etag = client.get(url)["ETag"]
        response = client.get(url, headers={"If-None-Match": etag})
        assert response.status_code == 304, url
        assert response.content == b""
        assert response["ETag"] == etag


def test_another_etag_gives_the_whole_answer(client, urls):
    for url in urls:
        response = client.get(url, headers={"If-None-Match": '"otra"'})
        assert response.status_code == 200, url
        assert response.json()


def test_an_etag_no_longer_matches_once_the_data_changed(client, stack):
    url = api("asm-list")
    etag = client.get(url)["ETag"]
    make.aspect(stack.plan)  # the plan is authorised, so the new ASM is public at once
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert len(response.json()["results"]) == 2


def test_pages_of_one_list_have_their_own_etags(client, stack):
    make.aspect(stack.plan)
    first = client.get(api("asm-list"), {"por_pagina": 1})
    second = client.get(first.json()["next"])
    assert first["ETag"] != second["ETag"]
    assert client.get(first.json()["next"], headers={"If-None-Match": second["ETag"]}).status_code == 304
