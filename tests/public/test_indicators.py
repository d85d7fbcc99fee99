"""The public side of a plan measured by indicators: its page (indicators, targets, authorised
measurements and ratings, the summary of ratings as an SVG chart with its table under it), its
annexes and informe ejecutivo, and the open data (API and bulk ZIP). A draft round of
measurements, whose every text carries a marker word, shows nowhere."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from aspects.models import Plan
from indicators.figures import plan_figures
from programs.workflow import State
from public.bulk import write_zip
from reports.executive import rating_rows
from tests import factories as make
from tests.indicator_plans import DRAFT_MARK, indicator_plan

from .conftest import api

MARK = DRAFT_MARK


@pytest.fixture
def measured(db, shared_indicator_plan):
    return shared_indicator_plan.get()


def page_url(measured, **query) -> str:
    url = reverse("public:indicators", kwargs={"key": measured.program.key, "plan_pk": measured.plan.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def results(client, url) -> list[dict]:
    return client.get(url, {"por_pagina": 500}).json()["results"]


def test_the_page_lists_objectives_indicators_targets_results_and_ratings(client, measured):
    html = client.get(page_url(measured)).content.decode()
    for expected in (
        "Objetivo 1. Contar con información de gestión oportuna.",
        "Objetivo específico 2. Publicar reportes mensuales.",
        "1. Porcentaje de ministerios que traspasan la información solicitada.",
        "Ministerios que traspasan la información / Ministerios obligados",
        "2017: 70 %<br>2018: 80 %",
        "72.5 % (29 / 40)",
        "Este indicador sólo será posible de medir el año 2018.",
        "Sin medición al corte",
        "Informe ejecutivo (PDF)",
    ):
        assert expected in html, expected
    assert MARK not in html


def test_the_chart_is_an_svg_whose_table_under_it_carries_the_derived_figures(client, measured):
    html = client.get(page_url(measured)).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg and 'aria-labelledby="' in svg
    table = html[html.index('id="tabla-calificaciones"') :]
    assert html.index("</svg>") < html.index('id="tabla-calificaciones"')  # the table comes under the chart
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td class="text-end">(\d+)</td></tr>', table)
    figures = plan_figures(measured.plan, measured.september, public=True)
    expected = [(label, count) for _, label, count in rating_rows(figures.overall)]
    assert [(label, int(count)) for label, count in rows[: len(expected)]] == expected
    bars = re.findall(r'text-anchor="end">([^<]+)</text><rect[^>]*></rect><text[^>]*>(\d+)<', svg)
    assert [(label, int(count)) for label, count in bars] == expected


def test_the_page_obeys_the_content_security_policy(client, measured):
    response = client.get(page_url(measured))
    html = response.content.decode()
    assert "<script>" not in html and " style=" not in html and "<style" not in html
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_a_period_whose_measurements_are_a_draft_is_not_offered(client, measured):
    assert client.get(page_url(measured, periodo=measured.march.pk)).status_code == 404
    html = client.get(page_url(measured)).content.decode()
    assert f'value="{measured.march.pk}"' not in html


def test_the_program_page_links_the_indicators_and_the_indicator_annexes(client, measured):
    html = client.get(reverse("public:program", kwargs={"key": measured.program.key})).content.decode()
    assert page_url(measured) in html
    for slug in ("cumplimiento", "productos", "logros-brechas"):
        assert f"/anexos/{measured.plan.pk}/{slug}/" in html


def test_the_public_annexes_show_no_draft_measurement(client, measured):
    key, plan = measured.program.key, measured.plan.pk
    page = client.get(reverse("public:annex", kwargs={"key": key, "plan_pk": plan, "table": "cumplimiento"}))
    assert page.status_code == 200 and MARK not in page.content.decode()
    assert "Cumple parcialmente" in page.content.decode()
    march = client.get(
        reverse("public:annex", kwargs={"key": key, "plan_pk": plan, "table": "cumplimiento"})
        + f"?periodo={measured.march.pk}"
    )
    assert march.status_code == 404
    download = client.get(
        reverse("public:annex-download", kwargs={"key": key, "plan_pk": plan, "table": "cumplimiento", "fmt": "xlsx"})
    )
    ws = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert not any(MARK in str(cell.value) for row in ws.iter_rows() for cell in row)


def test_the_public_informe_ejecutivo_is_offered_only_at_an_authorised_period(client, measured):
    url = reverse(
        "public:executive-report", kwargs={"key": measured.program.key, "plan_pk": measured.plan.pk, "fmt": "xlsx"}
    )
    response = client.get(url)
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    flat = [cell.value for row in ws.iter_rows() for cell in row if cell.value is not None]
    assert "Informe ejecutivo" in flat and "Saúl Ríos" in flat and not any(MARK in str(value) for value in flat)
    assert client.get(f"{url}?periodo={measured.march.pk}").status_code == 404
    assert client.get(url.replace(".xlsx", ".docx")).status_code == 404


def test_a_plan_without_indicators_has_no_indicator_page_nor_report(client, measured, world):
    make.authorised(world.plan_a, world.staff_a, world.supervisor_a)
    key = world.program_a.key
    assert client.get(reverse("public:indicators", kwargs={"key": key, "plan_pk": world.plan_a.pk})).status_code == 404
    url = reverse("public:annex", kwargs={"key": key, "plan_pk": world.plan_a.pk, "table": "productos"})
    assert client.get(url).status_code == 404


def test_a_draft_plan_with_indicators_is_not_public(client, db):
    draft = indicator_plan()
    Plan.objects.filter(pk=draft.plan.pk).update(state=State.DRAFT)
    assert client.get(page_url(draft)).status_code == 404
    hidden = {indicator.pk for indicator in draft.indicators}
    assert not hidden & {record["id"] for record in results(client, api("indicador-list"))}
    assert not results(client, api("medicion-list"))


def test_the_api_lists_indicators_targets_and_authorised_measurements_only(client, measured):
    indicators = results(client, api("indicador-list"))
    assert [record["numero"] for record in indicators] == [1, 2, 3, 4, 5, 6]
    first = indicators[0]
    assert (first["objetivo"], first["asm"], first["tipo_meta"], first["programa"]) == (
        1,
        measured.aspects[0].pk,
        "porcentaje",
        measured.program.key,
    )
    targets = results(client, api("meta-list"))
    assert {(t["indicador"], t["anio"], t["meta"]) for t in targets} >= {
        (first["id"], 2017, 70),
        (first["id"], 2018, 80),
    }
    measurements = results(client, api("medicion-list"))
    assert len(measurements) == 5 and {m["periodo"] for m in measurements} == {"Septiembre"}
    by_indicator = {m["indicador"]: m for m in measurements}
    transfer = by_indicator[first["id"]]
    assert (transfer["resultado"], transfer["calificacion"], transfer["numerador"]) == (72.5, "cumple", 29)
    overridden = by_indicator[indicators[2]["id"]]
    assert (
        overridden["calificacion"],
        overridden["calificacion_calculada"],
        overridden["calificacion_modificada"],
    ) == (
        "cumple_parcialmente",
        "no_cumple",
        True,
    )
    assert MARK not in client.get(api("medicion-list"), {"por_pagina": 500}).content.decode()
    draft = measured.march_round.measurements().first()
    assert client.get(api("medicion-detail", pk=draft.pk)).status_code == 404


def test_the_open_data_zip_and_its_dictionary_carry_the_new_files(client, measured):
    out = io.BytesIO()
    write_zip(out)
    archive = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    assert {"indicadores.csv", "metas.csv", "mediciones.csv"} <= set(archive.namelist())
    measurements = archive.read("mediciones.csv").decode("utf-8-sig")
    assert "cumple_parcialmente" in measurements and MARK not in measurements
    assert len(measurements.strip().splitlines()) == 6  # the header and the five authorised measurements
    dictionary = client.get(reverse("public:data-dictionary")).content.decode()
    for expected in ("mediciones.csv", "calificacion_calculada", "indicadores.csv", "metas.csv"):
        assert expected in dictionary
