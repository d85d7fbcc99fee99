"""What an evidence upload may be: its name, its extension and its content must all agree.

`inspect_upload()` is the one gate every uploaded file goes through. It reads the file (never
trusting the browser's content type), and either returns the `FileType` the server will store
and serve it as, or raises ValidationError with a message in Spanish that names the file.

The checks are deliberately strict: evidence is published to citizens, so a file that could
run code in a browser (HTML, SVG, scripts), on a desktop (executables, Office macros) or
exhaust the server (ZIP bombs) is refused, whatever its name says.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class FileType:
    extension: str  # the canonical extension the file is stored and served with
    content_type: str
    family: str  # how its content is recognised: pdf, ole, ooxml, odf, jpeg, png, text, zip
    marker: str = ""  # the sign inside the container that tells the document kind apart


# In the order the upload form lists them.
ACCEPTED: dict[str, FileType] = {
    "pdf": FileType("pdf", "application/pdf", "pdf"),
    "doc": FileType("doc", "application/msword", "ole", "WordDocument"),
    "docx": FileType(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "ooxml",
        "wordprocessingml.document.main+xml",
    ),
    "xls": FileType("xls", "application/vnd.ms-excel", "ole", "Workbook|Book"),
    "xlsx": FileType(
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ooxml",
        "spreadsheetml.sheet.main+xml",
    ),
    "odt": FileType("odt", "application/vnd.oasis.opendocument.text", "odf", "application/vnd.oasis.opendocument.text"),
    "ods": FileType(
        "ods", "application/vnd.oasis.opendocument.spreadsheet", "odf", "application/vnd.oasis.opendocument.spreadsheet"
    ),
    "ppt": FileType("ppt", "application/vnd.ms-powerpoint", "ole", "PowerPoint Document"),
    "pptx": FileType(
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "ooxml",
        "presentationml.presentation.main+xml",
    ),
    "jpg": FileType("jpg", "image/jpeg", "jpeg"),
    "jpeg": FileType("jpg", "image/jpeg", "jpeg"),
    "png": FileType("png", "image/png", "png"),
    "csv": FileType("csv", "text/csv; charset=utf-8", "text"),
    "txt": FileType("txt", "text/plain; charset=utf-8", "text"),
    "zip": FileType("zip", "application/zip", "zip"),
}

# What the browser's file picker offers (every accepted extension) and what a refusal lists (one name
# per type: JPEG is JPG).
ACCEPT_ATTRIBUTE = ",".join(f".{extension}" for extension in ACCEPTED)
_shown = [name.upper() for name in dict.fromkeys(file_type.extension for file_type in ACCEPTED.values())]
ACCEPTED_LABEL = f"{', '.join(_shown[:-1])} y {_shown[-1]}"

MACRO_EXTENSIONS = {"docm", "dotm", "xlsm", "xltm", "xlam", "xlsb", "pptm", "potm", "ppsm", "ppam", "sldm"}
ACTIVE_EXTENSIONS = set(
    """
    svg svgz html htm xhtml shtml xht mht mhtml js mjs jsx ts vbs vbe wsf hta php phtml asp aspx jsp py pl rb sh bash
    ps1 bat cmd com exe dll msi msp scr pif cpl jar apk app dmg deb rpm bin elf so lnk reg swf xml xsl xslt
    """.split()
)

# Byte strings that announce markup or script a browser would run; no accepted format needs
# them in the clear, so finding one means a disguised or polyglot file. Each is long enough
# not to turn up by chance in compressed data.
ACTIVE_CONTENT = re.compile(
    rb"<\s*(?:script|html|body|iframe|frame|object|embed|svg|meta|form)[\s/>]|<!doctype\s|<\?xml-stylesheet|javascript:",
    re.IGNORECASE,
)
# Long names only: short ones (/JS) turn up by chance inside compressed streams. A JS action
# always carries /S /JavaScript as well.
PDF_ACTIONS = re.compile(rb"/(?:JavaScript|Launch|RichMedia)\b")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
SIGNATURES = [  # (prefix, what it looks like) for the refusal message
    (b"%PDF-", "un PDF"),
    (OLE_MAGIC, "un documento de Office 97-2003"),
    (ZIP_MAGIC, "un archivo ZIP u Office"),
    (b"\xff\xd8\xff", "una imagen JPG"),
    (b"\x89PNG\r\n\x1a\n", "una imagen PNG"),
    (b"GIF8", "una imagen GIF"),
    (b"MZ", "un programa ejecutable"),
    (b"\x7fELF", "un programa ejecutable"),
    (b"#!", "un script"),
]


def refuse(message: str) -> ValidationError:
    return ValidationError(message, code="evidence")


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name.strip(".") else ""


def name_problem(name: str) -> str | None:
    """Why a file name is refused, or None. Checked on the name exactly as the browser sent it."""
    shown = name.encode("unicode_escape").decode("ascii") if any(_is_control(c) for c in name) else name
    if "/" in name or "\\" in name:
        return (
            f"El nombre «{shown}» contiene separadores de ruta (/ o \\). Cambie el nombre del archivo y súbalo de "
            "nuevo."
        )
    if any(_is_control(c) for c in name):
        return (
            f"El nombre «{shown}» contiene caracteres de control o invisibles. Cambie el nombre del archivo y "
            "súbalo de nuevo."
        )
    if len(name) > 200:
        return f"El nombre «{name[:40]}…» es demasiado largo (más de 200 caracteres)."
    if not name.strip(" ."):
        return "El archivo no tiene nombre."
    return None


def _is_control(char: str) -> bool:
    # Cc: NUL, tab, newlines…; Cf: bidirectional overrides that disguise «fdp.exe» as «exe.pdf».
    return unicodedata.category(char) in ("Cc", "Cf")


def file_type_for_name(name: str) -> FileType:
    problem = name_problem(name)
    if problem:
        raise refuse(problem)
    extension = extension_of(name)
    if not extension:
        raise refuse(f"«{name}» no tiene extensión. Tipos aceptados: {ACCEPTED_LABEL}.")
    if extension in MACRO_EXTENSIONS:
        raise refuse(
            f"«{name}» es un archivo de Office con macros (.{extension}), que no se acepta. Guárdelo sin macros "
            "(.docx, .xlsx o .pptx)."
        )
    if extension in ACTIVE_EXTENSIONS:
        raise refuse(
            f"«{name}»: los archivos .{extension} no se aceptan porque pueden ejecutar código. Tipos aceptados: "
            f"{ACCEPTED_LABEL}."
        )
    if extension not in ACCEPTED:
        raise refuse(f"«{name}»: el tipo .{extension} no se acepta. Tipos aceptados: {ACCEPTED_LABEL}.")
    return ACCEPTED[extension]


def inspect_upload(upload: IO[bytes], name: str, size: int) -> FileType:
    """The type of an uploaded file, once its name, size and content all agree; else ValidationError."""
    file_type = file_type_for_name(name)
    limit = settings.EVIDENCE_MAX_FILE_SIZE
    if size == 0:
        raise refuse(f"«{name}» está vacío (0 bytes).")
    if size > limit:
        raise refuse(f"«{name}» pesa {filesizeformat(size)}; el máximo por archivo es {filesizeformat(limit)}.")
    upload.seek(0)
    head = upload.read(8192)
    CONTENT_CHECKS[file_type.family](upload, head, name, file_type)
    upload.seek(0)
    return file_type


def _looks_like(head: bytes) -> str:
    for prefix, label in SIGNATURES:
        if head.startswith(prefix):
            return label
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<svg", b"<?xml")) and b"<svg" in head.lower():
        return "una imagen SVG"
    if stripped.startswith(b"<"):
        return "HTML o XML"
    return "otro tipo de archivo"


def _mismatch(name: str, file_type: FileType, head: bytes) -> ValidationError:
    return refuse(
        f"El contenido de «{name}» no corresponde a un archivo .{file_type.extension} (parece {_looks_like(head)}). "
        "Suba el documento original con su extensión correcta."
    )


def _scan(upload: IO[bytes], pattern: re.Pattern) -> bytes | None:
    """The first match of `pattern` anywhere in the file, read in chunks that overlap."""
    upload.seek(0)
    tail = b""
    while chunk := upload.read(CHUNK):
        window = tail + chunk
        match = pattern.search(window)
        if match:
            return match.group(0)
        tail = window[-64:]
    return None


def _refuse_active_content(upload: IO[bytes], name: str) -> None:
    found = _scan(upload, ACTIVE_CONTENT)
    if found:
        raise refuse(
            f"«{name}» contiene código HTML o de script ({found.decode('latin-1')[:20]}…) escondido en el archivo, "
            "y no se acepta. Genere el documento de nuevo desde su programa original."
        )


def _check_pdf(upload, head, name, file_type) -> None:
    if not head.startswith(b"%PDF-"):
        raise _mismatch(name, file_type, head)
    _refuse_active_content(upload, name)
    found = _scan(upload, PDF_ACTIONS)
    if found:
        raise refuse(
            f"«{name}» es un PDF con contenido activo ({found.decode('latin-1')}: scripts, acciones o archivos "
            "incrustados), "
            "que no se acepta. Imprímalo de nuevo como PDF para quitarlo."
        )


def _check_image(upload, head, name, file_type) -> None:
    from PIL import Image, UnidentifiedImageError

    expected = {"jpeg": (b"\xff\xd8\xff", "JPEG"), "png": (b"\x89PNG\r\n\x1a\n", "PNG")}[file_type.family]
    if not head.startswith(expected[0]):
        raise _mismatch(name, file_type, head)
    _refuse_active_content(upload, name)
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.format != expected[1]:
                raise _mismatch(name, file_type, head)
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise refuse(f"«{name}» no es una imagen {expected[1]} válida: parece dañada o incompleta.") from None


def _check_ole(upload, head, name, file_type) -> None:
    if not head.startswith(OLE_MAGIC):
        raise _mismatch(name, file_type, head)
    streams = [marker.encode("utf-16-le") for marker in file_type.marker.split("|")]
    found_stream = vba = False
    upload.seek(0)
    tail = b""
    while chunk := upload.read(CHUNK):
        window = tail + chunk
        found_stream = found_stream or any(stream in window for stream in streams)
        # Word, Excel and PowerPoint all keep their VBA code under a _VBA_PROJECT stream.
        vba = vba or "_VBA_PROJECT".encode("utf-16-le") in window
        tail = window[-128:]
    if vba:
        raise refuse(f"«{name}» contiene macros, que no se aceptan. Guárdelo sin macros (.docx, .xlsx o .pptx).")
    if not found_stream:
        raise refuse(
            f"El contenido de «{name}» no corresponde a un archivo .{file_type.extension} (es otro tipo de documento "
            "de Office)."
        )


def _open_zip(upload, head, name, file_type) -> zipfile.ZipFile:
    if not head.startswith(ZIP_MAGIC):
        raise _mismatch(name, file_type, head)
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise refuse(f"«{name}» está dañado: no se puede abrir como archivo .{file_type.extension}.") from None
    entries = archive.infolist()
    max_entries = settings.EVIDENCE_ZIP_MAX_ENTRIES
    max_size = settings.EVIDENCE_ZIP_MAX_UNCOMPRESSED
    if len(entries) > max_entries:
        raise refuse(f"«{name}» contiene {len(entries):,} archivos; el máximo es {max_entries:,}.")
    declared = sum(entry.file_size for entry in entries)
    if declared > max_size:
        raise refuse(
            f"«{name}» ocupa {filesizeformat(declared)} descomprimido; el máximo es {filesizeformat(max_size)}."
        )
    for entry in entries:
        if (
            entry.filename.startswith(("/", "\\"))
            or ".." in re.split(r"[/\\]", entry.filename)
            or ":" in entry.filename
        ):
            raise refuse(f"«{name}» contiene una ruta no permitida ({entry.filename}).")
    return archive


def _read_entry(archive: zipfile.ZipFile, entry: str, limit: int = 1024 * 1024) -> bytes:
    with archive.open(entry) as handle:
        return handle.read(limit)


def _check_zip(upload, head, name, file_type) -> None:
    with _open_zip(upload, head, name, file_type) as archive:
        refused = []
        for entry in archive.namelist():
            if entry.endswith("/"):
                continue
            extension = extension_of(entry.rsplit("/", 1)[-1])
            if extension in ACTIVE_EXTENSIONS or extension in MACRO_EXTENSIONS:
                refused.append(entry)
        if refused:
            shown = ", ".join(refused[:3]) + ("…" if len(refused) > 3 else "")
            raise refuse(
                f"«{name}» contiene archivos que no se aceptan ({shown}): programas, páginas web, scripts o "
                "documentos con macros."
            )


def _check_ooxml(upload, head, name, file_type) -> None:
    with _open_zip(upload, head, name, file_type) as archive:
        names = archive.namelist()
        if "[Content_Types].xml" not in names:
            raise _mismatch(name, file_type, head)
        types = _read_entry(archive, "[Content_Types].xml").decode("utf-8", "replace")
        if "macroEnabled" in types or any(entry.lower().endswith("vbaproject.bin") for entry in names):
            raise refuse(f"«{name}» contiene macros, que no se aceptan. Guárdelo sin macros (.docx, .xlsx o .pptx).")
        if file_type.marker not in types:
            raise refuse(
                f"El contenido de «{name}» no corresponde a un archivo .{file_type.extension} (es otro tipo de "
                "documento de Office)."
            )


def _check_odf(upload, head, name, file_type) -> None:
    with _open_zip(upload, head, name, file_type) as archive:
        names = archive.namelist()
        if "mimetype" not in names:
            raise _mismatch(name, file_type, head)
        if _read_entry(archive, "mimetype", 200).strip().decode("ascii", "replace") != file_type.marker:
            raise refuse(
                f"El contenido de «{name}» no corresponde a un archivo .{file_type.extension} (es otro tipo de "
                "documento)."
            )
        if any(entry.startswith(("Basic/", "Scripts/")) for entry in names):
            raise refuse(f"«{name}» contiene macros, que no se aceptan. Guárdelo sin macros.")


def _check_text(upload, head, name, file_type) -> None:
    if b"\x00" in head or any(head.startswith(prefix) for prefix, _ in SIGNATURES[:-1]):
        raise _mismatch(name, file_type, head)
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        raise _mismatch(name, file_type, head)
    upload.seek(0)
    while chunk := upload.read(CHUNK):
        if b"\x00" in chunk:
            raise _mismatch(name, file_type, head)
    _refuse_active_content(upload, name)


CONTENT_CHECKS = {
    "pdf": _check_pdf,
    "jpeg": _check_image,
    "png": _check_image,
    "ole": _check_ole,
    "ooxml": _check_ooxml,
    "odf": _check_odf,
    "zip": _check_zip,
    "text": _check_text,
}
