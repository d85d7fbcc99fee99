"""The downloads of the public lists (`/asm/`, `/actividades/` with `?formato=`): the API's own
records, streamed, formula-safe in the spreadsheet formats, in a fixed number of queries."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime

import pytest
from django.db import connection
from django.http import FileResponse, StreamingHttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests import factories as make
from tests.conftest import shared_fixture

from .conftest import api, public_stack

LISTS = [("public:aspect-list", "asm-list"), ("public:activity-list", "actividad-list")]
FORMULA = '=HIPERVINCULO("http://ejemplo.com"; "clic")'


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def download(client, name: str, fmt: str, **filters):
    response = client.get(reverse(name), {**filters, "formato": fmt})
    assert response.status_code == 200
    return response


def csv_records(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body(response).decode("utf-8-sig"))))


def sheet_of(response):
    return load_workbook(io.BytesIO(body(response))).active


@pytest.fixture(scope="module")
def shared_two_plans(request):
    yield from shared_fixture(request, build_two_plans)


@pytest.fixture
def two_plans(db, shared_two_plans):
    return shared_two_plans.get()


def build_two_plans():
    """Two public stacks, so that filters have something to leave out; the first ASM's text looks like a formula."""
    first, second = public_stack(text=FORMULA), public_stack()
    make.activity(first.aspect, units=[first.unit], number=3, description="-Revisar el padrón.")
    return first, second


@pytest.mark.parametrize("name,resource", LISTS)
def test_json_gives_the_same_objects_as_the_api(client, two_plans, name, resource):
    records = json.loads(body(download(client, name, "json")))
    from_api = client.get(api(resource), {"por_pagina": 500}).json()["results"]
    assert len(records) == len(from_api) >= 2
    assert sorted(records, key=lambda record: record["id"]) == sorted(from_api, key=lambda record: record["id"])


@pytest.mark.parametrize("name,resource", LISTS)
def test_a_download_holds_exactly_the_filtered_rows(client, two_plans, name, resource):
    first, _ = two_plans
    records = json.loads(body(download(client, name, "json", programa=first.program.key)))
    assert {record["programa"] for record in records} == {first.program.key}
    in_csv = [record["id"] for record in csv_records(download(client, name, "csv", programa=first.program.key))]
    assert in_csv == [str(record["id"]) for record in records]


@pytest.mark.parametrize("name,resource", LISTS)
def test_csv_and_xlsx_have_the_api_s_fields_as_headers(client, two_plans, name, resource):
    fields = list(client.get(api(resource)).json()["results"][0])
    assert list(csv_records(download(client, name, "csv"))[0]) == fields
    sheet = sheet_of(download(client, name, "xlsx"))
    assert [cell.value for cell in sheet[1]] == fields
    assert sheet.freeze_panes == "A2" and all(cell.font.bold for cell in sheet[1])


def test_spreadsheets_get_real_dates_json_gets_the_api_s_text(client, two_plans):
    first, _ = two_plans
    sheet = sheet_of(download(client, "public:activity-list", "xlsx", programa=first.program.key))
    header = [cell.value for cell in sheet[1]]
    [row] = [
        dict(zip(header, cells, strict=False))
        for cells in sheet.iter_rows(min_row=2)
        if cells[0].value == first.activity.pk
    ]
    assert row["fecha_termino"].is_date and row["fecha_termino"].value == datetime(2017, 12, 31)
    assert row["avance"].data_type == "n" and row["avance"].value == 40
    [record] = [
        r for r in csv_records(download(client, "public:activity-list", "csv")) if r["id"] == str(first.activity.pk)
    ]
    assert (record["fecha_termino"], record["avance"], record["cancelada"], record["areas_responsables"]) == (
        "2017-12-31",
        "40.0",
        "No",
        first.unit.name,
    )
    assert date.fromisoformat(json.loads(body(download(client, "public:activity-list", "json")))[0]["fecha_termino"])


def test_formula_looking_text_is_made_safe_in_csv_and_xlsx_and_kept_in_json(client, two_plans):
    first, _ = two_plans
    [aspect] = [
        r for r in csv_records(download(client, "public:aspect-list", "csv")) if r["id"] == str(first.aspect.pk)
    ]
    assert aspect["texto"] == "'" + FORMULA
    activities = {r["id"]: r for r in csv_records(download(client, "public:activity-list", "csv"))}
    assert "'-Revisar el padrón." in [r["texto"] for r in activities.values()]

    sheet = sheet_of(download(client, "public:aspect-list", "xlsx"))
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value == FORMULA]
    assert cells and all(cell.data_type == "s" for cell in cells)

    records = json.loads(body(download(client, "public:aspect-list", "json")))
    assert FORMULA in [record["texto"] for record in records]


@pytest.mark.parametrize(
    "fmt,kind", [("csv", StreamingHttpResponse), ("json", StreamingHttpResponse), ("xlsx", FileResponse)]
)
def test_every_format_streams_as_an_attachment(client, two_plans, fmt, kind):
    for name, _ in LISTS:
        response = download(client, name, fmt)
        assert type(response) is kind
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"


def queries_for(client, name: str, fmt: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        body(download(client, name, fmt))
    return len(captured)


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_the_queries_do_not_grow_with_the_rows(client, two_plans, settings, fmt):
    settings.DEBUG = False
    first, _ = two_plans
    before = [queries_for(client, name, fmt) for name, _ in LISTS]
    for _ in range(8):
        aspect = make.aspect(first.plan)
        make.activity(aspect, units=[first.unit])
        aspect.recommendations.add(first.recommendation)
    assert [queries_for(client, name, fmt) for name, _ in LISTS] == before


def test_a_download_is_named_after_the_filters_that_narrow_it(two_plans):
    first, _ = two_plans
    program, agency, year = first.program, first.agency, first.plan.cycle.year
    clients = (Client(REMOTE_ADDR=f"10.0.0.{n}") for n in range(1, 10))  # one download slot each

    def name(list_name: str, fmt: str, **filters) -> str:
        return download(next(clients), list_name, fmt, **filters)["Content-Disposition"]

    assert name("public:aspect-list", "csv", programa=program.key, anio=year) == (
        f'attachment; filename="asm-{program.key}-{year}.csv"'
    )
    assert name(
        "public:activity-list", "xlsx", dependencia=agency.pk, ciclo=first.plan.cycle.pk, estado="en_proceso"
    ) == (f'attachment; filename="actividades-{agency.acronym}-{year}-en-proceso.xlsx"')
    assert name("public:aspect-list", "json", q="Evaluación de diseño") == (
        'attachment; filename="asm-evaluacion-de-diseno.json"'
    )
    assert name("public:aspect-list", "csv") == 'attachment; filename="asm.csv"'
    # A filter that does not validate filters nothing, so it names nothing either.
    assert name("public:aspect-list", "csv", estado="no-existe") == 'attachment; filename="asm.csv"'
