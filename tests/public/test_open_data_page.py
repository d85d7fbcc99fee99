"""The open-data page states its licence and links a data dictionary written from the files'
own declarations (issue 16 §5)."""

from __future__ import annotations

import csv
import io
import zipfile

from django.urls import reverse

from aspects.progress import Status
from public.bulk import write_zip

DICTIONARY = reverse("public:data-dictionary")


def test_the_open_data_page_states_the_libre_uso_mx_licence_and_links_the_dictionary(db, client):
    page = client.get(reverse("public:open-data")).content.decode()
    assert 'href="https://www.datos.gob.mx/libreusomx" rel="license">Términos de Libre Uso MX</a>' in page
    assert "la licencia de datos abiertos del Gobierno de México" in page
    assert "citar la fuente" in page
    assert f'href="{DICTIONARY}"' in page


def test_the_dictionary_has_every_column_of_every_file_of_the_zip_in_order_with_its_meaning(stack, client):
    archive = io.BytesIO()
    write_zip(archive)
    with zipfile.ZipFile(archive) as zipped:
        headers = {
            name: next(csv.reader(io.StringIO(zipped.read(name).decode("utf-8-sig")))) for name in zipped.namelist()
        }
    response = client.get(DICTIONARY)
    assert response.status_code == 200
    files = {data_file.name: data_file for data_file in response.context["files"]}
    assert list(files) == list(headers)
    page = response.content.decode()
    for name, header in headers.items():
        assert [column.name for column in files[name].columns] == header, name
        for column in files[name].columns:
            assert column.meaning.strip() and column.kind, f"{name}: {column.name} no dice qué significa"
        assert f'id="archivo-{files[name].resource}"' in page
    # A meaning the page shows, with its Markdown code written as code.
    assert "<code>id</code> de la dependencia o entidad." in page


def test_the_list_downloads_have_the_columns_the_dictionary_gives_their_files(stack, client):
    files = {data_file.name: data_file for data_file in client.get(DICTIONARY).context["files"]}
    for list_name, file_name in (("public:aspect-list", "asm.csv"), ("public:activity-list", "actividades.csv")):
        response = client.get(reverse(list_name), {"formato": "csv"})
        header = next(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
        assert header == [column.name for column in files[file_name].columns]


def test_coded_columns_list_every_code_with_its_label(db, client):
    files = {data_file.name: data_file for data_file in client.get(DICTIONARY).context["files"]}
    [status] = [column for column in files["asm.csv"].columns if column.name == "estado"]
    assert status.kind == "Código" and status.codes == [(code, str(label)) for code, label in Status.choices]
    [recommendations] = [column for column in files["asm.csv"].columns if column.name == "recomendaciones"]
    assert recommendations.kind.startswith("Lista de números enteros")
