"""Uploading evidence: every accepted type goes in; every refused case is explained in Spanish
and leaves nothing behind, on disk or in the database."""

import hashlib
import zipfile

import pytest
from django.urls import reverse

from evidence.checks import ACCEPTED
from evidence.models import Evidence
from programs.workflow import State
from tests.evidence import files
from tests.evidence.conftest import a_file, stored, upload, upload_data


@pytest.mark.parametrize("name", sorted(files.ACCEPTED))
def test_staff_uploads_each_accepted_type(world, client_staff_a, open_report, media, name):
    content = files.ACCEPTED[name]
    response = upload(client_staff_a, open_report, a_file(name, content))
    assert response.status_code == 302, response.content.decode()[:2000]
    evidence = Evidence.objects.get()
    assert evidence.original_name == name
    assert evidence.size == len(content)
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    assert evidence.uploaded_by == world.staff_a
    assert evidence.state == State.DRAFT and not evidence.publishable
    # Stored under a name the server made, never the user's.
    assert name not in evidence.file.name and evidence.file.name.startswith("evidencia/")
    # With the canonical extension of the type the checks found (a .JPEG is stored as .jpg).
    assert evidence.file.name.endswith(f".{ACCEPTED[evidence.extension].extension}")
    [path] = stored(media)
    assert path.read_bytes() == content


def test_content_type_is_chosen_by_the_server_not_the_browser(client_staff_a, open_report):
    row = a_file("acta.pdf", files.ACCEPTED["acta.pdf"])
    row["file"].content_type = "text/html"
    upload(client_staff_a, open_report, row)
    assert Evidence.objects.get().content_type == "application/pdf"


def big_zip(entries: int = 1, size: int = 10_000) -> bytes:
    return files.zipped({f"hoja {n}.txt": b"0" * size for n in range(entries)})


