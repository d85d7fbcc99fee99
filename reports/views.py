"""Staff pages of the annexes: an HTML preview of any table of a plan the user may see, and its
downloads (PDF, XLSX in the anexo or datos layout, CSV, Word). Another agency's plan is a 404. The
coordinator also asks here for the annexes of every plan changed since a day, made by a job; the
coordinator and the agencies' staff for a consolidated annex (reports/consolidated.py), made by a
job too."""

from __future__ import annotations

import tempfile
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from aspects.missing import COORDINATION_ONLY, missing_in_order, missing_report_scope
from aspects.models import Activity, Plan
from jobs.services import start_unique_job
from programs.access import captures_for, is_coordinator
from programs.models import CutOffPeriod
from programs.staff import breadcrumbs

from .combined import job_title
from .consolidated import Consolidated
from .executive import build_executive_report
from .forms import ChangedAnnexesForm, ConsolidatedForm
from .indicator_tables import COMPLIANCE, tables_for, uses_indicators
from .pages import executive_file_response, file_response, page_context, period_asked, table_named
from .tables import TABLES, Annex, Table
from .tasks import ANNEXES_JOB, COMBINED_JOB, CONSOLIDATED_JOB, FORMAT_LABELS, annexes_title, is_large
from .writers import COMBINED_WRITERS, LAYOUTS, XLSX_TYPE, csv, xlsx
from .writers.executive import EXECUTIVE_WRITERS

DOWNLOADS = [
    ("PDF", "pdf", ""),
    ("XLSX (anexo)", "xlsx", "anexo"),
    ("XLSX (datos)", "xlsx", "datos"),
    ("CSV (datos)", "csv", ""),
    ("Word (DOCX)", "docx", ""),
]


def get_annex(request, pk: int, table: str) -> tuple[Annex, QuerySet[CutOffPeriod]]:
    """The table built for a plan the user may see, at the period asked for (`?periodo=<id>`, any
    of the plan's cycle; by default the one `Table.build` picks), and the periods offered."""
    plan = get_object_or_404(Plan.objects.visible_to(request.user).select_related("program__agency", "cycle"), pk=pk)
    chosen = table_named(table)
    # Read once, when a period is asked for or the page lists them.
    periods = plan.cycle.periods.order_by("end")
    period = period_asked(chosen, request.GET.get("periodo"), offered=periods, default=None)
    return chosen.build(plan, period), periods


def download_links(annex: Annex) -> list[tuple[str, str]]:
    """The downloads of the annex on show, at the same cut-off period."""
    links = []
    for label, fmt, layout in DOWNLOADS:
        query: dict[str, int | str] = {"periodo": annex.period.pk} if annex.period else {}
        if layout:
            query["presentacion"] = layout
        url = reverse("reports:annex-download", kwargs={"pk": annex.plan.pk, "table": annex.table.slug, "fmt": fmt})
        links.append((label, f"{url}?{urlencode(query)}" if query else url))
    return links


def tab_url(annex: Annex, table: Table) -> str:
    """Another table of the same plan; a progress table stays at the cut-off period on show."""
    url = reverse("reports:annex-preview", args=[annex.plan.pk, table.slug])
    return f"{url}?periodo={annex.period.pk}" if annex.period and table.needs_period else url


def executive_links(plan: Plan, period: CutOffPeriod | None) -> list[tuple[str, str]]:
    """The informe ejecutivo of a plan measured by indicators, at the period on show."""
    query = f"?periodo={period.pk}" if period else ""
    return [
        (f"Informe ejecutivo ({label})", reverse("reports:executive-report", args=[plan.pk, fmt]) + query)
        for label, fmt in (("PDF", "pdf"), ("XLSX", "xlsx"))
    ]


@login_required
@require_GET
def annex_preview(request, pk: int, table: str) -> HttpResponse:
    annex, periods = get_annex(request, pk, table)
    indicators = uses_indicators(annex.plan)
    downloads = download_links(annex)
    if indicators and annex.table.slug == COMPLIANCE.slug:
        downloads += executive_links(annex.plan, annex.period)
    context = page_context(
        annex,
        tabs=[(other, tab_url(annex, other)) for other in tables_for(annex.plan, indicators=indicators)],
        periods=periods,
        downloads=downloads,
        show_period_status=True,
        crumbs=breadcrumbs(annex.plan, ("Anexos", None), (annex.title, None)),
    )
    return render(request, "reports/preview.html", context)


@login_required
@require_GET
def annex_download(request, pk: int, table: str, fmt: str) -> FileResponse | HttpResponseRedirect:
    layout = request.GET.get("presentacion") or "anexo"
    if fmt not in ("pdf", "xlsx", "docx", "csv") or layout not in LAYOUTS:
        raise Http404("Formato no disponible.")
    annex, _ = get_annex(request, pk, table)
    # The indicator tables print a row per indicator: never long enough for a job.
    if fmt != "csv" and table in TABLES and is_large(annex.plan):
        # Too long for a request: a job makes it and «Mis descargas» shows its progress.
        job = start_unique_job(
            kind="reports.annex",
            params={
                "plan": annex.plan.pk,
                "table": table,
                "fmt": fmt,
                "layout": layout,
                "period": annex.period.pk if annex.period else None,
            },
            by=request.user,
            title=f"{annex.title} · {annex.plan.program.key} {annex.plan.cycle.year}"
            + (f" · {annex.period.name}" if annex.period else "")
            + f" ({FORMAT_LABELS[fmt, 'datos' if fmt == 'xlsx' and layout == 'datos' else 'anexo']})",
        )
        return redirect(job)
    return file_response(annex, fmt, layout)


