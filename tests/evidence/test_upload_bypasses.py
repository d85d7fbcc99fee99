"""The upload bypasses of issue 14, each file built here and refused; and the files that look
like them but are harmless, accepted. The checks parse (pypdf, zipfile) instead of searching bytes."""

import pytest

from evidence.checks import normalised_member
from evidence.models import Evidence
from tests.evidence import files
from tests.evidence.conftest import a_file, stored, upload

JS_HEX_ESCAPED = "/OpenAction << /S /Java#53cript /J#53 (app.alert(1)) >>"

PDF_REFUSED = {
    # A byte search for «/JavaScript» does not see «/Java#53cript»; the parser decodes the name.
    "javascript with hex-escaped names": (files.pdf(catalog=JS_HEX_ESCAPED), "es un PDF con JavaScript"),
    "url opened on load": (
        files.pdf(catalog="/OpenAction << /S /URI /URI (https://rastreo.example.com/abierto) >>"),
        "una acción que abre una dirección de internet sin que el lector la elija",
    ),
    "url opened when the page opens": (
        files.pdf(page="/AA << /O << /S /URI /URI (https://rastreo.example.com/pagina) >> >>"),
        "una acción que abre una dirección de internet sin que el lector la elija",
    ),
    "url in the chain after a harmless open action": (
        files.pdf(catalog="/OpenAction << /S /Named /N /FirstPage /Next [<< /S /URI /URI (https://x.example) >>] >>"),
        "abre una dirección de internet",
    ),
    "javascript in the names tree": (
        files.pdf(catalog="/Names << /JavaScript << /Names [(inicio) 4 0 R] >> >>", extra=("<< /S /JavaScript >>",)),
        "es un PDF con JavaScript",
    ),
    "javascript on a form field's keystroke": (
        files.pdf(
            catalog="/AcroForm << /Fields [4 0 R] >>",
            extra=("<< /FT /Tx /T (monto) /AA << /K 5 0 R >> >>", "<< /S /JavaScript /JS 6 0 R >>", "(app.alert(2))"),
        ),
        "es un PDF con JavaScript",
    ),
    "launch on a link": (
        files.pdf(
            page="/Annots [4 0 R]",
            extra=("<< /Type /Annot /Subtype /Link /Rect [0 0 90 20] /A << /S /Launch /F (cmd.exe) >> >>",),
        ),
        "una acción que abre programas (Launch)",
    ),
    "embedded file": (
        files.pdf(
            catalog="/Names << /EmbeddedFiles 4 0 R >>",
            extra=(
                "<< /Names [(instalar.exe) 5 0 R] >>",
                "<< /Type /Filespec /F (instalar.exe) /EF << /F 6 0 R >> >>",
                b"<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream",
            ),
        ),
        "archivos incrustados",
    ),
    "file attachment annotation": (
        files.pdf(
            page="/Annots [4 0 R]",
            extra=("<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 9 9] /FS 5 0 R >>", "<< /Type /Filespec >>"),
        ),
        "archivos incrustados",
    ),
    "xfa form": (
        files.pdf(
            catalog="/AcroForm << /Fields [] /XFA 4 0 R >>",
            extra=(b"<< /Length 7 >>\nstream\n<xdp/>\nendstream",),
        ),
        "un formulario XFA",
    ),
    "password to open": (files.encrypted_pdf(user_password="secreta"), "el PDF está protegido con contraseña"),
}


@pytest.mark.parametrize("case", sorted(PDF_REFUSED))
def test_a_pdf_that_would_act_on_its_own_is_refused(client_staff_a, open_report, media, case):
    content, message = PDF_REFUSED[case]
    page = upload(client_staff_a, open_report, a_file("acta.pdf", content)).content.decode()
    assert message in page and "No se guardó ningún documento" in page
    assert not Evidence.objects.exists() and stored(media) == []


PDF_ACCEPTED = {
    "a hyperlink the reader clicks": files.pdf(
        page="/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 90 20] /A << /S /URI /URI (https://www.gob.mx) >> >>]"
    ),
    "an open action that shows the first page": files.pdf(catalog="/OpenAction [3 0 R /Fit]"),
    "protected against copying only (AES, no password to open)": files.encrypted_pdf(user_password=""),
}


@pytest.mark.parametrize("case", sorted(PDF_ACCEPTED))
def test_a_pdf_that_only_reads_is_accepted(client_staff_a, open_report, case):
    response = upload(client_staff_a, open_report, a_file("acta.pdf", PDF_ACCEPTED[case]))
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert Evidence.objects.get().content_type == "application/pdf"


def nested(depth: int, inner: dict[str, bytes]) -> bytes:
    content = files.zipped(inner)
    for level in range(depth - 1):
        content = files.zipped({f"nivel {level}.zip": content})
    return content


ZIP_REFUSED = {
    "a zip in a zip holding a web page": (
        files.zipped({"anexo.pdf": files.ACCEPTED["acta.pdf"], "interior.zip": files.zipped({"evil.html": b"<p>"})}),
        "«anexos.zip › interior.zip» contiene archivos que no se aceptan (evil.html)",
    ),
    "a web page named with a trailing dot": (files.zipped({"evil.html.": b"<p>"}), "(evil.html.)"),
    "a web page named with a trailing space": (files.zipped({"evil.html ": b"<p>"}), "(evil.html )"),
    "a web page named in full-width letters": (files.zipped({"evil．ＨＴＭＬ": b"<p>"}), "(evil．ＨＴＭＬ)"),
    "a pdf with javascript inside the zip": (
        files.zipped({"acta.pdf": files.pdf(catalog=JS_HEX_ESCAPED)}),
        "«anexos.zip › acta.pdf» es un PDF con JavaScript",
    ),
    "an html page renamed txt inside the zip": (
        files.zipped({"notas.txt": b"<html><script>alert(1)</script></html>"}),
        "«anexos.zip › notas.txt»",
    ),
    "containers nested past the limit": (
        nested(4, {"acta.pdf": files.ACCEPTED["acta.pdf"]}),
        "está dentro de demasiados archivos comprimidos",
    ),
    "a member with a right-to-left override": (
        files.zipped({"acta\u202efdp.exe": b"MZ"}),
        "caracteres de control o invisibles en el nombre",
    ),
}
# Types a block-list forgot: each is refused because it is not on the allow-list.
for extension in ("jse", "chm", "iso", "url", "wsh", "msc", "lnk", "appx", "xll", "one"):
    ZIP_REFUSED[f"a .{extension} member"] = (files.zipped({f"abrir.{extension}": b"x"}), f"(abrir.{extension})")


