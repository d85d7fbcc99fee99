"""The annex pages under /panel/anexos/: who sees them, what they show, what they download."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests import factories as make


def preview(plan, table="especifico", **query):
    url = reverse("reports:annex-preview", args=[plan.pk, table])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def download(plan, table="especifico", fmt="pdf", **query):
    url = reverse("reports:annex-download", args=[plan.pk, table, fmt])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_it_requires_login(world, client_anonymous):
    for url in [preview(world.plan_a), download(world.plan_a, fmt="csv")]:
        response = client_anonymous.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_another_agencys_plan_is_not_found(world, client_staff_b, client_supervisor_b):
    for client in (client_staff_b, client_supervisor_b):
        assert client.get(preview(world.plan_a)).status_code == 404
        assert client.get(download(world.plan_a, fmt="csv")).status_code == 404


@pytest.mark.parametrize("persona", ["staff_a", "supervisor_a", "coordinator"])
def test_own_agency_and_coordinator_see_the_preview(world, persona, request):
    response = request.getfixturevalue(f"client_{persona}").get(preview(world.live_plan_a))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Documento de trabajo (ASM específicos)" in content
    assert "Servicios de Salud A" in content and "Saúl Ríos" in content and "Autorizó" in content
    assert "BORRADOR" not in content
    assert download(world.live_plan_a, fmt="xlsx", presentacion="datos") in content


def test_preview_of_a_draft_says_borrador_without_authoriser(world, client_staff_a):
    content = client_staff_a.get(preview(world.plan_a)).content.decode()
    assert "BORRADOR" in content and "Saúl Ríos" not in content


def test_progress_preview_has_a_period_selector(world, client_staff_a):
    response = client_staff_a.get(preview(world.live_plan_a, "avance"))
    assert response.context["annex"].period == world.september
    content = response.content.decode()
    assert f'<option value="{world.march.pk}"' in content and "Porcentaje de avance: 40%" in content
    march = client_staff_a.get(preview(world.live_plan_a, "avance", periodo=world.march.pk))
    assert march.context["annex"].period == world.march
    assert f"?periodo={world.march.pk}" in march.content.decode()  # the downloads keep the period


def test_unknown_table_format_layout_or_period_is_not_found(world, client_staff_a):
    other_cycle_period = make.cycle().periods.first()
    for url in [
        preview(world.live_plan_a, "anexo-x"),
        download(world.live_plan_a, fmt="odt"),
        download(world.live_plan_a, fmt="xlsx", presentacion="otro"),
        preview(world.live_plan_a, "avance", periodo="abc"),
        preview(world.live_plan_a, "avance", periodo=other_cycle_period.pk),
    ]:
        assert client_staff_a.get(url).status_code == 404, url


def test_post_is_not_allowed(world, client_staff_a):
    assert client_staff_a.post(preview(world.plan_a)).status_code == 405
    assert client_staff_a.post(download(world.plan_a, fmt="csv")).status_code == 405


@pytest.mark.parametrize(
    "fmt,layout,content_type,filename",
    [
        ("csv", "", "text/csv; charset=utf-8", "avance-A001-2017-septiembre-datos.csv"),
        (
            "xlsx",
            "datos",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "avance-A001-2017-septiembre-datos.xlsx",
        ),
        (
            "xlsx",
            "anexo",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "avance-A001-2017-septiembre.xlsx",
        ),
    ],
)
def test_downloads_are_attachments_with_a_sensible_name(world, client_coordinator, fmt, layout, content_type, filename):
    response = client_coordinator.get(
        download(world.live_plan_a, "avance", fmt, **({"presentacion": layout} if layout else {}))
    )
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    body = b"".join(response.streaming_content)
    if fmt == "xlsx":
        assert load_workbook(io.BytesIO(body)).active.max_row >= 2
    else:
        assert body.startswith(b"\xef\xbb\xbf")


def test_pdf_download(world, client_staff_a):
    response = client_staff_a.get(download(world.live_plan_a, "institucional", "pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="institucional-A001-2017.pdf"'
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_plan_page_links_to_every_annex(world, client_staff_a):
    content = client_staff_a.get(world.live_plan_a.get_absolute_url()).content.decode()
    for table in [
        "recomendaciones",
        "resumen",
        "especifico",
        "institucional",
        "interinstitucional",
        "avance",
        "avance-institucional",
    ]:
        assert preview(world.live_plan_a, table) in content
