"""Jobs that build what the public downloads, so that no anonymous request does heavy work:
the open-data ZIP, the annexes of large plans and the list downloads too long for a request."""

from __future__ import annotations

import tempfile

from celery import shared_task
from django.conf import settings

from aspects.models import Plan, ReportRound
from jobs.models import Job
from jobs.services import JobFailed, job_task
from reports.combined import SLUG as COMBINED_SLUG
from reports.combined import CombinedDocument
from reports.tables import TABLES
from reports.writers import COMBINED_WRITERS, writer_for

from . import exports
from .bulk import FILENAME, write_zip
from .list_exports import LIST_EXPORT_JOB, LISTS
from .models import PublishedFile
from .published import ANNEX_FORMATS, ANNEXES_JOB, OPEN_DATA_JOB, OPEN_DATA_KEY, annex_key, rebuild_open_data_soon
from .throttle import release_for_job


class SiteRequest:
    """Stands in for a request in the serializers, which make download links absolute."""

    def build_absolute_uri(self, path: str) -> str:
        return f"{settings.SITE_URL}{path}"


@job_task(OPEN_DATA_JOB, label="Datos abiertos (ZIP)")
def build_open_data(job: Job) -> None:
    with tempfile.TemporaryFile() as output:
        write_zip(output, SiteRequest(), progress=lambda done, total: job.advance(done, total, unit="tablas"))
        PublishedFile.publish(key=OPEN_DATA_KEY, content=output, filename=FILENAME, content_type="application/zip")


@job_task(ANNEXES_JOB, label="Anexos públicos")
def build_public_annexes(job: Job) -> None:
    """Every public annex of an authorised plan, in PDF, XLSX and DOCX, at each authorised period,
    and its combined document."""
    plan = (
        Plan.objects.public()
        .select_related("program__agency", "cycle", "evaluation")
        .filter(pk=job.params["plan"])
        .first()
    )
    if plan is None:
        raise JobFailed("El programa de trabajo no está autorizado.")
    periods = [
        r.period
        for r in ReportRound.objects.public().filter(plan=plan).select_related("period").order_by("period__end")
    ]
    files = [
        (table, period, fmt)
        for table in TABLES.values()
        for period in (periods if table.needs_period else [None])
        for fmt in ANNEX_FORMATS
    ]
    total = len(files) + len(COMBINED_WRITERS)
    job.advance(0, total, unit="archivos", force=True)
    for done, (table, period, fmt) in enumerate(files, start=1):
        annex = table.build(plan, period, public=True)
        writer = writer_for(fmt)
        with tempfile.TemporaryFile() as output:
            writer.write(annex, output)
            PublishedFile.publish(
                key=annex_key(plan.pk, table.slug, period.pk if period else None, fmt),
                content=output,
                filename=writer.filename(annex),
                content_type=writer.content_type,
            )
        job.advance(done, total, unit="archivos")
    # And the plan's combined document, in each of its formats.
    document = CombinedDocument.build(plan, public=True)
    for done, (fmt, combined) in enumerate(COMBINED_WRITERS.items(), start=len(files) + 1):
        with tempfile.TemporaryFile() as output:
            combined.write(document, output)
            PublishedFile.publish(
                key=annex_key(plan.pk, COMBINED_SLUG, None, fmt),
                content=output,
                filename=combined.filename(document),
                content_type=combined.content_type,
            )
        job.advance(done, total, unit="archivos")


@job_task(LIST_EXPORT_JOB, label="Descarga de una lista")
def build_list_export(job: Job) -> None:
    """A public list download longer than LIST_EXPORT_JOB_ROWS: params list, filters, fmt and
    version (the public data's, which keys the shared build). For its owner, or for everyone."""
    try:
        write_list_export(job)
    finally:
        release_for_job(job.pk)  # the slot of the anonymous client who started it, if any


def write_list_export(job: Job) -> None:
    public_list, fmt = LISTS.get(job.params.get("list")), job.params.get("fmt")
    if public_list is None or fmt not in exports.CONTENT_TYPES:
        raise JobFailed("Esta descarga ya no existe.")
    filterset = public_list.filterset(job.params.get("filters"))
    rows = public_list.rows(filterset)
    total = rows.count()
    job.advance(0, total, force=True)

    def counted():
        for done, row in enumerate(rows.iterator(chunk_size=exports.CHUNK_SIZE), start=1):
            job.advance(done, max(total, done))
            yield row

    columns = exports.record_columns(public_list.viewset, fmt=fmt, request=SiteRequest())
    # A temporary file rather than memory: lists this long are why this runs in a job.
    with tempfile.TemporaryFile() as output:
        exports.write(output, columns=columns, rows=counted(), fmt=fmt)
        output.seek(0)
        job.store_result(output, filename=public_list.filename(filterset, fmt), content_type=exports.CONTENT_TYPES[fmt])


@shared_task(name="public.rebuild_open_data", ignore_result=True)
def rebuild_open_data_nightly() -> None:
    """From celery beat: the ZIP also follows edits that no authorisation announces (a
    program's name, an agency's)."""
    rebuild_open_data_soon(countdown=0)
