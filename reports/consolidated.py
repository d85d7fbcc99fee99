"""The consolidated annex: every authorised plan of an agency, or of a cycle across agencies, in
one file, for the coordination and the agencies' analysts.

- **XLSX**: one sheet per table kind, in the datos layout of the CONEVAL columns (whatever each
  plan's column profile, so that every program's rows share them), each row after its agency,
  with the program's key in the «Programa» column. Written by the one XLSX data writer. When a
  plan of the scope is measured by indicators, a sheet per indicator table follows, with the rows
  of those plans («Cumplimiento» at each one's latest authorised measurement round).
- **PDF**: a cover with the scope and a table of contents, then each plan's annexes as the PDF
  writer prints them (in the plan's profile, with its header and signatures), joined, numbered
  «Página X de Y» across the whole document from the cover on, with a bookmark per annex; a
  plan's indicator tables come after its other tables. Tables a plan leaves empty are left out.

Only what is authorised goes in: the plans of `AnnexScope(...).plans()` without drafts (their
`public()` rule) and each plan's progress at its latest authorised round, read as the public
reads it (`bulk.public_annexes()`). `export_annex --consolidated` writes it; the job
`reports.consolidated` (reports/tasks.py) writes it for the panel, with its progress.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any, BinaryIO

from django.template.loader import render_to_string
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from aspects.models import Plan, PlanQuerySet
from programs.filenames import download_name
from programs.models import Agency, Cycle

from .bulk import AnnexScope, annex_count, authorised_periods, indicator_plans, measured_periods, public_annexes
from .indicator_tables import INDICATOR_TABLES
from .tables import TABLES, Annex, Table
from .writers import XLSX_TYPE, pdf, xlsx
from .writers.weasy import html_document

FORMATS = {"xlsx": ("XLSX (datos)", XLSX_TYPE), "pdf": ("PDF", "application/pdf")}
AGENCY = "Dependencia"

# Called after each annex read: (annexes done, annexes in all).
Progress = Callable[[int, int], None]


def no_progress(done: int, total: int) -> None:
    return None


@dataclass(frozen=True)
class Consolidated:
    """The plans of a scope (an agency, cycles, or both; authorised only) and how to name it."""

    scope: AnnexScope

    def __post_init__(self) -> None:
        if self.scope.include_drafts or self.scope.changed_since is not None:
            raise ValueError("A consolidated annex holds every authorised plan of its scope, drafts never.")
        if self.scope.agency is None and not self.scope.cycles:
            raise ValueError("A consolidated annex is of an agency, of a cycle, or of both.")

    def plans(self, plans: PlanQuerySet | None = None) -> PlanQuerySet:
        return self.scope.plans(plans)

    def title(self) -> str:
        return f"Anexo consolidado de los programas de trabajo autorizados {self.scope.describe()}"[:255]

    def filename(self, fmt: str) -> str:
        """anexo-consolidado-SSQ-2017.xlsx (`download_name`)"""
        agency = Agency.objects.filter(pk=self.scope.agency).first() if self.scope.agency is not None else None
        cycle = Cycle.objects.filter(pk=self.scope.cycles[0]).first() if len(self.scope.cycles) == 1 else None
        return download_name("anexo-consolidado", agency=agency, year=cycle.year if cycle else None, ext=fmt)


def ordered(plans: PlanQuerySet) -> PlanQuerySet:
    """Agency by agency, then program and cycle: the order of every sheet and of the PDF."""
    return plans.select_related("program__agency", "cycle").order_by(
        "program__agency__name", "program__key", "cycle__year", "pk"
    )


def sheet_labels(table: Table, plan: Plan) -> list[str]:
    """The columns of a table kind's sheet: the agency, then the datos layout of the CONEVAL
    columns (the same for every plan, with or without a cut-off period)."""
    return [AGENCY, *Annex(table, plan).data_labels]


def write_xlsx(plans: PlanQuerySet, out: BinaryIO, progress: Progress = no_progress) -> None:
    plans = ordered(plans)
    listed = list(plans)
    if not listed:
        raise ValueError("No plans to consolidate.")
    periods = authorised_periods(plans)
    measured = indicator_plans(plans)
    rounds = measured_periods(plans)
    total = annex_count(plans, include_drafts=False)
    done = 0

    def rows(table: Table) -> Iterator[list[Any]]:
        nonlocal done
        indicator_table = table.slug in INDICATOR_TABLES
        for plan in listed:
            if indicator_table and plan.pk not in measured:
                continue
            period = (rounds if indicator_table else periods).get(plan.pk)
            if table.needs_period and period is None:
                continue
            annex = table.build(plan, period if table.needs_period else None, public=True, standard=True)
            agency = plan.program.agency.name
            for values in annex.data_rows():
                yield [agency, *values]
            done += 1
            progress(done, total)

    # The indicator tables' sheets when a plan of the scope is measured by indicators.
    tables = [*TABLES.values(), *(INDICATOR_TABLES.values() if measured else ())]
    # Sheet after sheet: each iterator runs to its end before the next sheet starts.
    xlsx.write_sheets(((table.sheet, sheet_labels(table, listed[0]), rows(table)) for table in tables), out)


def has_rows(annex: Annex) -> bool:
    return next(iter(annex.rows()), None) is not None


def write_pdf(plans: PlanQuerySet, out: BinaryIO, *, title: str, progress: Progress = no_progress) -> None:
    """The cover, then every annex with rows, «Página X de Y» running across the whole document:
    each annex is rendered without page numbers and numbered once the total is known, where its
    own footer prints the number (`pdf.stamp_page_numbers`)."""
    plans = ordered(plans)
    periods = authorised_periods(plans)
    measured = indicator_plans(plans)
    rounds = measured_periods(plans)
    total = annex_count(plans, include_drafts=False)
    with ExitStack() as stack:
        body = PdfWriter()
        parts: list[tuple[Annex, int, int]] = []  # each annex, its first page in the body, its pages
        done = 0
        for plan in plans:
            annexes = public_annexes(
                plan, periods.get(plan.pk), indicators=plan.pk in measured, measured=rounds.get(plan.pk)
            )
            for annex in annexes:
                if has_rows(annex):
                    start = len(body.pages)
                    parts.append((annex, start, pdf.append_unnumbered(annex, body, stack)))
                done += 1
                progress(done, total)
        cover, cover_pages = write_cover(title, [(annex, count) for annex, _, count in parts], stack)
        pages = cover_pages + len(body.pages)
        writer = PdfWriter()
        for page in PdfReader(cover).pages:
            writer.add_page(page)
        for page in body.pages:
            writer.add_page(page)
        for annex, start, count in parts:
            first = cover_pages + start
            pdf.stamp_page_numbers(writer, annex, start=first, count=count, total=pages, stack=stack)
            writer.add_outline_item(
                title=f"{annex.plan.program.key} {annex.plan.cycle.name} · {annex.table.title}", page_number=first
            )
        writer.write(out)


def write_cover(title: str, parts: list[tuple[Annex, int]], stack: ExitStack) -> tuple[BinaryIO, int]:
    """The cover and table of contents (each annex with its page count): each annex with the page
    it starts on, and the cover's own pages numbered «Página X de Y» of the whole document. The
    contents' numbers count the cover's own pages, so it is rendered again when it takes more
    than one. Returns the file and its number of pages."""
    cover_pages = 1
    while True:
        entries, page = [], cover_pages + 1
        for annex, count in parts:
            entries.append({"annex": annex, "page": page})
            page += count
        html = render_to_string(
            "reports/consolidated_cover.html",
            {"title": title, "entries": entries, "built_on": timezone.localdate(), "pages": page - 1},
        )
        document = html_document(html).render()
        if len(document.pages) == cover_pages:
            file = stack.enter_context(tempfile.TemporaryFile())
            document.write_pdf(file)
            file.seek(0)
            return file, cover_pages
        cover_pages = len(document.pages)