@login_required
@require_GET
def combined_download(request, pk: int, fmt: str) -> HttpResponseRedirect:
    """A plan's combined document (every table at once): always made by a job, whose progress
    and file are in «Mis descargas»."""
    if fmt not in COMBINED_WRITERS:
        raise Http404("Formato no disponible.")
    plan = get_object_or_404(Plan.objects.visible_to(request.user).select_related("program", "cycle"), pk=pk)
    job = start_unique_job(
        kind=COMBINED_JOB,
        params={"plan": plan.pk, "fmt": fmt},
        by=request.user,
        title=job_title(plan, fmt),
    )
    return redirect(job)


@login_required
@require_GET
def executive_report_download(request, pk: int, fmt: str) -> FileResponse:
    """The informe ejecutivo of a plan the user may see, measured by indicators, at `?periodo=`
    (any period of its cycle; by default the latest with measurements). A draft round prints
    BORRADOR and no «Autorizó»."""
    if fmt not in EXECUTIVE_WRITERS:
        raise Http404("Formato no disponible.")
    plan = get_object_or_404(
        Plan.objects.visible_to(request.user).select_related("program__agency", "cycle", "region"), pk=pk
    )
    if not uses_indicators(plan):
        raise Http404("Este programa de trabajo no se mide por indicadores.")
    periods = plan.cycle.periods.order_by("end")
    period = period_asked(COMPLIANCE, request.GET.get("periodo"), offered=periods, default=None)
    return executive_file_response(build_executive_report(plan, period), fmt)


@login_required
@require_http_methods(["GET", "POST"])
def annex_export(request) -> HttpResponse:
    """For the coordinator: every annex of the plans changed since a day (of a cycle, of an
    agency), in a ZIP that a job writes; its progress and file are in «Mis descargas»."""
    if not is_coordinator(request.user):
        raise PermissionDenied("Solo la coordinación de evaluación exporta los anexos de todas las dependencias.")
    form = ChangedAnnexesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        scope, writers = form.scope(), form.cleaned_data["formats"]
        job = start_unique_job(
            kind=ANNEXES_JOB,
            params={**scope.as_params(), "formats": writers},
            by=request.user,
            title=annexes_title(scope, writers),
        )
        return redirect(job)
    crumbs = breadcrumbs(None, ("Exportar anexos que cambiaron", None))
    return render(request, "reports/annex_export.html", {"form": form, "crumbs": crumbs})


CONSOLIDATED_REFUSED = "Solo la coordinación de evaluación y el personal de una dependencia piden el anexo consolidado."


@login_required
@require_http_methods(["GET", "POST"])
def consolidated_export(request) -> HttpResponse:
    """The consolidated annex of the authorised plans of an agency or a cycle, in XLSX or PDF,
    written by a job whose progress and file are in «Mis descargas». The coordination chooses
    any agency or cycle; an agency's capturistas and supervisors their own agency only."""
    coordinator = is_coordinator(request.user)
    own_agency = None if coordinator else captures_for(request.user)
    if not coordinator and own_agency is None:
        raise PermissionDenied(CONSOLIDATED_REFUSED)
    form = ConsolidatedForm(request.POST or None, own_agency=own_agency)
    if request.method == "POST" and form.is_valid():
        consolidated, fmt = Consolidated(form.scope()), form.cleaned_data["fmt"]
        job = start_unique_job(
            kind=CONSOLIDATED_JOB,
            params={"cycles": list(consolidated.scope.cycles), "agency": consolidated.scope.agency, "fmt": fmt},
            by=request.user,
            title=f"{consolidated.title()} ({fmt.upper()})"[:255],
        )
        return redirect(job)
    crumbs = breadcrumbs(None, ("Anexo consolidado", None))
    return render(request, "reports/consolidated_export.html", {"form": form, "crumbs": crumbs})


MISSING_COLUMNS = [
    "Dependencia",
    "Clave del programa",
    "Programa",
    "Ciclo",
    "ASM",
    "Actividad",
    "Descripción de la actividad",
    "Fecha de inicio",
    "Fecha de término",
    "Periodo de corte",
    "Cierre del periodo",
]


@login_required
@require_GET
def missing_reports_download(request, fmt: str):
    """The coordinator's list of activities without a report in an open period (the page
    `aspects:missing-reports`, same period and agency), as CSV or XLSX through the project's
    writers, so text a spreadsheet would run as a formula is written as text."""
    if not is_coordinator(request.user):
        raise PermissionDenied(COORDINATION_ONLY)
    if fmt not in ("csv", "xlsx"):
        raise Http404("Formato desconocido.")
    period, agency, _ = missing_report_scope(request)
    if period is None:
        raise Http404("No hay periodos de corte abiertos.")
    missing = Activity.objects.missing_report(period)
    if agency is not None:
        missing = missing.filter(aspect__plan__program__agency=agency)
    rows = (
        [
            activity.aspect.plan.program.agency.name,
            activity.aspect.plan.program.key,
            activity.aspect.plan.program.name,
            str(period.cycle),
            activity.aspect.number,
            activity.number,
            activity.description,
            activity.start_date,
            activity.end_date,
            period.name,
            period.end,
        ]
        for activity in missing_in_order(missing).select_related("aspect__plan__program").iterator(500)
    )
    slug = slugify(
        f"sin-reporte-{period.name}-{period.cycle}" + (f"-{agency.acronym or agency.name}" if agency else "")
    )
    name = f"{slug}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(csv.iter_csv(MISSING_COLUMNS, rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response
    out = tempfile.TemporaryFile()
    xlsx.write_rows(MISSING_COLUMNS, rows, out, title="Sin reporte")
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=name, content_type=XLSX_TYPE)
