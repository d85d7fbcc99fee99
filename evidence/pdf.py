"""What a PDF would do when opened, read with a real parser (pypdf) instead of searched for as bytes.

A byte search for «/JavaScript» misses the same name written with a hex escape (`/Java#53cript`),
and anything inside a compressed object stream. pypdf decodes names and object streams, so every
object of the file is read as the viewer would read it, reachable or not: what a repaired cross-
reference table would find is not hidden either.

`active_content()` answers the first thing found, as a Spanish phrase for the refusal, or None:

- JavaScript anywhere (a `/JS` entry, an action of type JavaScript, the document's JavaScript
  names tree);
- actions that start a program or bring data in (Launch, ImportData, RichMediaExecute, GoToE);
- files embedded in the PDF (`/EmbeddedFiles` names tree, file specifications with `/EF`, file
  attachment annotations) and rich media (Flash, 3D);
- XFA forms (`/XFA` in the AcroForm), which carry their own scripts;
- actions that run without a click and leave the document: an internet address, a form sent to
  a server or another file opened, from the document's open action or from any additional-action
  dictionary (`/AA`: document, pages, annotations, form fields; events such as page open, page
  visible, mouse enter, print, close). A link the reader clicks is a hyperlink and stays.
"""

from __future__ import annotations

import logging
from typing import IO

from pypdf import PdfReader
from pypdf.errors import DependencyError, PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, PdfObject

# Actions refused wherever they sit: they run code or bring a program or a file in.
REFUSED_ACTIONS = {
    "/JavaScript": "JavaScript",
    "/Launch": "una acción que abre programas (Launch)",
    "/ImportData": "una acción que importa datos de otro archivo (ImportData)",
    "/RichMediaExecute": "contenido multimedia activo (RichMediaExecute)",
    "/GoToE": "una acción que abre un archivo incrustado (GoToE)",
}
# Actions a reader's click may take (a hyperlink), refused only where they run on their own.
LEAVING_ACTIONS = {
    "/URI": "una acción que abre una dirección de internet sin que el lector la elija",
    "/SubmitForm": "una acción que envía datos a un servidor sin que el lector lo elija",
    "/GoToR": "una acción que abre otro archivo sin que el lector lo elija",
}
NESTING_LIMIT = 64  # direct objects nested deeper than any real PDF's

logger = logging.getLogger(__name__)


class Unreadable(Exception):
    """The PDF cannot be read (damaged, or protected by a password)."""


def active_content(upload: IO[bytes]) -> str | None:
    upload.seek(0)
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unreadable("protegido con contraseña")
        found = _catalog_problem(reader) or _objects_problem(reader)
    except Unreadable:
        raise
    except DependencyError:
        raise Unreadable("cifrado de una forma que no se puede revisar") from None
    except (PdfReadError, ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError) as error:
        logger.info("PDF ilegible en la revisión de evidencia: %r", error)
        raise Unreadable("dañado") from None
    upload.seek(0)
    return found


def _resolved(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def _catalog_problem(reader: PdfReader) -> str | None:
    root = _resolved(reader.trailer.get("/Root"))
    if not isinstance(root, DictionaryObject):
        raise Unreadable("dañado")
    names = _resolved(root.get("/Names"))
    if isinstance(names, DictionaryObject):
        if "/JavaScript" in names:
            return "JavaScript"
        if "/EmbeddedFiles" in names:
            return "archivos incrustados"
    opening = _resolved(root.get("/OpenAction"))
    if isinstance(opening, DictionaryObject):
        return _automatic_action_problem(opening)
    return None


def _automatic_action_problem(action: DictionaryObject, depth: int = 0) -> str | None:
    """What an action that runs by itself would do, following its `/Next` chain."""
    if depth > NESTING_LIMIT:
        raise Unreadable("dañado")
    kind = action.get("/S")
    if kind in REFUSED_ACTIONS:
        return REFUSED_ACTIONS[kind]
    if kind in LEAVING_ACTIONS:
        return LEAVING_ACTIONS[kind]
    following = _resolved(action.get("/Next"))
    for step in following if isinstance(following, ArrayObject) else [following]:
        step = _resolved(step)
        if isinstance(step, DictionaryObject):
            found = _automatic_action_problem(step, depth + 1)
            if found:
                return found
    return None


def _objects_problem(reader: PdfReader) -> str | None:
    numbers = {number: generation for generation, table in reader.xref.items() for number in table}
    numbers.update({number: 0 for number in reader.xref_objStm})
    for number, generation in sorted(numbers.items()):
        try:
            value = reader.get_object(IndirectObject(number, generation, reader))
        except (PdfReadError, ValueError, KeyError, IndexError):
            continue  # a broken entry the viewer could not read either
        found = _value_problem(value, 0)
        if found:
            return found
    return _value_problem(reader.trailer, 0)


def _value_problem(value: PdfObject | None, depth: int) -> str | None:
    """Look through one object and the direct objects inside it (indirect ones are read on their own)."""
    if depth > NESTING_LIMIT:
        raise Unreadable("dañado")
    if isinstance(value, DictionaryObject):
        found = _dictionary_problem(value)
        if found:
            return found
        children = list(value.values())
    elif isinstance(value, ArrayObject):
        children = list(value)
    else:
        return None
    for child in children:
        if not isinstance(child, IndirectObject):
            found = _value_problem(child, depth + 1)
            if found:
                return found
    return None


def _dictionary_problem(entry: DictionaryObject) -> str | None:
    if "/JS" in entry:
        return "JavaScript"
    kind = entry.get("/S")
    if kind in REFUSED_ACTIONS:
        return REFUSED_ACTIONS[kind]
    if "/XFA" in entry:
        return "un formulario XFA"
    if "/EF" in entry or entry.get("/Type") == "/EmbeddedFile" or entry.get("/Subtype") == "/FileAttachment":
        return "archivos incrustados"
    if entry.get("/Subtype") == "/RichMedia":
        return "contenido multimedia activo (RichMedia)"
    additional = _resolved(entry.get("/AA"))
    if isinstance(additional, DictionaryObject):
        for event in additional.values():
            action = _resolved(event)
            if isinstance(action, DictionaryObject):
                found = _automatic_action_problem(action)
                if found:
                    return found
    return None
