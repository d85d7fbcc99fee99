"""«Importar» in the panel: upload, preview, commit; the list; who may see and do what."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from aspects.models import Aspect, Plan
from imports.models import Import
from imports.parse import parse
from indicators.models import Measurement
from tests.imports import builders
from tests.imports import parsed as b
from tests.imports.conftest import pending


def stored(media) -> list:
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


def upload(client, content: bytes, name: str = "anexos.xlsx"):
    return client.post(reverse("imports:import-upload"), {"file": SimpleUploadedFile(name, content)})


@pytest.fixture
def reader(monkeypatch):
    answers: dict = {}
    b.fake_reader(monkeypatch, answers)
    return answers


def test_an_upload_is_read_kept_with_its_sha256_and_previewed(world, cycle, client_staff_a, reader, media):
    reader["anexos.xlsx"] = b.result(b.specific_plan())
    response = upload(client_staff_a, b.xlsx_bytes())

    import_ = Import.objects.get()
    assert response.status_code == 302 and response["Location"] == import_.get_absolute_url()
    assert (import_.agency, import_.uploaded_by, import_.status) == (world.agency_a, world.staff_a, "pendiente")
    assert len(import_.sha256) == 64 and import_.file.name.startswith("importaciones/")
    assert len(stored(media)) == 1
    page = client_staff_a.get(import_.get_absolute_url())
    html = page.content.decode()
    assert "Documento de trabajo (ASM específicos)" in html
    assert "Recabar el acuse de recibo." in html
    assert "nueva unidad" in html and "Dirección de Finanzas" in html
    assert 'value="importar"' in html


def test_the_same_file_again_is_refused_with_a_link_to_the_first_import(world, cycle, client_staff_a, reader):
    reader["anexos.xlsx"] = reader["copia.xlsx"] = b.result(b.specific_plan())
    content = b.xlsx_bytes()  # once: a workbook saved a second later differs in its timestamps
    upload(client_staff_a, content)
    first = Import.objects.get()

    response = upload(client_staff_a, content, name="copia.xlsx")

    assert response.status_code == 200
    html = response.content.decode()
    assert f"importación {first.pk}" in html
    assert first.get_absolute_url() in html
    assert Import.objects.count() == 1


def test_a_file_that_is_not_a_spreadsheet_is_refused_and_nothing_is_kept(world, client_staff_a, reader, media):
    response = upload(client_staff_a, b"No.;ASM\n1;Texto\n")
    assert "no es un archivo Excel válido" in response.content.decode()
    reader["vacio.xlsx"] = b.UnreadableFile("el archivo no contiene datos")
    response = upload(client_staff_a, b.xlsx_bytes(), name="vacio.xlsx")
    assert "«vacio.xlsx»: el archivo no contiene datos" in response.content.decode()
    response = upload(client_staff_a, b"%PDF-1.4\n", name="anexos.pdf")
    assert "solo se importan archivos de Excel" in response.content.decode()
    assert not Import.objects.exists() and not stored(media)


def test_the_preview_names_each_error_and_offers_no_import_button(world, cycle, client_staff_a):
    error = b.problem("Seguimiento ASM", 10, "Fecha Término", "mañana", "no es una fecha")
    table = b.specific_plan()
    table["sheet"] = "Seguimiento ASM"
    import_ = pending(world, b.result(table, errors=[error]))

    html = client_staff_a.get(import_.get_absolute_url()).content.decode()

    assert "Hoja «Seguimiento ASM», fila 10, columna «Fecha Término»: «mañana» no es una fecha" in html
    assert 'value="importar"' not in html
    response = client_staff_a.post(import_.get_absolute_url(), {**form_data(import_), "accion": "importar"})
    assert response.status_code == 302
    assert not Plan.objects.filter(program=world.program_a, cycle=cycle).exists()


def form_data(import_: Import, **overrides) -> dict:
    data = {}
    for index, _table in enumerate(import_.tables):
        for name, value in import_.choice(index).items():
            if value is None or value is False:
                continue
            data[f"tabla{index}-{name}"] = "on" if value is True else value
    data.update(overrides)
    return data


def test_importar_commits_and_lands_on_the_plan_in_borrador(world, cycle, client_staff_a):
    import_ = pending(world, b.result(b.specific_plan()))

    response = client_staff_a.post(import_.get_absolute_url(), {**form_data(import_), "accion": "importar"})

    plan = Plan.objects.get(program=world.program_a, cycle=cycle)
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert plan.state == "borrador" and plan.aspects.count() == 2
    page = client_staff_a.get(reverse("imports:import-list")).content.decode()
    assert "anexos.xlsx" in page and "Importado" in page and "2 ASM · 3 actividades" in page


def test_leaving_a_sheet_out_imports_the_rest(world, cycle, client_staff_a):
    other = b.table("especifico", "Otra", aspects=[b.aspect(1, "Otro ASM.", b.activity(1, "Otra actividad."))])
    import_ = pending(world, b.result(b.specific_plan(), other))

    client_staff_a.post(
        import_.get_absolute_url(), {**form_data(import_), "tabla1-exclude": "on", "accion": "importar"}
    )

    assert not Aspect.objects.filter(text="Otro ASM.").exists()
    assert Plan.objects.get(program=world.program_a, cycle=cycle).aspects.count() == 2
    assert Import.objects.get().choice(1)["exclude"] is True


def test_a_program_of_another_agency_is_refused_in_the_choices(world, cycle, client_staff_a):
    import_ = pending(world, b.result(b.specific_plan()))
    data = {**form_data(import_), "tabla0-program": world.program_b.pk, "accion": "importar"}
    response = client_staff_a.post(import_.get_absolute_url(), data)
    assert response.status_code == 200
    assert "No se guardó nada" in response.content.decode()
    assert not Plan.objects.filter(cycle=cycle).exists()


def test_another_agency_cannot_see_commit_discard_or_download_an_import(world, cycle, client_staff_b):
    import_ = pending(world, b.result(b.specific_plan()))
    url = import_.get_absolute_url()
    assert client_staff_b.get(url).status_code == 404
    assert client_staff_b.post(url, {**form_data(import_), "accion": "importar"}).status_code == 404
    assert client_staff_b.post(reverse("imports:import-discard", args=[import_.pk])).status_code == 404
    assert client_staff_b.get(reverse("imports:import-file", args=[import_.pk])).status_code == 404
    assert "anexos.xlsx" not in client_staff_b.get(reverse("imports:import-list")).content.decode()
    assert not Plan.objects.filter(cycle=cycle).exists()


def test_the_coordinator_reads_every_agencys_imports_and_changes_none(world, cycle, client_coordinator):
    import_ = pending(world, b.result(b.specific_plan()))
    assert "anexos.xlsx" in client_coordinator.get(reverse("imports:import-list")).content.decode()
    page = client_coordinator.get(import_.get_absolute_url())
    assert page.status_code == 200 and 'value="importar"' not in page.content.decode()
    assert client_coordinator.post(import_.get_absolute_url(), {"accion": "importar"}).status_code == 403
    assert client_coordinator.get(reverse("imports:import-upload")).status_code == 403
    assert not Plan.objects.filter(cycle=cycle).exists()


def test_discarding_forgets_the_import_and_its_file(
    world, cycle, client_staff_a, reader, media, django_capture_on_commit_callbacks
):
    reader["anexos.xlsx"] = b.result(b.specific_plan())
    content = b.xlsx_bytes()
    upload(client_staff_a, content)
    import_ = Import.objects.get()
    assert len(stored(media)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client_staff_a.post(reverse("imports:import-discard", args=[import_.pk]))
    assert response.status_code == 302
    assert not Import.objects.exists() and not stored(media)
    assert upload(client_staff_a, content).status_code == 302  # the same file is taken again


def test_the_menu_offers_importar_to_staff_who_capture(client_staff_a, client_supervisor_a, client_coordinator):
    assert ">Importar</a>" in client_staff_a.get(reverse("staff-home")).content.decode()
    assert ">Importar</a>" in client_supervisor_a.get(reverse("staff-home")).content.decode()
    coordinator = client_coordinator.get(reverse("staff-home")).content.decode()
    assert ">Importar</a>" not in coordinator and ">Importaciones</a>" in coordinator


def test_the_preview_of_an_indicator_table_shows_the_draft_measurements_and_their_periods_then_commits_them(
    world, cycle, client_staff_a
):
    name, content = builders.indicators_docx()
    import_ = pending(
        world, parse(io.BytesIO(content), name=name), name=name, program=world.program_a.pk, cycle=cycle.pk
    )
    html = client_staff_a.get(import_.get_absolute_url()).content.decode()
    assert "Mediciones en borrador (resultado · calificación · periodo)" in html
    assert (
        "2008: 65 % · No cumple (del documento; calculada: Cumple parcialmente) · periodo «Año 2008» (nuevo: se "
        "crea «por abrir» en el ciclo «Programa de ASM 2017»)"
    ) in html.replace("&laquo;", "«").replace("&raquo;", "»")
    assert "4 indicadores, 4 mediciones en borrador" in html

    client_staff_a.post(import_.get_absolute_url(), {**form_data(import_), "accion": "importar"})

    assert Measurement.objects.filter(indicator__aspect__plan__program=world.program_a).count() == 4
    page = client_staff_a.get(reverse("imports:import-list")).content.decode()
    assert "4 indicadores · 4 mediciones" in page
