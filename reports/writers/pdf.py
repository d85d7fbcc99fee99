"""The annex as PDF: WeasyPrint over the print HTML (landscape Letter, header, signatures and
«Página X de Y» on every page; see templates/reports/print.css)."""

from __future__ import annotations

from typing import BinaryIO

from weasyprint import HTML

from reports.tables import Annex

from .html import render_print


def write_pdf(annex: Annex, out: BinaryIO) -> None:
    HTML(string=render_print(annex)).write_pdf(out)
