"""What an evidence upload may be: its name, its extension and its content must all agree.

`inspect_upload()` is the one gate every uploaded file goes through. It reads the file (never
trusting the browser's content type), and either returns the `FileType` the server will store
and serve it as, or raises ValidationError with a message in Spanish that names the file.

The checks are deliberately strict: evidence is published to citizens, so a file that could
run code in a browser (HTML, SVG, scripts), on a desktop (executables, Office macros) or
exhaust the server (ZIP bombs) is refused, whatever its name says. They parse rather than
search for bytes: PDFs are read with pypdf (`evidence.pdf`); ZIP-based files are opened, their
members judged by name against an allow-list after normalising it, and the members a reader
would open inspected as uploads of their own, to a depth limit.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from . import pdf

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
    # Read as a desktop would: «informe.html.» and «informe.html » open as «informe.html».
    extension = extension_of(normalised_member(name))
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
    CONTENT_CHECKS[file_type.family](upload, head, name, file_type, Inspection.start())
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


@dataclass
class Inspection:
    """One upload's inspection as it goes into containers: how deep it is, and what is left of
    the limits, which count every level together (a ZIP of ZIPs is no way round them)."""

    depth: int = 0
    entries_left: int = 0
    bytes_left: int = 0

    @classmethod
    def start(cls) -> Inspection:
        return cls(0, settings.EVIDENCE_ZIP_MAX_ENTRIES, settings.EVIDENCE_ZIP_MAX_UNCOMPRESSED)


def _check_pdf(upload, head, name, file_type, inspection) -> None:
    if not head.startswith(b"%PDF-"):
        raise _mismatch(name, file_type, head)
    _refuse_active_content(upload, name)
    try:
        found = pdf.active_content(upload)
    except pdf.Unreadable as problem:
        raise refuse(
            f"«{name}» no se puede revisar: el PDF está {problem}. Guárdelo de nuevo como PDF, sin contraseña."
        ) from None
    if found:
        raise refuse(
            f"«{name}» es un PDF con {found}, que no se acepta. Imprímalo de nuevo como PDF («Guardar como PDF» o "
            "«Microsoft Print to PDF») para quitarlo."
        )


def _check_image(upload, head, name, file_type, inspection) -> None:
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


def _ole_streams(upload: IO[bytes], *markers: str) -> set[str]:
    """Which of these stream names the compound file's directory holds (as UTF-16 names)."""
    wanted = {marker: marker.encode("utf-16-le") for marker in markers}
    found: set[str] = set()
    upload.seek(0)
    tail = b""
    while chunk := upload.read(CHUNK):
        window = tail + chunk
        found.update(marker for marker, encoded in wanted.items() if encoded in window)
        tail = window[-128:]
    return found


def _check_ole(upload, head, name, file_type, inspection) -> None:
    if not head.startswith(OLE_MAGIC):
        raise _mismatch(name, file_type, head)
    kinds = file_type.marker.split("|")
    # Word, Excel and PowerPoint all keep their VBA code under a _VBA_PROJECT stream.
    found = _ole_streams(upload, "_VBA_PROJECT", *kinds)
    if "_VBA_PROJECT" in found:
        raise refuse(f"«{name}» contiene macros, que no se aceptan. Guárdelo sin macros (.docx, .xlsx o .pptx).")
    if not found.intersection(kinds):
        raise refuse(
            f"El contenido de «{name}» no corresponde a un archivo .{file_type.extension} (es otro tipo de documento "
            "de Office)."
        )


# ZIP-based files: plain archives, Office Open XML (docx, xlsx, pptx) and OpenDocument (odt, ods).
# Their members are judged by name against an allow-list, after the name is normalised the way
# Windows and the unpacking programs read it; the members a reader would open (documents inside a
# ZIP, packages embedded in an Office file) are inspected as uploads of their own, to a depth limit.

# Members an Office Open XML package is made of: its XML parts and relationships, pictures,
# fonts, sound and video, printer settings, and Office documents embedded in it (inspected too).
OOXML_MEMBERS = set(
    """
    xml rels vml sigs psmdcp png jpg jpeg jpe gif bmp dib tif tiff wdp emf wmf emz wmz svg ico odttf fntdata
    mp3 m4a wav wma mp4 m4v mov wmv avi mpg mpeg bin docx xlsx pptx doc xls ppt
    """.split()
)
# OpenDocument: XML and RDF parts and pictures; a few parts are named without an extension.
ODF_MEMBERS = {"xml", "rdf", "png", "jpg", "jpeg", "gif", "svg", "wmf", "emf", "svm", "bmp", "tif", "tiff"}
ODF_BARE_MEMBERS = re.compile(r"^(?:mimetype|layout-cache|objectreplacements/[^/]+)$")
# Relationships that make Office fetch something when the document opens: a remote template
# (which may carry macros), a linked OLE object, a sub-document, a frame or a linked workbook.
FETCHING_RELATIONSHIPS = re.compile(r"/(?:attachedTemplate|oleObject|subDocument|frame|externalLinkPath)$")
SYMLINK = 0o120000


