"""The API's cursor pagination: every list pages in id order, by keyset, at the cost of its first
page wherever the page is, and a walk along `next` sees each row once."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aspects import progress
from tests import factories as make
from tests.conftest import shared_fixture

from .conftest import RESOURCES, api, public_stack


def with_query(url: str, params: dict) -> str:
    return f"{url}?{urlencode(params)}" if params else url


def page(client, url: str, **params) -> dict:
    response = client.get(with_query(url, params))
    assert response.status_code == 200, response.content
    return response.json()


def walk(client, url: str, **params) -> list[dict]:
    """Every record of a list, following `next` from the first page."""
    records, following = [], with_query(url, params)
    while following:
        current = page(client, following)
        records += current["results"]
        following = current["next"]
    return records


def ids(records: list[dict]) -> list[int]:
    return [record["id"] for record in records]


def cursor_of(link: str) -> str:
    return parse_qs(urlsplit(link).query)["cursor"][0]


@pytest.fixture(scope="module")
def shared_seven_aspects(request):
    yield from shared_fixture(request, build_seven_aspects)


@pytest.fixture
def seven_aspects(db, shared_seven_aspects):
    return shared_seven_aspects.get()


def build_seven_aspects():
    stack = public_stack()
    with progress.deferred():  # stored progress computed once, after the last row
        for _ in range(6):
            make.aspect(stack.plan)  # the plan is authorised; direct creation skips the lock
    return stack


def test_a_list_is_pages_of_50_with_links_to_the_next_and_previous(client, db):
    stack = public_stack()
    with progress.deferred():  # stored progress computed once, after the last row
        for _ in range(51):
            make.aspect(stack.plan)
    first = page(client, api("asm-list"))
    assert set(first) == {"next", "previous", "results"}
    assert len(first["results"]) == 50 and first["previous"] is None
    assert first["next"] == f"http://testserver/api/asm/?cursor=d{first['results'][-1]['id']}"
    second = page(client, first["next"])
    assert len(second["results"]) == 2 and second["next"] is None
    assert ids(page(client, second["previous"])["results"]) == ids(first["results"])


def test_a_walk_sees_every_row_once_in_id_order(client, seven_aspects):
    walked = walk(client, api("asm-list"), por_pagina=3)
    assert ids(walked) == sorted(ids(walked))
    assert ids(walked) == ids(page(client, api("asm-list"))["results"])
    assert len(walked) == 7


def test_rows_added_during_a_walk_neither_repeat_nor_shift_a_row(client, seven_aspects):
    first = page(client, api("asm-list"), por_pagina=3)
    # Created between two requests: rows before the cursor do not push the next page along.
    with progress.deferred():  # stored progress computed once, after the last row
        for _ in range(2):
            make.aspect(seven_aspects.plan)
    walked = first["results"] + walk(client, first["next"])
    assert len(walked) == 9
    assert ids(walked) == sorted(set(ids(walked)))
    assert ids(walked) == ids(page(client, api("asm-list"))["results"])


def test_walking_back_along_previous_gives_the_same_pages(client, seven_aspects):
    forward = [page(client, api("asm-list"), por_pagina=3)]
    while forward[-1]["next"]:
        forward.append(page(client, forward[-1]["next"]))
    backward = [forward[-1]]
    while backward[-1]["previous"]:
        backward.append(page(client, backward[-1]["previous"]))
    assert [ids(p["results"]) for p in reversed(backward)] == [ids(p["results"]) for p in forward]
    assert [len(p["results"]) for p in forward] == [3, 3, 1]


def test_links_keep_the_filters_and_the_page_size(client, seven_aspects):
    first = page(client, api("asm-list"), estado="sin_iniciar", por_pagina=2)
    query = parse_qs(urlsplit(first["next"]).query)
    assert query["estado"] == ["sin_iniciar"] and query["por_pagina"] == ["2"]
    assert len(walk(client, api("asm-list"), estado="sin_iniciar", por_pagina=2)) == 6  # all but the stack's own ASM


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_list_pages_by_cursor(client, db, resource):
    public_stack(), public_stack()
    whole = page(client, api(f"{resource}-list"), por_pagina=500)["results"]
    assert len(whole) >= 2
    assert walk(client, api(f"{resource}-list"), por_pagina=1) == whole


def test_page_size_goes_from_1_to_500(client, seven_aspects):
    assert len(page(client, api("asm-list"), por_pagina=1)["results"]) == 1
    assert len(page(client, api("asm-list"), por_pagina=500)["results"]) == 7
    for size in ["0", "501", "-1", "abc", "", "2.5", "１"]:
        response = client.get(api("asm-list"), {"por_pagina": size})
        assert response.status_code == 400, size
        assert response.json()["errores"] == {"por_pagina": ["«por_pagina» debe ser un número entero de 1 a 500."]}


def test_a_page_number_is_refused_with_how_to_page_now(client, seven_aspects):
    for value in ["1", "2", "abc"]:
        response = client.get(api("asm-list"), {"pagina": value})
        assert response.status_code == 400
        [message] = response.json()["errores"]["pagina"]
        assert "siga la liga «next»" in message


@pytest.mark.parametrize(
    "cursor", ["", "abc", "d", "x12", "d-1", "d1.5", "d 1", "d" + "9" * 19, "cD0xMjM=", "d١٢", "d12\n"]
)
def test_a_cursor_that_no_link_gave_is_refused(client, seven_aspects, cursor):
    response = client.get(api("asm-list"), {"cursor": cursor})
    assert response.status_code == 400
    assert response.json() == {
        "detalle": "Parámetros no válidos.",
        "errores": {
            "cursor": [
                "Cursor no válido. Use tal cual la liga «next» o «previous» de una respuesta anterior; "
                "sin «cursor» se obtiene la primera página."
            ]
        },
    }


def test_a_cursor_past_the_end_gives_an_empty_page_that_links_back(client, seven_aspects):
    last = max(ids(page(client, api("asm-list"))["results"]))
    past = page(client, api("asm-list"), cursor=f"d{last + 1000}")
    assert past["results"] == [] and past["next"] is None
    assert cursor_of(past["previous"]) == f"a{last + 1000}"


def queries_of(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured]


def test_a_deep_page_costs_what_the_first_page_costs(client, db, settings):
    settings.DEBUG = False
    stack = public_stack()
    with progress.deferred():  # stored progress computed once, after the last row
        for _ in range(39):
            make.aspect(stack.plan)
    first = page(client, api("asm-list"), por_pagina=5)
    deep = first
    for _ in range(6):
        deep = page(client, deep["next"])
    first_queries = queries_of(client, with_query(api("asm-list"), {"por_pagina": 5}))
    deep_queries = queries_of(client, deep["next"])
    assert len(deep_queries) == len(first_queries)
    # No count and no OFFSET: the page starts where the last one ended.
    assert not any("COUNT(" in sql.upper() for sql in deep_queries)
    assert not any("OFFSET" in sql.upper() for sql in deep_queries)
