"""Round trip through the commit: a demo plan's documento de trabajo and documento institucional,
exported as the application writes them (the anexo layout of XLSX, and Word), imported into another cycle
of the same program come back as the same ASM, activities, dates and units, in borrador; its
progress annexes come back with the same percents, as reports at the chosen cut-off period."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.db.models.functions import Coalesce

from aspects.models import Activity, Aspect, Plan, ProgressReport
from imports.cells import fold, split_units
from imports.services import choose, commit_import, receive_file
from programs.access import captures_for
from programs.models import Unit
from programs.workflow import State
from reports.tables import INSTITUTIONAL, INSTITUTIONAL_PROGRESS, PROGRESS_ANNEX, SPECIFIC
from reports.writers.docx import write_docx
from reports.writers.xlsx import write_annex
from tests import factories as make

pytestmark = pytest.mark.usefixtures("demo")

# The files an agency edits and brings back: the XLSX anexo layout and the Word document.
WRITERS = pytest.mark.parametrize(
    "extension,write", [("xlsx", write_annex), ("docx", write_docx)], ids=["xlsx", "docx"]
)


def shape(plan: Plan, kinds, *, printed: bool = False) -> list[tuple]:
    """What the annex prints of each ASM of `kinds`: its text and, per activity, the number,
    description, dates, precision, the «Área responsable» cell and the units it names, in order.

    `printed`: the plan is the exported one, described as its annex prints it and the reader reads
    it where the seed's own wording differs from what the reader stores: a description that starts
    with its own number («1 Presentar…», «1. En las Reglas…», as the seed documents write it) gives
    that number to the activity and the text after it (cells.without_own_number), and the units are
    the names in the printed cell (its label when the seed keeps one, «Ofna. del C. Dir. Gral…»),
    which the import finds in the agency's catalogue by name or acronym («DGOP»), else creates."""
    rows = []
    # In the annex's order: by the number each ASM prints in its document.
    for aspect in plan.aspects.filter(kind__in=kinds).order_by(Coalesce("document_number", "number"), "number"):
        activities = []
        for activity in Activity.objects.filter(aspect=aspect).order_by("number"):
            names = [unit.name for unit in activity.ordered_units()]
            cell = activity.units_label or "\n".join(names)
            description = activity.description
            if printed:
                description = re.sub(rf"^{activity.number}(?:\.-?|\s)\s*", "", description)
                names = [catalogue_name(plan, name) for name in split_units(cell)[0]]
            activities.append(
                (
                    activity.number,
                    description,
                    activity.start_date,
                    activity.end_date,
                    activity.end_date_precision,
                    activity.actual_end_date,
                    " ".join(cell.split()),
                    names,
                )
            )
        rows.append((aspect.text, activities))
    return rows


def catalogue_name(plan: Plan, printed: str) -> str:
    """The name of the agency's unit a printed name or acronym stands for, else the printed name."""
    key = " ".join(fold(printed).replace(".", " ").split())
    for unit in Unit.objects.filter(agency=plan.program.agency).order_by("pk"):
        if key in {" ".join(fold(text).replace(".", " ").split()) for text in (unit.name, unit.acronym) if text}:
            return unit.name
    return printed


@WRITERS
@pytest.mark.parametrize("table", [SPECIFIC, INSTITUTIONAL], ids=lambda table: table.slug)
def test_an_exported_document_of_work_imports_back_to_the_same_asm_and_activities(table, extension, write):
    plans = [
        plan
        for plan in Plan.objects.select_related("program__agency", "cycle").order_by("pk")
        if plan.aspects.filter(kind__in=table.kinds).exists()
    ]
    assert plans, f"no demo plan has a {table.slug} table"
    for plan in plans:
        out = io.BytesIO()
        write(table.build(plan), out)
        capturista = (
            get_user_model()
            .objects.filter(membership__agency=plan.program.agency, membership__role="capturista")
            .first()
        )
        assert capturista is not None and captures_for(capturista) == plan.program.agency
        import_ = receive_file(
            upload=_named(out, f"{plan.pk}-{table.slug}.{extension}"),
            name=f"{plan.pk}-{table.slug}.{extension}",
            size=len(out.getvalue()),
            agency=plan.program.agency,
            by=capturista,
        )
        cycle = make.cycle(year=plan.cycle.year)
        choose(import_, program=plan.program, cycle=cycle)

        [copy] = commit_import(import_=import_, by=capturista)

        assert copy.state == State.DRAFT
        assert shape(copy, table.kinds) == shape(plan, table.kinds, printed=True), plan
        assert copy.aspects.count() == plan.aspects.filter(kind__in=table.kinds).count()
        assert set(copy.aspects.values_list("kind", flat=True)) <= set(table.kinds) | {Aspect.Kind.SPECIFIC}


def _named(buffer: io.BytesIO, name: str):
    from django.core.files import File

    buffer.seek(0)
    return File(buffer, name=name)


@WRITERS
@pytest.mark.parametrize("table", [PROGRESS_ANNEX, INSTITUTIONAL_PROGRESS], ids=lambda table: table.slug)
def test_an_exported_progress_annex_imports_back_with_its_percents_at_the_chosen_period(table, extension, write):
    annexes = [
        table.build(plan, period)
        for plan in Plan.objects.filter(state=State.AUTHORISED).order_by("pk")
        for period in plan.cycle.periods.filter(
            pk__in=ProgressReport.objects.filter(activity__aspect__plan=plan).values("period")
        )
    ]
    annexes = [annex for annex in annexes if any(row.report for row in annex.rows())]
    assert annexes, f"no demo plan has reports in {table.slug}"
    for annex in annexes[:2]:
        plan = annex.plan
        out = io.BytesIO()
        write(annex, out)
        capturista = (
            get_user_model()
            .objects.filter(membership__agency=plan.program.agency, membership__role="capturista")
            .first()
        )
        name = f"{plan.pk}-{annex.period.pk}-{table.slug}.{extension}"
        import_ = receive_file(
            upload=_named(out, name), name=name, size=len(out.getvalue()), agency=plan.program.agency, by=capturista
        )
        cycle = make.cycle(year=plan.cycle.year)
        march = cycle.periods.get(name="Marzo")
        choose(import_, program=plan.program, cycle=cycle, period=march)

        [copy] = commit_import(import_=import_, by=capturista)

        expected = [
            (row.aspect.text, row.activity.number, row.report.percent if row.report else 0)
            for row in annex.rows()
            if row.activity is not None
        ]
        reports = ProgressReport.objects.filter(activity__aspect__plan=copy).select_related("activity__aspect")
        assert {report.period for report in reports} == {march}
        got = sorted((r.activity.aspect.text, r.activity.number, r.percent) for r in reports)
        assert got == sorted(expected), annex
        assert not ProgressReport.objects.public().filter(pk__in=reports).exists()