def normalised_member(name: str) -> str:
    """A member's path as a desktop would read it: Unicode compatibility forms folded (a
    full-width «．ｈｔｍｌ» is «.html»), case folded, and each part without the trailing dots
    and spaces that Windows drops («evil.html.» and «evil.html » open as «evil.html»)."""
    text = unicodedata.normalize("NFKC", name).casefold()
    return "/".join(part.rstrip(" .") for part in re.split(r"[/\\]", text))


def member_extension(normalised: str) -> str:
    base = normalised.rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1] if "." in base else ""


def _listed(names: list[str]) -> str:
    return ", ".join(names[:3]) + ("…" if len(names) > 3 else "")


def _open_zip(upload, head, name, file_type, inspection: Inspection) -> zipfile.ZipFile:
    """The archive, once its directory is within the limits and every member's path is safe."""
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
    if len(entries) > inspection.entries_left:
        counted = "" if inspection.depth == 0 else " (contando los de los archivos que lo contienen)"
        raise refuse(f"«{name}» contiene {len(entries):,} archivos{counted}; el máximo es {max_entries:,}.")
    declared = sum(entry.file_size for entry in entries)
    if declared > inspection.bytes_left:
        counted = "" if inspection.depth == 0 else " (con los archivos que lo contienen)"
        raise refuse(
            f"«{name}» ocupa {filesizeformat(declared)} descomprimido{counted}; el máximo es "
            f"{filesizeformat(max_size)}."
        )
    inspection.entries_left -= len(entries)
    inspection.bytes_left -= declared
    for entry in entries:
        member = entry.filename
        if member.startswith(("/", "\\")) or ".." in re.split(r"[/\\]", member) or ":" in member:
            raise refuse(f"«{name}» contiene una ruta no permitida ({member}).")
        if any(_is_control(char) for char in member):
            shown = member.encode("unicode_escape").decode("ascii")
            raise refuse(f"«{name}» contiene un archivo con caracteres de control o invisibles en el nombre ({shown}).")
        if (entry.external_attr >> 16) & 0o170000 == SYMLINK:
            raise refuse(f"«{name}» contiene un enlace simbólico ({member}), que no se acepta.")
        if entry.flag_bits & 0x1:
            raise refuse(f"«{name}» tiene archivos protegidos con contraseña ({member}): no se pueden revisar.")
    return archive


def _members(archive: zipfile.ZipFile) -> list[tuple[zipfile.ZipInfo, str]]:
    """The files of the archive (not its folders), each with its normalised name."""
    return [(entry, normalised_member(entry.filename)) for entry in archive.infolist() if not entry.is_dir()]


def _read_entry(archive: zipfile.ZipFile, entry: str | zipfile.ZipInfo, limit: int = 1024 * 1024) -> bytes:
    with archive.open(entry) as handle:
        return handle.read(limit)


def _inspect_member(archive, entry: zipfile.ZipInfo, name: str, file_type: FileType, inspection: Inspection) -> None:
    """Inspect a member as an upload of its own: unpacked (its declared size, already counted in
    the limits, bounds what is read) and checked by its type, one level deeper."""
    shown = f"{name} › {entry.filename}"
    if file_type.family in ("zip", "ooxml", "odf") and inspection.depth + 1 >= settings.EVIDENCE_ZIP_MAX_DEPTH:
        raise refuse(
            f"«{shown}» está dentro de demasiados archivos comprimidos (más de {settings.EVIDENCE_ZIP_MAX_DEPTH - 1} "
            "niveles). Súbalo con menos niveles."
        )
    with tempfile.SpooledTemporaryFile(max_size=CHUNK * 8) as member:
        try:
            with archive.open(entry) as handle:
                while chunk := handle.read(CHUNK):
                    member.write(chunk)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error):
            raise refuse(f"«{shown}» está dañado: no se puede descomprimir.") from None
        if member.tell() == 0:
            return  # nothing to open
        member.seek(0)
        head = member.read(8192)
        inner = Inspection(inspection.depth + 1, inspection.entries_left, inspection.bytes_left)
        CONTENT_CHECKS[file_type.family](member, head, shown, file_type, inner)
        inspection.entries_left, inspection.bytes_left = inner.entries_left, inner.bytes_left


def _check_zip(upload, head, name, file_type, inspection) -> None:
    with _open_zip(upload, head, name, file_type, inspection) as archive:
        members = _members(archive)
        refused = [entry.filename for entry, member in members if member_extension(member) not in ACCEPTED]
        if refused:
            raise refuse(
                f"«{name}» contiene archivos que no se aceptan ({_listed(refused)}). Dentro de un ZIP solo se aceptan "
                f"{ACCEPTED_LABEL}: no programas, páginas web, scripts ni documentos con macros."
            )
        for entry, member in members:
            _inspect_member(archive, entry, name, ACCEPTED[member_extension(member)], inspection)


