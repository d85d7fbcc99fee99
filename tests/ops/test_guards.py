"""A NUL byte anywhere in the path or the query string answers 400, before any view or query."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "url",
    [
        "/buscar/?q=%00",
        "/programas/%00/",
        "/programas/%00/feed/",
        "/asm/?estado=concluido&q=a%00b",
        "/asm/?%00=1",
        "/admin/%00/",
    ],
)
def test_nul_in_the_path_or_query_answers_400_for_the_public(client, db, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "Solicitud no válida" in response.content.decode()


def test_nul_answers_400_in_the_staff_pages_too(client_staff_a):
    assert client_staff_a.get("/panel/asm/?q=%00").status_code == 400
    assert client_staff_a.post("/panel/planes/%00/enviar/").status_code == 400


def test_an_ordinary_query_still_reaches_its_view(client, db):
    assert client.get("/buscar/?q=evaluaci%C3%B3n").status_code == 200


def test_the_api_answers_nul_in_its_own_error_shape(client, db):
    response = client.get("/api/asm/?estado=concluido&q=a%00b")
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert response.json() == {
        "detalle": "Parámetros no válidos.",
        "errores": {"q": ["Caracteres nulos no están permitidos."]},
    }
    response = client.get("/api/programas/%00/")
    assert response.status_code == 400
    assert response.json() == {"detalle": "Dirección no válida: caracteres nulos no están permitidos."}
