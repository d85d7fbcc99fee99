"""Writers: each renders any annex table (`reports.tables.Annex`) into one format, the way
Django's feedgenerator gives each feed format one `write()`.

A view or the export command picks a table and one of these.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO, NamedTuple

from reports.combined import CombinedDocument
from reports.tables import Annex

from . import combined, combined_docx, csv, docx, html, pdf, xlsx

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class Writer(NamedTuple):
    extension: str
    content_type: str
    write: Callable[[Annex, BinaryIO], None]
    suffix: str = ""  # added to the file name: S061_avance_2009_septiembre-2010_datos.xlsx

    def filename(self, annex: Annex) -> str:
        return annex.filename(self.extension, self.suffix)


WRITERS: dict[str, Writer] = {
    "html": Writer("html", "text/html; charset=utf-8", html.write_html),
    "pdf": Writer("pdf", "application/pdf", pdf.write_pdf),
    "xlsx": Writer("xlsx", XLSX_TYPE, xlsx.write_annex),
    "xlsx-datos": Writer("xlsx", XLSX_TYPE, xlsx.write_datos, suffix="datos"),
    "docx": Writer("docx", DOCX_TYPE, docx.write_docx),
    "csv": Writer("csv", "text/csv; charset=utf-8", csv.write_csv, suffix="datos"),
}
LAYOUTS = ("anexo", "datos")


def writer_for(fmt: str, layout: str = "anexo") -> Writer:
    """The writer of a format («pdf», «xlsx», «docx», «csv», «html»); XLSX comes in the anexo or datos layout."""
    if fmt == "xlsx" and layout == "datos":
        return WRITERS["xlsx-datos"]
    return WRITERS[fmt]


class CombinedWriter(NamedTuple):
    """A format of a plan's combined document (`reports.combined`)."""

    extension: str
    content_type: str
    write: Callable[[CombinedDocument, BinaryIO], None]
    label: str  # on the download links

    def filename(self, document: CombinedDocument) -> str:
        return document.filename(self.extension)


COMBINED_WRITERS: dict[str, CombinedWriter] = {
    "pdf": CombinedWriter("pdf", "application/pdf", combined.write_combined_pdf, "PDF"),
    "docx": CombinedWriter("docx", DOCX_TYPE, combined_docx.write_combined_docx, "Word (DOCX)"),
}


def combined_formats() -> list[tuple[str, str]]:
    """The combined document's formats and their labels, for the download links."""
    return [(fmt, writer.label) for fmt, writer in COMBINED_WRITERS.items()]
