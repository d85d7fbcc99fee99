"""The public section shows authorised data only, to anyone, and nothing else.

The leak world holds, next to an authorised plan, content in every other state: plans in
borrador, en revisión and devuelto, a progress round in preparation, a replanning in review,
evidence not marked publishable, and an agency with nothing authorised. Each of those carries
a marker word; no public page, count, search result or download may contain one.
"""

from __future__ import annotations

import io
import json
import re
from datetime import date
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from aspects import progress
from aspects.models import ChangeRequest
from evidence.models import Evidence
from tests import factories as make
from tests import personas
from tests.conftest import shared_fixture

MARKERS = [
    "zxborrador",
    "zxrevision",
    "zxdevuelto",
    "zxavancepreparado",
    "zxreplanteo",
    "zxprivada",
    "zxagencia",
    "zxrecomendacion",
]


@pytest.fixture(scope="module")
def shared_leaks(request):
    yield from shared_fixture(request, build_leaks)


@pytest.fixture
def leaks(db, shared_leaks):
    return shared_leaks.get()


def build_leaks() -> SimpleNamespace:
    agency = make.agency(name="Secretaría de Salud Pública", acronym="SSP")
    staff, supervisor = personas.pair(agency)
    unit = make.unit(agency)
    program = make.program(agency, key="P100", name="Programa de vacunación")
    evaluation = make.evaluation(program)
    make.recommendation(evaluation, number=1, text="Mejorar la evaluación de resultados del programa.")

    live = make.plan(program, evaluation=evaluation)
    aspect = make.aspect(live, number=1, text="Actualizar el diagnóstico de la población objetivo y su evaluación.")
    activity = make.activity(aspect, units=[unit], number=1, description="Elaborar los programas de capacitación.")
    make.authorised(live, staff, supervisor)
    september, march = live.cycle.periods.order_by("end")
    make.opened(september)
    public_report = make.report(activity, september, percent=40, justification="Se integró el grupo de trabajo.")
    make.evidence(public_report, name="Acta de instalación.pdf", publishable=True)
    make.evidence(public_report, name="zxprivada padrón.pdf", publishable=False)
    make.authorised(public_report.round(), staff, supervisor)
    make.closed(september)
    make.opened(march)
    draft_report = make.report(activity, march, percent=90, justification="zxavancepreparado")
    make.evidence(draft_report, name="zxavancepreparado minuta.pdf", publishable=True)
    change = ChangeRequest.objects.create(
        activity=activity, justification="zxreplanteo", new_end_date=date(2018, 6, 30)
    )
    change.submit(by=staff)

    hidden = SimpleNamespace()
    other_evaluation = make.evaluation(program, year=2019)
    make.recommendation(other_evaluation, number=1, text="zxrecomendacion")
    for state, word in [("borrador", "zxborrador"), ("en_revision", "zxrevision"), ("devuelto", "zxdevuelto")]:
        plan = make.plan(program, evaluation=other_evaluation if state == "borrador" else None, title=word)
        hidden_aspect = make.aspect(plan, number=1, text=f"{word} ASM")
        hidden_activity = make.activity(hidden_aspect, units=[unit], number=1, description=f"{word} actividad")
        make.in_state(plan, state, staff, supervisor, comment="Corrija.")
        setattr(hidden, state, SimpleNamespace(plan=plan, aspect=hidden_aspect, activity=hidden_activity))

    other_agency = make.agency(name="zxagencia Secretaría", acronym="ZXA")
    other_program = make.program(other_agency, key="ZX1", name="zxagencia programa")
    make.aspect(make.plan(other_program), text="zxborrador de otra dependencia")
    return SimpleNamespace(
        agency=agency,
        staff=staff,
        supervisor=supervisor,
        program=program,
        evaluation=evaluation,
        other_evaluation=other_evaluation,
        live=live,
        aspect=aspect,
        activity=activity,
        hidden=hidden,
        other_agency=other_agency,
        other_program=other_program,
        change=change,
    )


