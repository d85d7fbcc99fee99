"""The names of the query parameters, in Spanish like everything else a user reads.

Every page, download and API list takes its parameters under Spanish names (`anio`, `ciclo`,
`dependencia`, `programa`, `tipo`, `prioridad`, `estado`, `oportunidad`, `pagina`, `formato`,
`periodo`, `presentacion`, `por_pagina`; `q`, `plan` and `cursor` read the same in both
languages). Addresses written with the former English names keep working: `SpanishParamsMiddleware`
answers them with a permanent redirect to the same address under the Spanish names, so a bookmark,
a link in an email or a script that calls the API follow it once and then use the new address.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_plus

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.encoding import escape_uri_path

# Former name → name. A parameter named here is never read under its former name.
RENAMED = {
    "year": "anio",
    "cycle": "ciclo",
    "agency": "dependencia",
    "program": "programa",
    "kind": "tipo",
    "priority": "prioridad",
    "status": "estado",
    "timeliness": "oportunidad",
    "page": "pagina",
    "page_size": "por_pagina",
    "layout": "presentacion",
}


def spanish_query(query_string: str) -> str | None:
    """`query_string` with every former name replaced by its Spanish one, in place, or None when
    it has none. A former name whose Spanish one is also present is dropped, the Spanish one being
    what the pages' own forms and links write. Values are kept byte for byte."""
    pairs = [pair.partition("=") for pair in query_string.split("&") if pair]
    names = {unquote_plus(name) for name, _, _ in pairs}
    if names.isdisjoint(RENAMED):
        return None
    kept = []
    for name, equals, value in pairs:
        new = RENAMED.get(unquote_plus(name))
        if new is None:
            kept.append(name + equals + value)
        elif new not in names:
            kept.append(new + equals + value)
    return "&".join(kept)


class SpanishParamsMiddleware:
    """A GET or HEAD with a former parameter name answers 301 to the address with the Spanish
    names. The admin keeps Django's own parameters, and a POST is never redirected (a browser
    would repeat it as a GET)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD") and not request.path.startswith(reverse("admin:index")):
            query = spanish_query(request.META.get("QUERY_STRING", ""))
            if query is not None:
                return HttpResponsePermanentRedirect(f"{escape_uri_path(request.path)}?{query}")
        return self.get_response(request)
