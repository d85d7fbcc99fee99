"""`/api/` is documentation for a browser and the JSON index for a program; the schema downloads
under a plain name (issue 16 §5)."""

from __future__ import annotations

import re

from django.contrib.staticfiles import finders
from django.urls import reverse

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ROOT = reverse("api:api-root")


def test_a_browser_gets_the_documentation_page_from_vendored_swagger_ui(db, client):
    response = client.get(ROOT, HTTP_ACCEPT=BROWSER)
    assert response.status_code == 200 and response["Content-Type"] == "text/html; charset=utf-8"
    page = response.content.decode()
    assert '<link rel="stylesheet" href="/static/vendor/swagger-ui/swagger-ui.css">' in page
    assert '<script src="/static/vendor/swagger-ui/swagger-ui-bundle.js"></script>' in page
    assert '<script src="/static/js/api-docs.js"></script>' in page
    assert f'data-schema-url="{reverse("api:schema")}?format=json"' in page
    # No inline script (a strict CSP forbids it) and nothing from another site (no CDN).
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == []
    assert not re.search(r'(src|href)="(https?:)?//(?!testserver)[^"]*\.(js|css)"', page)
    for path in ("vendor/swagger-ui/swagger-ui-bundle.js", "vendor/swagger-ui/swagger-ui.css", "js/api-docs.js"):
        assert finders.find(path), path


def test_a_program_still_gets_the_json_index(db, client):
    for accept in ("*/*", "application/json", ""):
        response = client.get(ROOT, HTTP_ACCEPT=accept)
        assert response.status_code == 200 and response["Content-Type"] == "application/json", accept
        assert response.json()["asm"] == "http://testserver/api/asm/"
    assert client.get(ROOT, {"format": "json"}, HTTP_ACCEPT=BROWSER)["Content-Type"] == "application/json"
    # One address, two answers: caches must keep them apart.
    assert "Accept" in client.get(ROOT)["Vary"] and "Accept" in client.get(ROOT, HTTP_ACCEPT=BROWSER)["Vary"]
    assert client.post(ROOT, HTTP_ACCEPT=BROWSER).status_code == 405


def test_the_schema_downloads_under_a_plain_file_name(db, client):
    yaml = client.get(reverse("api:schema"))
    assert yaml.status_code == 200
    assert yaml["Content-Disposition"] == 'attachment; filename="asm-tracker-api.yaml"'
    assert client.get(reverse("api:schema"), {"format": "json"})["Content-Disposition"] == (
        'attachment; filename="asm-tracker-api.json"'
    )


def test_the_schema_is_generated_once_and_answers_the_same_document_as_a_fresh_generation(db, client):
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer

    from public.api_docs import SchemaView

    SchemaView.schemas.clear()
    first = client.get(reverse("api:schema"))
    assert len(SchemaView.schemas) == 1
    kept = next(iter(SchemaView.schemas.values()))
    again = client.get(reverse("api:schema"))
    as_json = client.get(reverse("api:schema"), {"format": "json"})
    assert next(iter(SchemaView.schemas.values())) is kept  # not generated again

    fresh = SchemaGenerator().get_schema(request=None, public=True)
    assert first.content == again.content == OpenApiYamlRenderer().render(fresh)
    assert as_json.content == OpenApiJsonRenderer().render(fresh)
