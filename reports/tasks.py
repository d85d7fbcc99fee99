"""Annexes made by a job: a PDF, XLSX or DOCX of a large plan takes longer than a request should,
so the staff download starts a job and the file appears in «Mis descargas». So do a plan's
combined document (every table at once: always a job for staff), the annexes of many plans at
once (those changed since a day), which the coordinator asks for from the panel and
`export_annex --all --en-segundo-plano` enqueues, and the consolidated annex of an agency or a
cycle (reports/consolidated.py)."""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Q

from aspects.models import Activity, Plan, PlanQuerySet
from jobs.models import Job
from jobs.services import JobFailed, job_task
from programs.access import captures_for, is_coordinator
from programs.models import Recommendation

from .bulk import WRITER_LABELS, AnnexScope, annex_count, annex_files
from .combined import CombinedDocument
from .consolidated import FORMATS as CONSOLIDATED_FORMATS
from .consolidated import Consolidated
from .consolidated import write_pdf as consolidated_pdf
from .consolidated import write_xlsx as consolidated_xlsx
from .tables import TABLES, ActivityTable, Annex, AspectTable, RecommendationTable, Row
from .writers import COMBINED_WRITERS, writer_for

FORMAT_LABELS = {
    ("pdf", "anexo"): "PDF",
    ("xlsx", "anexo"): "XLSX (anexo)",
    ("xlsx", "datos"): "XLSX (datos)",
    ("docx", "anexo"): "Word (DOCX)",
}


def is_large(plan: Plan | int) -> bool:
    """Whether the plan's PDF and XLSX annexes are made by a job rather than in the request."""
    plan_id = plan.pk if isinstance(plan, Plan) else plan
    return Activity.objects.filter(aspect__plan_id=plan_id).count() > settings.ANNEX_JOB_MIN_ACTIVITIES


def expected_rows(annex: Annex) -> int | None:
    """How many rows the annex will have, for the progress bar (one COUNT query)."""
    table, plan = annex.table, annex.plan
    if isinstance(table, ActivityTable):
        aspects = plan.aspects.filter(kind__in=table.kinds)
        return Activity.objects.filter(aspect__in=aspects).count() + aspects.filter(activities__isnull=True).count()
    if isinstance(table, AspectTable):
        return plan.aspects.count()
    if isinstance(table, RecommendationTable):
        return (
            Recommendation.objects.filter(Q(evaluation_id=plan.evaluation_id) | Q(aspects__plan=plan))
            .distinct()
            .count()
        )
    return None


def count_rows_into(job: Job, annex: Annex) -> None:
    """Report each row the writer reads as progress. The writers read rows only through
    `annex.rows()`, so that is where they are counted."""
    total = expected_rows(annex)
    rows = annex.rows

    def counted() -> Iterator[Row]:
        for done, row in enumerate(rows(), start=1):
            job.advance(done, max(total or 0, done))
            yield row

    annex.rows = counted  # type: ignore[method-assign]


def write_annex_file(job: Job, annex: Annex, *, fmt: str, layout: str = "anexo") -> None:
    writer = writer_for(fmt, layout)
    count_rows_into(job, annex)
    # A temporary file rather than memory: large plans are why this runs in a job.
    with tempfile.TemporaryFile() as output:
        writer.write(annex, output)
        output.seek(0)
        job.store_result(output, filename=writer.filename(annex), content_type=writer.content_type)


@job_task("reports.annex", label="Anexo")
def build_annex(job: Job) -> None:
    """A staff annex download: params plan, table, fmt, layout and period (or None)."""
    params = job.params
    plan = (
        Plan.objects.visible_to(job.owner).select_related("program__agency", "cycle").filter(pk=params["plan"]).first()
    )
    if plan is None:
        raise JobFailed("El programa de trabajo ya no existe o usted ya no tiene acceso a él.")
    period = None
    if params.get("period"):
        period = plan.cycle.periods.filter(pk=params["period"]).first()
        if period is None:
            raise JobFailed("El periodo de corte elegido ya no existe.")
    write_annex_file(
        job, TABLES[params["table"]].build(plan, period), fmt=params["fmt"], layout=params.get("layout", "anexo")
    )


COMBINED_JOB = "reports.combined"


def count_document_rows_into(job: Job, document: CombinedDocument) -> None:
    """Report the rows of all the document's tables as one progress: each row read by a writer
    advances it (as `count_rows_into` does for one annex)."""
    total = sum(expected_rows(annex) or 0 for annex in document.annexes)
    done = 0
    job.advance(0, total, force=True)
    for annex in document.annexes:

        def counted(rows=annex.rows) -> Iterator[Row]:
            nonlocal done
            for row in rows():
                done += 1
                job.advance(done, max(total, done))
                yield row

        annex.rows = counted  # type: ignore[method-assign]


