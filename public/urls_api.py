from django.http import HttpRequest, JsonResponse
from django.urls import include, path, re_path
from rest_framework.exceptions import NotFound

from .api import router
from .api_docs import SchemaView, api_root

app_name = "api"


def not_found(request: HttpRequest, rest: str) -> JsonResponse:
    """Any other address under /api/ (`/api/asm/1/x/`, an id with a dot) answers like a missing
    record, in JSON, rather than with the site's HTML page."""
    return JsonResponse({"detalle": str(NotFound.default_detail)}, status=404)


urlpatterns = [
    path("", api_root, name="api-root"),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("", include(router.urls)),
    # Only addresses ending in a slash, so that `/api/asm` still redirects to `/api/asm/`.
    re_path(r"^(?P<rest>.*/)$", not_found, name="not-found"),
]