@pytest.mark.parametrize("case", sorted(ZIP_REFUSED))
def test_a_zip_with_a_member_a_desktop_would_run_is_refused(client_staff_a, open_report, media, case):
    content, message = ZIP_REFUSED[case]
    page = upload(client_staff_a, open_report, a_file("anexos.zip", content)).content.decode()
    assert message in page, page[page.find("invalid-feedback") - 200 :][:1500]
    assert not Evidence.objects.exists() and stored(media) == []


def test_a_zip_of_documents_inside_a_zip_within_the_depth_is_accepted(client_staff_a, open_report):
    content = nested(2, {"acta.pdf": files.ACCEPTED["acta.pdf"], "matriz.xlsx": files.xlsx()})
    assert upload(client_staff_a, open_report, a_file("anexos.zip", content)).status_code == 302


def test_the_size_limit_counts_the_zips_inside_a_zip(settings, client_staff_a, open_report):
    settings.EVIDENCE_ZIP_MAX_UNCOMPRESSED = 60_000
    inner = files.zipped({"hoja.txt": b"0" * 40_000})
    content = files.zipped({"uno.zip": inner, "dos.zip": inner})  # each within the limit, both together not
    page = upload(client_staff_a, open_report, a_file("anexos.zip", content)).content.decode()
    assert "descomprimido (con los archivos que lo contienen); el máximo es" in page


OFFICE_REFUSED = {
    "a remote template (macros fetched on open)": (
        files.docx(
            {
                "word/_rels/settings.xml.rels": files.relationships(
                    ("attachedTemplate", "https://plantillas.example.com/oficio.dotm", "External")
                )
            }
        ),
        "descarga contenido de internet al abrirse",
    ),
    "an activex control": (
        files.docx({"word/activeX/activeX1.xml": b"<ax/>", "word/activeX/activeX1.bin": b"x"}),
        "controles ActiveX",
    ),
    "a packaged file (double click runs it)": (
        files.docx({"word/embeddings/oleObject1.bin": files.ole("\x01Ole10Native")}),
        "lleva un archivo incrustado como paquete",
    ),
    "a workbook with macros embedded": (
        files.docx({"word/embeddings/oleObject1.bin": files.ole("Workbook", macros=True)}),
        "contiene macros",
    ),
    "a legacy workbook with macros embedded": (
        files.docx({"word/embeddings/Hoja.xls": files.ole("Workbook", macros=True)}),
        "«informe.docx › word/embeddings/Hoja.xls» contiene macros",
    ),
    "a script part": (files.docx({"word/media/abrir.js": b"alert(1)"}), "(word/media/abrir.js)"),
}


@pytest.mark.parametrize("case", sorted(OFFICE_REFUSED))
def test_an_office_file_with_active_parts_is_refused(client_staff_a, open_report, media, case):
    content, message = OFFICE_REFUSED[case]
    page = upload(client_staff_a, open_report, a_file("informe.docx", content)).content.decode()
    assert message in page
    assert not Evidence.objects.exists() and stored(media) == []


def test_an_office_file_with_hyperlinks_and_an_embedded_workbook_is_accepted(client_staff_a, open_report):
    content = files.docx(
        {
            "word/_rels/document.xml.rels": files.relationships(
                ("hyperlink", "https://www.gob.mx/bienestar", "External"), ("image", "media/image1.png", "")
            ),
            "word/media/image1.png": files.png(),
            "word/embeddings/Microsoft_Excel_Worksheet.xlsx": files.xlsx(),
            "word/embeddings/Microsoft_Excel_97-2003_Worksheet.xls": files.ole("Workbook"),
        }
    )
    assert upload(client_staff_a, open_report, a_file("informe.docx", content)).status_code == 302


def test_an_opendocument_with_a_foreign_part_is_refused(client_staff_a, open_report):
    content = files.odf("application/vnd.oasis.opendocument.text", {"Pictures/abrir.hta": b"x"})
    assert "(Pictures/abrir.hta)" in upload(client_staff_a, open_report, a_file("minuta.odt", content)).content.decode()


@pytest.mark.parametrize(
    "name, expected",
    [
        ("evil.html.", "evil.html"),
        ("evil.html ", "evil.html"),
        ("carpeta. /Evil.HTML . .", "carpeta/evil.html"),
        ("evil．ＨＴＭＬ", "evil.html"),
        ("acta.pdf", "acta.pdf"),
    ],
)
def test_member_names_are_read_as_a_desktop_reads_them(name, expected):
    assert normalised_member(name) == expected


def test_a_top_level_name_with_a_trailing_dot_is_judged_by_its_real_extension(client_staff_a, open_report):
    page = upload(client_staff_a, open_report, a_file("informe.html.", b"<p>hola</p>")).content.decode()
    assert "los archivos .html no se aceptan" in page