@job_task(COMBINED_JOB, label="Documento completo")
def build_combined(job: Job) -> None:
    """A plan's combined document: params plan and fmt. For its owner, only a plan they may see;
    without an owner (a command), any plan."""
    plans = Plan.objects.all() if job.owner is None else Plan.objects.visible_to(job.owner)
    plan = plans.select_related("program__agency", "cycle", "evaluation").filter(pk=job.params["plan"]).first()
    if plan is None:
        raise JobFailed("El programa de trabajo ya no existe o usted ya no tiene acceso a él.")
    writer = COMBINED_WRITERS.get(job.params.get("fmt", ""))
    if writer is None:
        raise JobFailed("Ese formato del documento completo no está disponible.")
    document = CombinedDocument.build(plan)
    count_document_rows_into(job, document)
    with tempfile.TemporaryFile() as output:
        writer.write(document, output)
        output.seek(0)
        job.store_result(output, filename=writer.filename(document), content_type=writer.content_type)


ANNEXES_JOB = "reports.annexes"


def annexes_title(scope: AnnexScope, writers: list[str]) -> str:
    formats = ", ".join(WRITER_LABELS[key] for key in writers)
    return f"Anexos de los programas de trabajo {scope.describe()} ({formats})"[:255]


@job_task(ANNEXES_JOB, label="Anexos de varios programas de trabajo")
def build_annexes(job: Job) -> None:
    """Every annex of the plans of a scope (params cycles, agency, changed_since, include_drafts)
    in the writers of params formats, as one ZIP; progress counts files. With an owner (the panel), only a
    coordinator's job runs, over what they may see; without one (the command), every plan."""
    plans = Plan.objects.all()
    if job.owner is not None:
        if not is_coordinator(job.owner):
            raise JobFailed("Solo la coordinación de evaluación exporta los anexos de todas las dependencias.")
        plans = Plan.objects.visible_to(job.owner)
    scope = AnnexScope.from_params(job.params)
    writers = job.params["formats"]
    # Chosen once: the audit trail is read once, and the files are those of the plans counted.
    ids = list(scope.plans(plans).values_list("pk", flat=True))
    chosen = Plan.objects.filter(pk__in=ids)
    total = annex_count(chosen, include_drafts=scope.include_drafts) * len(writers)
    if not total:
        raise JobFailed(scope.nothing_to_export())
    job.advance(0, total, unit="archivos", force=True)
    # Temporary files rather than memory: this is every annex of up to every plan.
    with tempfile.TemporaryFile() as output:
        with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for done, (name, annex, writer) in enumerate(
                annex_files(chosen, writers, include_drafts=scope.include_drafts), 1
            ):
                with tempfile.TemporaryFile() as part:
                    writer.write(annex, part)
                    part.seek(0)
                    with archive.open(name, "w", force_zip64=True) as member:
                        shutil.copyfileobj(part, member)
                job.advance(done, total, unit="archivos")
        output.seek(0)
        job.store_result(output, filename=scope.zip_name(), content_type="application/zip")


CONSOLIDATED_JOB = "reports.consolidated"
NOT_YOUR_AGENCY = "Solo puede consolidar los anexos de su propia dependencia."


def consolidated_plans(owner, consolidated: Consolidated) -> PlanQuerySet:
    """The plans a consolidated annex asked for by `owner` holds: for the coordination (or a
    command, without an owner) every agency's; for an agency's staff only their own agency's, which
    the scope must name."""
    if owner is None or is_coordinator(owner):
        return consolidated.plans()
    agency = captures_for(owner)
    if agency is None or consolidated.scope.agency != agency.pk:
        raise JobFailed(NOT_YOUR_AGENCY)
    return consolidated.plans(Plan.objects.visible_to(owner))


def write_consolidated(consolidated: Consolidated, plans: PlanQuerySet, fmt: str, out, progress) -> None:
    if fmt == "xlsx":
        consolidated_xlsx(plans, out, progress)
    else:
        consolidated_pdf(plans, out, title=consolidated.title(), progress=progress)


@job_task(CONSOLIDATED_JOB, label="Anexo consolidado")
def build_consolidated(job: Job) -> None:
    """Every authorised plan of an agency or a cycle in one XLSX or PDF (params agency, cycles,
    fmt); progress counts the annexes read."""
    params = job.params
    consolidated = Consolidated(AnnexScope(cycles=tuple(params.get("cycles") or ()), agency=params.get("agency")))
    fmt = params["fmt"]
    ids = list(consolidated_plans(job.owner, consolidated).values_list("pk", flat=True))
    if not ids:
        raise JobFailed(consolidated.scope.nothing_to_export())
    plans = Plan.objects.filter(pk__in=ids)
    job.advance(0, None, unit="anexos", force=True)

    def progress(done: int, total: int) -> None:
        job.advance(done, total, unit="anexos")

    with tempfile.TemporaryFile() as output:
        write_consolidated(consolidated, plans, fmt, output, progress)
        output.seek(0)
        job.store_result(output, filename=consolidated.filename(fmt), content_type=CONSOLIDATED_FORMATS[fmt][1])
