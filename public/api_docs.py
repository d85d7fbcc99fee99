"""`/api/` for people and for programs: a browser (asking for HTML) gets the API's documentation,
Swagger UI over the OpenAPI schema, vendored in static/vendor/swagger-ui and started by
static/js/api-docs.js (no inline script); any other client gets the JSON index of the resources,
as before. `/api/schema/` is downloaded under a plain file name, and generated once per process."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import content_disposition_header
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response

from programs.crumbs import public_crumbs
from programs.filenames import download_name

from .api import router

json_index = router.get_api_root_view()


def wants_page(request: HttpRequest) -> bool:
    """A browser navigating here asks for text/html; scripts, curl and `?format=json` do not."""
    return (
        request.method in ("GET", "HEAD")
        and "text/html" in request.headers.get("Accept", "")
        and request.GET.get("format") != "json"
    )


def api_root(request: HttpRequest) -> HttpResponse:
    if wants_page(request):
        response = render(
            request,
            "public/api_docs.html",
            {
                "schema_url": reverse("api:schema") + "?format=json",
                "resources": [prefix for prefix, _, _ in router.registry],
                "crumbs": public_crumbs(("Datos abiertos", reverse("public:open-data")), ("API", None)),
            },
        )
    else:
        response = json_index(request)
    patch_vary_headers(response, ["Accept"])
    return response


class SchemaView(SpectacularAPIView):
    """drf-spectacular names the file after the API's title («ASM Tracker · Datos abiertos.yaml»),
    which arrives garbled outside ASCII; ours is «asm-tracker-api.yaml» (or `.json`).

    The schema is read from the code (the viewsets, their serializers and filters, the settings),
    never from the data, so it is generated once per process and language, not on every request
    (about 0.1 s each); a test that changes a setting starts it afresh (`forget_schemas`)."""

    schemas: ClassVar[dict[tuple[str | None, str | None], Any]] = {}

    def _get_schema_response(self, request):
        # drf-spectacular's own (0.30), but for the generated schema, kept per version and language.
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (version, translation.get_language())
        if key not in self.schemas:
            generator = self.generator_class(urlconf=self.urlconf, api_version=version, patterns=self.patterns)
            self.schemas[key] = generator.get_schema(request=request, public=self.serve_public)
        return Response(data=self.schemas[key])

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        extension = self.perform_content_negotiation(request, force=True)[0].format
        response["Content-Disposition"] = content_disposition_header(
            True, download_name("asm-tracker-api", ext=extension)
        )
        return response


# Settings the schema never reads, which the tests change around every test (tests/conftest.py).
UNREAD_BY_THE_SCHEMA = {"CACHES", "MEDIA_ROOT", "PASSWORD_HASHERS"}


@receiver(setting_changed)
def forget_schemas(*, setting: str, **kwargs) -> None:
    if setting not in UNREAD_BY_THE_SCHEMA:
        SchemaView.schemas.clear()