def _macros(name: str) -> ValidationError:
    return refuse(f"«{name}» contiene macros, que no se aceptan. Guárdelo sin macros (.docx, .xlsx o .pptx).")


def _check_ooxml(upload, head, name, file_type, inspection) -> None:
    with _open_zip(upload, head, name, file_type, inspection) as archive:
        members = _members(archive)
        if "[content_types].xml" not in {member for _, member in members}:
            raise _mismatch(name, file_type, head)
        types = _read_entry(archive, "[Content_Types].xml").decode("utf-8", "replace")
        if "macroEnabled" in types or any(member.endswith("vbaproject.bin") for _, member in members):
            raise _macros(name)
        if file_type.marker not in types:
            raise refuse(
                f"El contenido de «{name}» no corresponde a un archivo .{file_type.extension} (es otro tipo de "
                "documento de Office)."
            )
        refused = [
            entry.filename
            for entry, member in members
            if member_extension(member) not in OOXML_MEMBERS or "/activex/" in f"/{member}"
        ]
        if refused:
            raise refuse(
                f"«{name}» contiene partes que un documento de Office sin código no lleva ({_listed(refused)}): "
                "controles ActiveX, programas o archivos de otro tipo. Guárdelo de nuevo desde su programa como "
                f".{file_type.extension}."
            )
        for entry, member in members:
            extension = member_extension(member)
            if extension == "rels":
                _refuse_fetching_relationships(archive, entry, name)
            elif extension == "bin":
                _check_office_binary(archive, entry, member, name)
            elif extension in ("docx", "xlsx", "pptx", "doc", "xls", "ppt"):
                _inspect_member(archive, entry, name, ACCEPTED[extension], inspection)


def _refuse_fetching_relationships(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, name: str) -> None:
    try:
        root = ElementTree.fromstring(_read_entry(archive, entry))
    except ElementTree.ParseError:
        raise refuse(f"«{name}» está dañado ({entry.filename} no se puede leer).") from None
    for relationship in root:
        if relationship.get("TargetMode") == "External" and FETCHING_RELATIONSHIPS.search(relationship.get("Type", "")):
            raise refuse(
                f"«{name}» descarga contenido de internet al abrirse (plantilla, objeto o marco vinculado: "
                f"{relationship.get('Target', '')[:80]}), que no se acepta. Guárdelo sin vínculos externos."
            )


def _check_office_binary(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, member: str, name: str) -> None:
    """The binary parts an Office file may have: printer settings, and embedded OLE objects that
    are neither macros nor a packaged file (an «Ole10Native» stream carries any file, a program
    included, that opens with a double click)."""
    base = member.rsplit("/", 1)[-1]
    if re.fullmatch(r"printersettings\d*\.bin", base):
        return
    if not re.fullmatch(r"oleobject\d*\.bin", base):
        raise refuse(f"«{name}» contiene una parte binaria que no se acepta ({entry.filename}).")
    with tempfile.SpooledTemporaryFile(max_size=CHUNK * 8) as part:
        with archive.open(entry) as handle:
            while chunk := handle.read(CHUNK):
                part.write(chunk)
        if "_VBA_PROJECT" in _ole_streams(part, "_VBA_PROJECT"):
            raise _macros(name)
        if "\x01Ole10Native" in _ole_streams(part, "\x01Ole10Native"):
            raise refuse(
                f"«{name}» lleva un archivo incrustado como paquete ({entry.filename}), que no se acepta. Adjunte ese "
                "archivo por separado."
            )


def _check_odf(upload, head, name, file_type, inspection) -> None:
    with _open_zip(upload, head, name, file_type, inspection) as archive:
        members = _members(archive)
        if "mimetype" not in archive.namelist():
            raise _mismatch(name, file_type, head)
        if _read_entry(archive, "mimetype", 200).strip().decode("ascii", "replace") != file_type.marker:
            raise refuse(
                f"El contenido de «{name}» no corresponde a un archivo .{file_type.extension} (es otro tipo de "
                "documento)."
            )
        if any(member.startswith(("basic/", "scripts/")) for _, member in members):
            raise refuse(f"«{name}» contiene macros, que no se aceptan. Guárdelo sin macros.")
        refused = [
            entry.filename
            for entry, member in members
            if not (member_extension(member) in ODF_MEMBERS or ODF_BARE_MEMBERS.match(member))
        ]
        if refused:
            raise refuse(
                f"«{name}» contiene partes que un documento de OpenDocument no lleva ({_listed(refused)}). Guárdelo de "
                f"nuevo desde su programa como .{file_type.extension}."
            )


def _check_text(upload, head, name, file_type, inspection) -> None:
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