def text_of(response) -> str:
    """What a response says, whatever its format (HTML, CSV, JSON or XLSX)."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        workbook = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(cell)
            for sheet in workbook
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    if response["Content-Type"].startswith("application/pdf"):
        from pypdf import PdfReader

        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return content.decode("utf-8-sig")


def public_urls(leaks) -> list[str]:
    key = leaks.program.key
    urls = [
        reverse("public:home"),
        reverse("public:agency-list"),
        reverse("public:program-list"),
        reverse("public:open-data"),
        reverse("public:agency", kwargs={"slug": leaks.agency.slug}),
        reverse("public:program", kwargs={"key": key}),
        reverse("public:evaluation", kwargs={"key": key, "pk": leaks.evaluation.pk}),
        reverse("public:aspect", kwargs={"key": key, "pk": leaks.aspect.pk}),
        reverse("public:activity", kwargs={"key": key, "pk": leaks.activity.pk}),
    ]
    for name in ("public:aspect-list", "public:activity-list"):
        base = reverse(name)
        urls += [base, f"{base}?estado=en_proceso", f"{base}?q=evaluacion"]
        urls += [f"{base}?formato={fmt}" for fmt in ("csv", "xlsx", "json")]
    urls += [f"{reverse('public:search')}?q={word}" for word in [*MARKERS, "programa", "evaluacion"]]
    urls += [f"{reverse('public:program-search')}?q={word}" for word in ["", "programa", "zxagencia", "ZX1"]]
    for table in ("recomendaciones", "resumen", "especifico", "avance"):
        urls.append(reverse("public:annex", kwargs={"key": key, "plan_pk": leaks.live.pk, "table": table}))
    return urls


def test_no_public_page_search_or_download_reveals_anything_not_authorised(leaks, client):
    for url in public_urls(leaks):
        response = client.get(url)
        assert response.status_code == 200, url
        said = text_of(response).lower()
        if "q=" in url:  # the search page repeats what was asked; that is not a leak
            asked = url.split("q=")[1]
            said = said.replace(asked, "")
        found = [marker for marker in MARKERS if marker in said]
        assert not found, f"{url} reveals {found}"
        if url.startswith(reverse("public:search")) and asked in MARKERS:
            assert [count for _, count, _, _ in response.context["results"]] == [0, 0, 0], url


def test_public_annex_downloads_reveal_nothing_not_authorised(leaks, client):
    for table, fmt in [("avance", "xlsx"), ("avance", "pdf")]:
        url = reverse(
            "public:annex-download",
            kwargs={"key": leaks.program.key, "plan_pk": leaks.live.pk, "table": table, "fmt": fmt},
        )
        response = client.get(url)
        assert response.status_code == 200
        said = text_of(response).lower()
        if fmt == "xlsx":  # PDF text comes back hyphenated at line ends
            assert "acta de instalación.pdf" in said
        assert not [marker for marker in MARKERS if marker in said]


def test_urls_of_anything_not_authorised_answer_404(leaks, client):
    key = leaks.program.key
    for state in ("borrador", "en_revision", "devuelto"):
        hidden = getattr(leaks.hidden, state)
        assert client.get(reverse("public:aspect", kwargs={"key": key, "pk": hidden.aspect.pk})).status_code == 404
        assert client.get(reverse("public:activity", kwargs={"key": key, "pk": hidden.activity.pk})).status_code == 404
        for table in ("resumen", "avance"):
            assert (
                client.get(
                    reverse("public:annex", kwargs={"key": key, "plan_pk": hidden.plan.pk, "table": table})
                ).status_code
                == 404
            )
    assert (
        client.get(reverse("public:evaluation", kwargs={"key": key, "pk": leaks.other_evaluation.pk})).status_code
        == 404
    )
    assert client.get(reverse("public:program", kwargs={"key": leaks.other_program.key})).status_code == 404
    assert client.get(reverse("public:agency", kwargs={"slug": leaks.other_agency.slug})).status_code == 404
    private = Evidence.objects.get(original_name="zxprivada padrón.pdf")
    assert client.get(private.get_public_url()).status_code == 404


def test_home_counts_only_authorised_data_and_authorised_progress(leaks, client):
    context = client.get(reverse("public:home")).context
    assert context["counts"] == {"agencies": 1, "programs": 1, "evaluations": 1, "aspects": 1, "activities": 1}
    [agency] = context["by_agency"]
    # 40 % authorised in September; the 90 % being prepared in March does not count yet.
    assert agency["mean_progress"] == 40.0 and agency["done"] == 0


def test_activity_page_shows_authorised_progress_and_public_evidence_with_its_sha256(leaks, client):
    page = client.get(
        reverse("public:activity", kwargs={"key": leaks.program.key, "pk": leaks.activity.pk})
    ).content.decode()
    evidence = Evidence.objects.get(original_name="Acta de instalación.pdf")
    assert "40 %" in page and evidence.sha256 in page and evidence.get_public_download_url() in page


def test_replanning_shows_original_and_current_dates_with_its_justification(leaks, client):
    leaks.change.justification = "Retraso del proveedor de vacunas."
    ChangeRequest.objects.filter(pk=leaks.change.pk).update(justification=leaks.change.justification)
    leaks.change.authorise(by=leaks.supervisor)
    page = client.get(
        reverse("public:activity", kwargs={"key": leaks.program.key, "pk": leaks.activity.pk})
    ).content.decode()
    assert "Retraso del proveedor de vacunas." in page
    assert "Fecha comprometida originalmente" in page and "31/12/2017" in page and "30/06/2018" in page


@pytest.mark.parametrize("query", ["evaluacion", "EVALUACIÓN", "Evaluación"])
def test_search_ignores_accents_and_case(leaks, client, query):
    page = client.get(reverse("public:search"), {"q": query}).content.decode()
    assert "Actualizar el diagnóstico de la población objetivo y su evaluación." in page
    assert "Mejorar la evaluación de resultados del programa." in page


def test_search_finds_the_singular_from_the_plural(leaks, client):
    response = client.get(reverse("public:search"), {"q": "programas"})
    aspects, activities, recommendations = response.context["results"]
    assert recommendations[1] == 1  # «programa» in the recommendation
    assert activities[1] == 1  # «programas» itself


def test_aspect_list_filters_and_downloads_exactly_what_it_shows(leaks, client):
    other = make.aspect(
        leaks.live,
        number=2,
        text="Revisar las reglas de operación.",
        kind="institucional",
        coordinating_unit=make.unit(leaks.agency),
    )
    assert other.pk
    url = reverse("public:aspect-list")
    shown = client.get(url, {"tipo": "institucional"}).context["page"].object_list
    assert [aspect.text for aspect in shown] == ["Revisar las reglas de operación."]
    rows = json.loads(text_of(client.get(url, {"tipo": "institucional", "formato": "json"})))
    assert [row["texto"] for row in rows] == ["Revisar las reglas de operación."]  # the API's field names
    csv = text_of(client.get(url, {"tipo": "institucional", "formato": "csv"}))
    assert "Revisar las reglas de operación." in csv and "Actualizar el diagnóstico" not in csv


def test_an_unknown_download_format_is_404(leaks, client):
    assert client.get(reverse("public:aspect-list"), {"formato": "exe"}).status_code == 404


def count_queries(client, url) -> int:
    """The queries of rendering the page, not of serving it from the public cache."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_authorised_rows(leaks, n: int) -> None:
    with progress.deferred():  # stored progress computed once, after the last row
        for _ in range(n):
            program = make.program(leaks.agency)
            plan = make.plan(program, evaluation=make.evaluation(program))
            aspect = make.aspect(plan)
            make.activity(aspect, units=[make.unit(leaks.agency)])
            make.activity(aspect)
            make.authorised(plan, leaks.staff, leaks.supervisor)


