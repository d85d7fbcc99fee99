"""A signature prints the signer's full name and position, never a username: every public page,
the open data and the annexes are read whole for the usernames of the people who signed them."""

from __future__ import annotations

import io
import zipfile

import pypdf
import pytest
from django.test import Client
from django.urls import reverse

from reports.tables import TABLES
from tests import factories as make
from tests.conftest import shared_fixture

from .conftest import RESOURCES, api, public_stack

# Usernames that appear nowhere else, so that finding one anywhere is a leak.
PREPARER = "qzk7-usuario-captura"
SUPERVISOR = "qzk7-usuario-autoriza"
SIGNED_BY = ["Mónica Ibarra Sol", "Directora de Evaluación"]


def signers(agency):
    preparer = make.user(
        PREPARER, agency, first_name="Julián", last_name="Téllez Mora", position="Enlace de planeación"
    )
    supervisor = make.user(
        SUPERVISOR, agency, role="supervisor", first_name="Mónica", last_name="Ibarra Sol", position=SIGNED_BY[1]
    )
    return preparer, supervisor


@pytest.fixture(scope="module")
def shared_signed(request):
    yield from shared_fixture(request, lambda: public_stack(people=signers))


@pytest.fixture
def signed(db, shared_signed):
    return shared_signed.get()


def text_of(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body.startswith(b"%PDF"):
        return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(body)).pages)
    if body.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return body.decode()


def assert_no_username(text: str, where: str) -> None:
    for username in (PREPARER, SUPERVISOR, "qzk7"):
        assert username not in text, f"{username} in {where}"


def public_urls(s) -> list[str]:
    key = s.program.key
    urls = [
        reverse("public:home"),
        reverse("public:agency-list"),
        reverse("public:agency", kwargs={"slug": s.agency.slug}),
        reverse("public:program-list"),
        reverse("public:program", kwargs={"key": key}),
        reverse("public:evaluation", kwargs={"key": key, "pk": s.evaluation.pk}),
        reverse("public:aspect", kwargs={"key": key, "pk": s.aspect.pk}),
        reverse("public:activity", kwargs={"key": key, "pk": s.activity.pk}),
        reverse("public:activity", kwargs={"key": key, "pk": s.replanned.pk}),
        reverse("evidence-public:detail", kwargs={"pk": s.evidence.pk}),
        reverse("public:search") + "?q=diagnóstico",
        reverse("open-data:program-feed", kwargs={"key": key}),
        reverse("public:program-search") + f"?q={key}",
    ]
    for page in ("public:aspect-list", "public:activity-list"):
        urls += [reverse(page)] + [reverse(page) + f"?formato={fmt}" for fmt in ("csv", "xlsx", "json")]
    for resource in RESOURCES:
        urls.append(api(f"{resource}-list"))
    for resource, obj in [
        ("evaluacion", s.evaluation),
        ("asm", s.aspect),
        ("actividad", s.activity),
        ("avance", s.report),
        ("evidencia", s.evidence),
        ("replanteamiento", s.change),
    ]:
        urls.append(api(f"{resource}-detail", pk=obj.pk))
    return urls


def test_no_public_page_or_open_data_shows_a_username(signed):
    client = Client()
    seen = ""
    for url in public_urls(signed):
        response = client.get(url)
        assert response.status_code == 200, url
        text = text_of(response)
        assert_no_username(text, url)
        seen += text
    # The scan reads the signatures: the full name and position are there instead.
    assert all(part in seen for part in SIGNED_BY)


def test_no_annex_shows_a_username_and_each_signs_with_name_and_position(signed):
    client = Client()
    key, plan = signed.program.key, signed.plan.pk
    for table in TABLES:
        url = reverse("public:annex", kwargs={"key": key, "plan_pk": plan, "table": table})
        response = client.get(url)
        assert response.status_code == 200, url
        text = text_of(response)
        assert_no_username(text, url)
        assert all(part in text for part in SIGNED_BY), url
        xlsx = reverse("public:annex-download", kwargs={"key": key, "plan_pk": plan, "table": table, "fmt": "xlsx"})
        assert_no_username(text_of(client.get(xlsx)), xlsx)
    # One PDF, the progress annex (its signatures are the round's).
    pdf = reverse("public:annex-download", kwargs={"key": key, "plan_pk": plan, "table": "avance", "fmt": "pdf"})
    text = text_of(client.get(pdf))
    assert_no_username(text, pdf)
    assert "Mónica Ibarra" in text


def test_the_staff_annex_downloads_show_no_username_either(signed):
    from tests.personas import client_for

    client = client_for(signed.supervisor)
    for fmt in ("csv", "xlsx"):
        url = reverse("reports:annex-download", kwargs={"pk": signed.plan.pk, "table": "avance", "fmt": fmt})
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_username(text_of(response), url)
