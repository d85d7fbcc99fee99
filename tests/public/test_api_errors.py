"""The API's errors: each in JSON, in Spanish, in one shape (`detalle`, and `errores` for invalid
query parameters), and never a 500 nor a value silently ignored."""

from __future__ import annotations

import pytest
from rest_framework.throttling import BaseThrottle

from public.api import AspectViewSet

from .conftest import api

INVALID = "Parámetros no válidos."
NOT_A_CHOICE = "Seleccione una opción válida."

# (filter, value, the start of its message)
INVALID_FILTERS = [
    ("estado", "foo", NOT_A_CHOICE),
    ("oportunidad", "pronto", NOT_A_CHOICE),
    ("tipo", "otro", NOT_A_CHOICE),
    ("prioridad", "urgente", NOT_A_CHOICE),
    ("dependencia", "abc", NOT_A_CHOICE),
    ("dependencia", "999999", NOT_A_CHOICE),  # no such agency with public data
    ("dependencia", "9" * 30, NOT_A_CHOICE),  # past any integer column
    ("ciclo", "abc", NOT_A_CHOICE),
    ("ciclo", "-1", NOT_A_CHOICE),
    ("anio", "dosmil", NOT_A_CHOICE),
    ("anio", "1990", NOT_A_CHOICE),  # a year without authorised plans
    ("programa", "NO-EXISTE", NOT_A_CHOICE),
    ("programa", "S\x00061", "Caracteres nulos no están permitidos."),
    ("q", "padr\x00on", "Caracteres nulos no están permitidos."),
]


@pytest.mark.parametrize("resource", ["asm", "actividad"])
@pytest.mark.parametrize(("name", "value", "message"), INVALID_FILTERS)
def test_an_invalid_filter_value_is_a_400_that_says_why_in_spanish(client, stack, resource, name, value, message):
    response = client.get(api(f"{resource}-list"), {name: value})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["detalle"] == INVALID
    [error] = body["errores"][name]
    assert error.startswith(message)


def test_every_invalid_parameter_is_named_at_once(client, stack):
    body = client.get(api("asm-list"), {"estado": "foo", "tipo": "otro", "dependencia": "abc"}).json()
    assert set(body["errores"]) == {"estado", "tipo", "dependencia"}


def test_an_empty_filter_is_no_filter(client, stack):
    # As in the pages' form, where the empty choice reads «Todos».
    response = client.get(api("asm-list"), {"estado": "", "dependencia": "", "anio": "", "q": " "})
    assert response.status_code == 200
    assert [record["id"] for record in response.json()["results"]] == [stack.aspect.pk]


@pytest.mark.parametrize(
    "url",
    [
        "/api/asm/999999/",
        "/api/programas/NO-EXISTE/",
        "/api/asm/abc/",
        "/api/asm/1.5/",
        "/api/asm/1/otra/",
        "/api/nada/",
    ],
)
def test_what_does_not_exist_is_a_404_in_json(client, db, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detalle": "No encontrado."}


def test_an_address_without_its_slash_still_redirects(client, db):
    response = client.get("/api/asm")
    assert response.status_code == 301
    assert response["Location"] == "/api/asm/"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_write_is_a_405_that_names_the_method_and_what_is_allowed(client, stack, method):
    url = api("asm-list") if method == "post" else api("asm-detail", pk=stack.aspect.pk)
    response = getattr(client, method)(url, {}, content_type="application/json")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response.json() == {"detalle": f'Método "{method.upper()}" no permitido.'}


class Refuse(BaseThrottle):
    def allow_request(self, request, view) -> bool:
        return False

    def wait(self) -> float:
        return 30


def test_a_throttled_request_is_a_429_in_the_same_shape_with_retry_after(client, stack, monkeypatch):
    # The per-client limits come from elsewhere; whatever throttles a viewset answers like this.
    monkeypatch.setattr(AspectViewSet, "throttle_classes", [Refuse])
    response = client.get(api("asm-list"))
    assert response.status_code == 429
    assert response["Retry-After"] == "30"
    body = response.json()
    assert list(body) == ["detalle"]
    assert "30 segundos" in body["detalle"]


def test_the_api_answers_json_whatever_the_client_accepts(client, stack):
    for headers, params in [
        ({"Accept": "text/html"}, {}),
        ({"Accept": "application/xml"}, {}),
        ({}, {"format": "xml"}),
    ]:
        response = client.get(api("asm-list"), params, headers=headers)
        assert response.status_code == 200, headers or params
        assert response["Content-Type"] == "application/json"
