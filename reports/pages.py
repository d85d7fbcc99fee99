"""What the two annex pages share: the staff preview (`reports.views`) and the public annex
(`public.views`) differ only in which plans and cut-off periods they offer and in what surrounds
the annex. Both find the table and the period here, render `reports/_annex_page.html` with
`page_context()`, and send a file with `file_response()`.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence

from django.http import FileResponse, Http404

from programs.models import CutOffPeriod

from .combined import CombinedDocument
from .executive import ExecutiveReport
from .indicator_tables import ALL_TABLES
from .tables import Annex, Table
from .writers import COMBINED_WRITERS, writer_for
from .writers.executive import EXECUTIVE_WRITERS
from .writers.html import table_context

PERIOD_NOT_OFFERED = "Ese periodo de corte no está disponible para este programa de trabajo."


def table_named(slug: str) -> Table:
    if slug not in ALL_TABLES:
        raise Http404("No existe ese anexo.")
    return ALL_TABLES[slug]


def period_asked(
    table: Table, asked: str | None, *, offered: Iterable[CutOffPeriod], default: CutOffPeriod | None
) -> CutOffPeriod | None:
    """The cut-off period a progress annex is shown at: `?periodo=<id>`, which must be one of the
    periods the page `offered` (staff: the plan's cycle; public: those whose progress round is
    authorised), or else `default`. A period of another cycle, or one not offered, is a 404 with
    the same message on both pages. Tables without a period ignore the parameter."""
    if not table.needs_period:
        return None
    if not asked:
        return default
    if not asked.isdigit():
        raise Http404("Periodo de corte no válido.")
    for period in offered:
        if period.pk == int(asked):
            return period
    raise Http404(PERIOD_NOT_OFFERED)


def page_context(
    annex: Annex,
    *,
    tabs: Sequence[tuple[Table, str]],
    periods: Iterable[CutOffPeriod],
    downloads: Sequence[tuple[str, str]],
    **more,
) -> dict:
    """The context of `reports/_annex_page.html`: the annex, a tab (table, URL) per table offered,
    the periods to choose from (for a progress annex) and the download links (label, URL)."""
    context = table_context(annex, print_version=False)
    context.update(
        plan=annex.plan,
        tabs=tabs,
        periods=periods if annex.table.needs_period else [],
        downloads=downloads,
        table_class="table table-bordered table-sm small align-top mb-1",
        **more,
    )
    return context


def file_response(annex: Annex, fmt: str, layout: str = "anexo") -> FileResponse:
    """The annex as a downloaded file, written in the request (large plans go through a job)."""
    writer = writer_for(fmt, layout)
    # A temporary file rather than memory: a datos export of a large plan stays small in RAM.
    output = tempfile.TemporaryFile()
    writer.write(annex, output)
    output.seek(0)
    return FileResponse(output, as_attachment=True, filename=writer.filename(annex), content_type=writer.content_type)


def combined_response(document: CombinedDocument, fmt: str) -> FileResponse:
    """A plan's combined document as a downloaded file, written in the request: for the public,
    of a plan small enough (a large one is served from the file a job built)."""
    writer = COMBINED_WRITERS[fmt]
    output = tempfile.TemporaryFile()
    writer.write(document, output)
    output.seek(0)
    return FileResponse(
        output, as_attachment=True, filename=writer.filename(document), content_type=writer.content_type
    )


def executive_file_response(report: ExecutiveReport, fmt: str) -> FileResponse:
    """The informe ejecutivo as a downloaded file (`fmt` one of `EXECUTIVE_WRITERS`), written in
    the request: a few pages whatever the plan."""
    content_type, write = EXECUTIVE_WRITERS[fmt]
    output = tempfile.TemporaryFile()
    write(report, output)
    output.seek(0)
    return FileResponse(output, as_attachment=True, filename=report.filename(fmt), content_type=content_type)