REFUSED = {
    "html renamed pdf": (
        "informe.pdf",
        b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
        "no corresponde a un archivo .pdf (parece HTML o XML)",
    ),
    "png+html polyglot": ("grafica.png", files.png_with_html(), "contiene código HTML o de script"),
    "html appended to a pdf": (
        "acta.pdf",
        files.ACCEPTED["acta.pdf"] + b"<html><script>x()</script></html>",
        "contiene código HTML o de script",
    ),
    "pdf with javascript": (
        "acta.pdf",
        files.pdf(catalog="/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
        "es un PDF con JavaScript",
    ),
    "damaged pdf": ("acta.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n%%EOF", "el PDF está dañado"),
    "svg": (
        "logo.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "los archivos .svg no se aceptan",
    ),
    "svg renamed png": (
        "logo.png",
        b'<svg xmlns="http://www.w3.org/2000/svg"></svg>',
        "no corresponde a un archivo .png (parece una imagen SVG)",
    ),
    "html": ("pagina.html", b"<html></html>", "los archivos .html no se aceptan"),
    "javascript": ("app.js", b"alert(1)", "los archivos .js no se aceptan"),
    "executable": ("setup.exe", b"MZ\x90\x00" + b"\x00" * 60, "los archivos .exe no se aceptan"),
    "executable renamed pdf": ("acta.pdf", b"MZ\x90\x00" + b"\x00" * 60, "parece un programa ejecutable"),
    "xlsm": ("matriz.xlsm", files.xlsx(), "archivo de Office con macros (.xlsm)"),
    "docm": ("informe.docm", b"PK\x03\x04", "archivo de Office con macros (.docm)"),
    "pptm": ("resultados.pptm", b"PK\x03\x04", "archivo de Office con macros (.pptm)"),
    "xlsx hiding macros": (
        "matriz.xlsx",
        files.ooxml("ms-excel.sheet.macroEnabled.main+xml", "xl/workbook.xml", {"xl/vbaProject.bin": b"x"}),
        "contiene macros",
    ),
    "xls hiding macros": ("avance.xls", files.ole("Workbook", macros=True), "contiene macros"),
    "docx that is a spreadsheet": ("informe.docx", files.xlsx(), "no corresponde a un archivo .docx"),
    "zip holding an executable": (
        "anexos.zip",
        files.zipped({"anexo.pdf": b"%PDF-1.4", "instalar.exe": b"MZ"}),
        "contiene archivos que no se aceptan (instalar.exe)",
    ),
    "empty": ("acta.pdf", b"", "está vacío"),
    "unknown type": ("datos.xyz", b"123", "el tipo .xyz no se acepta"),
    "no extension": ("LEEME", b"hola", "no tiene extensión"),
    "binary called txt": ("notas.txt", b"\x00\x01\x02binario", "no corresponde a un archivo .txt"),
    "damaged image": ("foto.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 40, "no es una imagen JPEG válida"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_upload_says_why_and_keeps_nothing(client_staff_a, open_report, media, case):
    name, content, message = REFUSED[case]
    response = upload(client_staff_a, open_report, a_file(name, content))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "No se guardó ningún documento" in response.content.decode()
    assert not Evidence.objects.exists()
    assert stored(media) == []


def test_one_bad_file_refuses_the_whole_upload(client_staff_a, open_report, media):
    response = upload(
        client_staff_a, open_report, a_file("acta.pdf", files.ACCEPTED["acta.pdf"]), a_file("logo.svg", b"<svg></svg>")
    )
    assert "los archivos .svg no se aceptan" in response.content.decode()
    assert not Evidence.objects.exists() and stored(media) == []


def test_file_over_the_size_limit_is_refused(settings, client_staff_a, open_report, media):
    settings.EVIDENCE_MAX_FILE_SIZE = 1024
    response = upload(client_staff_a, open_report, a_file("acta.pdf", files.ACCEPTED["acta.pdf"] + b"\n" * 2000))
    assert "el máximo por archivo es 1.0\xa0KB" in response.content.decode()
    assert not Evidence.objects.exists() and stored(media) == []


def test_zip_over_the_declared_uncompressed_size_is_refused(settings, client_staff_a, open_report, media):
    settings.EVIDENCE_ZIP_MAX_UNCOMPRESSED = 5_000
    response = upload(client_staff_a, open_report, a_file("hojas.zip", big_zip(size=10_000)))
    assert "descomprimido; el máximo es" in response.content.decode()
    assert not Evidence.objects.exists() and stored(media) == []


def test_zip_with_too_many_entries_is_refused(settings, client_staff_a, open_report, media):
    settings.EVIDENCE_ZIP_MAX_ENTRIES = 5
    response = upload(client_staff_a, open_report, a_file("hojas.zip", big_zip(entries=6, size=10)))
    assert "contiene 6 archivos; el máximo es 5" in response.content.decode()
    assert not Evidence.objects.exists() and stored(media) == []


def test_zip_bomb_is_judged_by_its_declared_size_without_unpacking(settings, client_staff_a, open_report):
    settings.EVIDENCE_ZIP_MAX_UNCOMPRESSED = 1024 * 1024
    bomb = files.zipped({"ceros.txt": b"\x00" * (20 * 1024 * 1024)})
    assert len(bomb) < 50_000
    response = upload(client_staff_a, open_report, a_file("ceros.zip", bomb))
    assert "20.0\xa0MB descomprimido" in response.content.decode()


def test_more_files_than_allowed_per_upload_is_refused(settings, client_staff_a, open_report, media):
    settings.EVIDENCE_MAX_FILES_PER_UPLOAD = 2
    rows = [a_file(f"nota {n}.txt", f"nota {n}".encode()) for n in range(3)]
    response = upload(client_staff_a, open_report, *rows)
    assert "como máximo 2" in response.content.decode()
    assert not Evidence.objects.exists() and stored(media) == []


def multipart(file_name: bytes, content: bytes) -> tuple[bytes, str]:
    boundary = "----asmfrontera"
    fields = [
        ("evidencia-TOTAL_FORMS", "1"),
        ("evidencia-INITIAL_FORMS", "0"),
        ("evidencia-MIN_NUM_FORMS", "0"),
        ("evidencia-MAX_NUM_FORMS", "10"),
        ("evidencia-0-description", "Acta"),
    ]
    body = b""
    for key, value in fields:
        body += f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
    body += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="evidencia-0-file"; filename="'.encode()
        + file_name
        + b'"\r\n'
    )
    body += b"Content-Type: application/pdf\r\n\r\n" + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize(
    "raw_name, message",
    [
        (b"../../etc/acta.pdf", "contiene separadores de ruta"),
        (b"C:\\\\Users\\\\ana\\\\acta.pdf", "contiene separadores de ruta"),
        (b"acta\x00.pdf", "caracteres de control"),
        (b"acta\x07.pdf", "caracteres de control"),
        ("acta\u202efdp.exe".encode(), "caracteres de control o invisibles"),
    ],
)
def test_file_names_with_paths_or_control_characters_are_refused(client_staff_a, open_report, media, raw_name, message):
    body, content_type = multipart(raw_name, files.ACCEPTED["acta.pdf"])
    url = reverse("evidence:report-upload", kwargs={"report_pk": open_report.pk})
    response = client_staff_a.generic("POST", url, body, content_type=content_type)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Evidence.objects.exists() and stored(media) == []


def test_links_are_evidence_too(client_staff_a, open_report):
    response = upload(
        client_staff_a,
        open_report,
        {"url": "https://transparencia.example.gob.mx/acta.pdf", "description": "Acta publicada"},
    )
    assert response.status_code == 302
    assert Evidence.objects.get().url == "https://transparencia.example.gob.mx/acta.pdf"


def test_a_row_with_both_file_and_link_is_refused(client_staff_a, open_report):
    row = a_file("acta.pdf", files.ACCEPTED["acta.pdf"], url="https://example.gob.mx/acta.pdf")
    assert "no ambos" in upload(client_staff_a, open_report, row).content.decode()
    assert not Evidence.objects.exists()


def test_each_document_needs_a_description(client_staff_a, open_report):
    response = upload(client_staff_a, open_report, a_file("acta.pdf", files.ACCEPTED["acta.pdf"], description=""))
    assert "Describa brevemente el documento" in response.content.decode()


def test_an_empty_upload_asks_for_a_file(client_staff_a, open_report):
    response = upload(client_staff_a, open_report, {"description": ""})
    assert "Agregue al menos un archivo o una liga" in response.content.decode()


def test_same_content_twice_on_one_activity_is_flagged(world, client_staff_a, open_report):
    content = files.ACCEPTED["acta.pdf"]
    upload(client_staff_a, open_report, a_file("acta.pdf", content))
    response = upload(client_staff_a, open_report, a_file("acta (copia).pdf", content))
    first, second = Evidence.objects.order_by("pk")
    assert second.duplicate_of == first and first.duplicate_of is None
    page = client_staff_a.get(world.live_activity_a.get_absolute_url()).content.decode()
    assert "Contenido duplicado" in page
    assert response.status_code == 302


def test_same_content_on_another_activity_is_not_flagged(world, client_staff_a, open_report):
    from tests import factories as make

    other = make.report(make.activity(world.live_aspect_a, number=2, units=[world.unit_a]), world.march, percent=10)
    upload(client_staff_a, open_report, a_file("acta.pdf", files.ACCEPTED["acta.pdf"]))
    upload(client_staff_a, other, a_file("acta.pdf", files.ACCEPTED["acta.pdf"]))
    assert not Evidence.objects.filter(duplicate_of__isnull=False).exists()


def test_upload_to_a_locked_report_is_refused(world, client_staff_a, media):
    response = upload(client_staff_a, world.report_a, a_file("acta.pdf", files.ACCEPTED["acta.pdf"]))
    assert response.status_code == 403
    assert not Evidence.objects.exists() and stored(media) == []


def test_other_agency_cannot_upload_to_our_report(client_staff_b, open_report):
    assert upload(client_staff_b, open_report, a_file("acta.pdf", files.ACCEPTED["acta.pdf"])).status_code == 404


def test_evaluation_documents_are_uploaded_with_their_kind(world, client_staff_a):
    url = reverse("evidence:evaluation-upload", kwargs={"evaluation_pk": world.evaluation_a.pk})
    data = upload_data(
        a_file("Informe final.pdf", files.ACCEPTED["acta.pdf"], document="informe", description="Informe final")
    )
    assert client_staff_a.post(url, data).status_code == 302
    document = world.evaluation_a.documents.get()
    assert document.get_document_display() == "Informe de evaluación"
    assert "Informe final.pdf" in client_staff_a.get(world.evaluation_a.get_absolute_url()).content.decode()


def test_upload_page_shows_the_accepted_types(client_staff_a, open_report):
    page = client_staff_a.get(reverse("evidence:report-upload", kwargs={"report_pk": open_report.pk})).content.decode()
    assert "PDF, DOC, DOCX" in page and "25.0\xa0MB" in page


def test_a_zip_bomb_is_refused_before_any_member_is_unpacked(settings, monkeypatch, client_staff_a, open_report):
    # The declared sizes are judged from the central directory first: a bomb costs nothing to
    # refuse, however far it would inflate. (Members within the limits are unpacked and inspected.)
    settings.EVIDENCE_ZIP_MAX_UNCOMPRESSED = 1024 * 1024
    bomb = files.zipped({"anexo.pdf": files.ACCEPTED["acta.pdf"], "ceros.txt": b"0" * (20 * 1024 * 1024)})
    opened = []
    original = zipfile.ZipFile.open

    def spy(self, name, *args, **kwargs):
        opened.append(name if isinstance(name, str) else name.filename)
        return original(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    response = upload(client_staff_a, open_report, a_file("anexos.zip", bomb))
    assert "descomprimido; el máximo es" in response.content.decode()
    assert opened == []


def test_a_request_larger_than_one_upload_may_be_is_answered_413_unread(client_staff_a, open_report, media):
    # 240 MB declared, as a client about to send them would: refused before the body is read.
    body, content_type = multipart(b"acta.pdf", files.ACCEPTED["acta.pdf"])
    url = reverse("evidence:report-upload", kwargs={"report_pk": open_report.pk})
    response = client_staff_a.generic("POST", url, body, content_type=content_type, CONTENT_LENGTH=str(240 * 2**20))
    assert response.status_code == 413
    page = response.content.decode()
    assert "El envío pesa 240.0\xa0MB; el máximo por envío es 102.5\xa0MB" in page
    assert "hasta 10 archivos de hasta 25.0\xa0MB cada uno" in page
    assert not Evidence.objects.exists() and stored(media) == []


def test_the_request_limit_is_the_upload_total_plus_the_fields_allowance(settings, client_staff_a, open_report):
    settings.EVIDENCE_MAX_UPLOAD_SIZE = 4000
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    small = a_file("acta.pdf", files.ACCEPTED["acta.pdf"])
    assert upload(client_staff_a, open_report, small).status_code == 302
    large = a_file("notas.txt", b"nota " * 1000)
    assert upload(client_staff_a, open_report, large).status_code == 413
    assert Evidence.objects.count() == 1


def test_a_form_without_files_is_limited_to_the_fields_allowance(settings, client_staff_a):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = "q=" + "x" * 2000
    response = client_staff_a.post(reverse("public:home"), body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413 and "el máximo es 1000\xa0bytes" in response.content.decode()
