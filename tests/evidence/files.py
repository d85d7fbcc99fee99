"""Small real files of every accepted type, and the hostile ones the upload must refuse."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from openpyxl import Workbook
from PIL import Image

from evidence.samples import example_pdf, pdf_file

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def pdf(*, catalog: str = "", page: str = "", extra: tuple[bytes | str, ...] = ()) -> bytes:
    """A one-page PDF with a real cross-reference table, as a parser reads it: `catalog` and `page`
    are added to those dictionaries, `extra` are objects 4, 5…"""
    objects = [
        f"<< /Type /Catalog /Pages 2 0 R {catalog} >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] {page} >>",
        *extra,
    ]
    return pdf_file([item.encode("latin-1") if isinstance(item, str) else item for item in objects], version=b"1.7")


def encrypted_pdf(*, user_password: str) -> bytes:
    """A PDF protected with AES-256: with an empty user password it opens without asking (only
    printing or copying is restricted), as many official documents are published."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(example_pdf("Oficio protegido"))))
    writer.encrypt(user_password=user_password, owner_password="propietario", algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def png(size=(4, 4)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def jpg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (30, 30, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def png_with_html() -> bytes:
    """A PNG+HTML polyglot: a valid image whose text chunk is a web page."""
    data = png()
    payload = b"Comment\x00<html><body><script>alert(document.cookie)</script></body></html>"
    chunk = struct.pack(">I", len(payload)) + b"tEXt" + payload + struct.pack(">I", zlib.crc32(b"tEXt" + payload))
    return data[:33] + chunk + data[33:]  # right after IHDR


def ole(stream: str, *, macros: bool = False) -> bytes:
    """The parts of an Office 97-2003 compound file our check reads: header and directory names."""
    names = stream.encode("utf-16-le") + (b"\x00" * 16 + "_VBA_PROJECT_CUR".encode("utf-16-le") if macros else b"")
    return OLE_MAGIC + b"\x00" * 504 + names + b"\x00" * 512


def zipped(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def ooxml(main_type: str, part: str, extra: dict[str, bytes] | None = None) -> bytes:
    types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Override PartName="/{part}" ContentType="application/vnd.{main_type}"/></Types>'
    ).encode()
    return zipped({"[Content_Types].xml": types, part: b"<x/>", **(extra or {})})


def docx(extra: dict[str, bytes] | None = None) -> bytes:
    return ooxml("openxmlformats-officedocument.wordprocessingml.document.main+xml", "word/document.xml", extra)


def relationships(*rows: tuple[str, str, str]) -> bytes:
    """A .rels part: (type, target, target mode) per relationship."""
    body = "".join(
        f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" '
        f'Target="{target}"' + (f' TargetMode="{mode}"' if mode else "") + "/>"
        for n, (kind, target, mode) in enumerate(rows, start=1)
    )
    return (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{body}</Relationships>"
    ).encode()


def xlsx() -> bytes:
    workbook = Workbook()
    workbook.active["A1"] = "Avance"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def odf(mimetype: str, extra: dict[str, bytes] | None = None) -> bytes:
    return zipped(
        {"mimetype": mimetype.encode(), "content.xml": b"<office:document-content/>", **(extra or {})},
        zipfile.ZIP_STORED,
    )


ACCEPTED = {
    "acta.pdf": example_pdf("Acta de la reunión"),
    "oficio.doc": ole("WordDocument"),
    "avance.xls": ole("Workbook"),
    "presentacion.ppt": ole("PowerPoint Document"),
    "informe.docx": ooxml("openxmlformats-officedocument.wordprocessingml.document.main+xml", "word/document.xml"),
    "matriz.xlsx": xlsx(),
    "resultados.pptx": ooxml(
        "openxmlformats-officedocument.presentationml.presentation.main+xml", "ppt/presentation.xml"
    ),
    "minuta.odt": odf("application/vnd.oasis.opendocument.text"),
    "padron.ods": odf("application/vnd.oasis.opendocument.spreadsheet"),
    "foto.jpg": jpg(),
    "Fotografía del taller.JPEG": jpg(),
    "grafica.png": png(),
    "beneficiarios.csv": "clave,municipio\n1,Querétaro\n2,Jalpan de Serra\n".encode(),
    "notas.txt": "Lista de asistencia del taller de capacitación.\n".encode("latin-1"),
    "anexos.zip": zipped({"anexo 1.pdf": example_pdf("Anexo 1"), "anexo 2.csv": b"a,b\n1,2\n"}),
}
