"""The bulk download: a ZIP with one CSV per API resource, formula-safe, UTF-8 with BOM."""

from __future__ import annotations

import csv
import io
import zipfile

from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from public.bulk import write_zip
from tests import factories as make

from .conftest import api, public_stack

URL = "/datos/asm-tracker-datos-abiertos.zip"
FILES = [
    "dependencias.csv",
    "programas.csv",
    "evaluaciones.csv",
    "recomendaciones.csv",
    "asm.csv",
    "actividades.csv",
    "avances.csv",
    "evidencias.csv",
    "replanteamientos.csv",
    "indicadores.csv",
    "metas.csv",
    "mediciones.csv",
]


def download(client) -> zipfile.ZipFile:
    """The ZIP as the public gets it, built now as the job would after an authorisation."""
    call_command("build_open_data", stdout=io.StringIO())
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="asm-tracker-datos-abiertos.zip"'
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def table(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    raw = archive.read(name)
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_the_url_is_the_named_one():
    assert reverse("open-data:bulk-download") == URL


def test_the_zip_has_one_csv_per_api_resource_with_the_same_records(client, stack):
    archive = download(client)
    assert archive.namelist() == FILES
    for name in FILES:
        prefix = name.removesuffix(".csv")
        records = client.get(f"/api/{prefix}/").json()["results"]
        rows = table(archive, name)
        assert len(rows) == len(records) > 0, name
        assert list(rows[0]) == list(records[0]), name
        assert rows[0][next(iter(records[0]))] == str(records[0][next(iter(records[0]))]), name


def test_cells_are_written_as_a_spreadsheet_should_read_them(client, db):
    stack = public_stack(text='=HIPERVINCULO("http://ejemplo.com"; "clic")')
    archive = download(client)
    [aspect] = table(archive, "asm.csv")
    assert aspect["texto"] == '\'=HIPERVINCULO("http://ejemplo.com"; "clic")'
    assert aspect["recomendaciones"] == str(stack.recommendation.pk)
    assert aspect["fecha_termino"] == "2018-06-30"
    assert aspect["tema"] == ""
    activities = {row["id"]: row for row in table(archive, "actividades.csv")}
    assert activities[str(stack.activity.pk)]["cancelada"] == "No"
    assert activities[str(stack.activity.pk)]["avance"] == "40.0"
    [evidence] = table(archive, "evidencias.csv")
    assert (
        evidence["url_descarga"] == f"{settings.SITE_URL}/evidencia/{stack.evidence.pk}/descargar/"
    )  # built with no request
    assert evidence["sha256"] == stack.evidence.sha256


def test_list_cells_join_their_values(client, stack):
    second_unit = make.unit(stack.agency, name="Área de Calidad")
    stack.activity.units.add(second_unit)
    activities = {row["id"]: row for row in table(download(client), "actividades.csv")}
    assert activities[str(stack.activity.pk)]["areas_responsables"] == "; ".join(
        record for record in client.get(api("actividad-detail", pk=stack.activity.pk)).json()["areas_responsables"]
    )
    assert "Área de Calidad" in activities[str(stack.activity.pk)]["areas_responsables"]


def test_an_empty_database_gives_headers_only(client, db):
    archive = download(client)
    for name in FILES:
        assert table(archive, name) == []
        assert archive.read(name).count(b"\r\n") == 1


def test_the_zip_is_written_to_any_file(db, stack, tmp_path):
    target = tmp_path / "datos.zip"
    with target.open("wb") as out:
        write_zip(out)
    archive = zipfile.ZipFile(target)
    assert archive.testzip() is None
    [evidence] = table(archive, "evidencias.csv")
    assert evidence["url_descarga"] == f"/evidencia/{stack.evidence.pk}/descargar/"  # no request, no host


def test_the_bulk_download_answers_get_and_head_only(client, db):
    call_command("build_open_data", stdout=io.StringIO())
    assert client.head(URL).status_code == 200
    assert client.post(URL).status_code == 405