@pytest.mark.parametrize(
    "name", ["public:home", "public:agency-list", "public:program-list", "public:aspect-list", "public:activity-list"]
)
def test_public_list_query_count_does_not_grow_with_rows(leaks, client, settings, name):
    settings.DEBUG = False
    url = reverse(name)
    before = count_queries(client, url)
    add_authorised_rows(leaks, 15)
    assert count_queries(client, url) == before


def test_program_and_aspect_pages_query_count_does_not_grow_with_children(leaks, client):
    program_url = reverse("public:program", kwargs={"key": leaks.program.key})
    aspect_url = reverse("public:aspect", kwargs={"key": leaks.program.key, "pk": leaks.aspect.pk})
    before = count_queries(client, program_url), count_queries(client, aspect_url)
    with progress.deferred():  # stored progress computed once, after the last row
        for _ in range(10):
            make.aspect(leaks.live)
            make.activity(leaks.aspect, units=[make.unit(leaks.agency)])
    assert (count_queries(client, program_url), count_queries(client, aspect_url)) == before


def test_staff_still_reach_their_panel_from_the_public_header(db, client):
    page = client.get(reverse("public:home")).content.decode()
    assert reverse("staff-home") in page
    assert re.search(r'<html lang="es-MX">', page)


def test_the_program_list_shows_fifty_programs_a_page(db, client_anonymous):
    """A country has some 1,500 programs: the list is paged instead of growing with them."""
    from aspects.models import Plan
    from programs.workflow import State

    agency = make.agency(name="Secretaría de Economía", acronym="SE")
    for n in range(51):
        plan = make.plan(make.program(agency, key=f"E{n:03d}"))
        Plan.objects.filter(pk=plan.pk).update(state=State.AUTHORISED)  # public without the signatures' steps
    first = client_anonymous.get(reverse("public:program-list"))
    assert len(first.context["programs"]) == 50
    assert "Página 1 de 2" in first.content.decode()
    second = client_anonymous.get(reverse("public:program-list"), {"pagina": 2})
    assert [program.key for program in second.context["programs"]] == ["E050"]
