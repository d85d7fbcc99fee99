"""WeasyPrint, imported when a PDF is first drawn rather than when Django starts.

Importing it looks the Pango, HarfBuzz and fontconfig libraries up under several names, and each
name it does not find runs `ldconfig`, `gcc` and `ld` (ctypes.util.find_library): about 0.6 CPU-s
that every `manage.py` command, worker and web process would otherwise pay at start, PDF or not
(jobs.apps loads every tasks.py, which reaches the writers)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from weasyprint import HTML


def html_document(html: str) -> HTML:
    from weasyprint import HTML

    return HTML(string=html)
