"""The public transparency section: what each agency committed to after its evaluations, and
what it has done. No login. Every queryset here starts from `.authorised()` (or
`public_with_progress()`, or `Evidence.objects.public()`), so nothing else can appear; the URL
of anything not authorised answers 404.
"""

from __future__ import annotations

import tempfile

from django.db.models import Avg, Count, Exists, OuterRef, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from aspects.models import Activity, Aspect, ChangeRequest, Plan, ProgressReport, ReportRound
from aspects.progress import Status, Timeliness, timeliness_q
from evidence.models import Evidence
from programs.models import Agency, Evaluation, Program, Recommendation
from programs.pagination import CountedPaginator
from reports.tables import TABLES
from reports.writers import writer_for
from reports.writers.html import table_context

from . import exports
from .cache import CachedCountPaginator, cached_page
from .filters import PROGRAMS, ActivityFilter, AspectFilter, ProgramFilter
from .search import search

PAGE_SIZE = 25
FORMATS = ("csv", "xlsx", "json")


def crumbs(*items: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [("Inicio", reverse("public:home")), *items]


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def summarise(aspects, name: str, key: str) -> list[dict]:
    """Per group (`name`, `key`): ASM, concluded, overdue, % concluded and mean progress, summed
    up by the database from the stored values, one row per group."""
    groups = (
        aspects.order_by()
        .values(name, key)
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=Status.DONE)),
            overdue=Count("pk", filter=timeliness_q(Timeliness.OVERDUE, due_field=Aspect.due_field)),
            mean=Avg("progress"),
        )
    )
    result = [
        {
            "name": group[name],
            "key": group[key],
            "total": group["total"],
            "done": group["done"],
            "overdue": group["overdue"],
            "done_percent": percent(group["done"], group["total"]),
            "mean_progress": round(group["mean"], 1) if group["mean"] is not None else None,
        }
        for group in groups
    ]
    return sorted(result, key=lambda group: str(group["name"]))


@require_GET
@cached_page
def home(request):
    aspects = Aspect.objects.public_with_progress()
    by_agency = summarise(aspects, "plan__program__agency__name", "plan__program__agency__slug")
    by_cycle = sorted(summarise(aspects, "plan__cycle__name", "plan__cycle__year"), key=lambda group: (group["key"], str(group["name"])))
    total = sum(group["total"] for group in by_agency)
    done = sum(group["done"] for group in by_agency)
    context = {
        "counts": {
            "agencies": Agency.objects.authorised().count(),
            "programs": Program.objects.authorised().count(),
            "evaluations": Evaluation.objects.authorised().count(),
            "aspects": total,
            "activities": Activity.objects.authorised().count(),
        },
        "done": done,
        "done_percent": percent(done, total),
        "overdue": sum(group["overdue"] for group in by_agency),
        "by_agency": by_agency,
        "by_cycle": by_cycle,
        # Acronyms on the chart, where full names would not fit a phone; the table has them whole.
        "chart_agency": chart_data(by_agency, dict(Agency.objects.authorised().values_list("slug", "acronym"))),
        "chart_cycle": chart_data(by_cycle),
    }
    return render(request, "public/home.html", context)


def chart_data(groups: list[dict], short: dict | None = None) -> dict:
    short = short or {}
    return {
        "labels": [short.get(group["key"]) or str(group["name"]) for group in groups],
        "done": [group["done_percent"] or 0 for group in groups],
        "progress": [group["mean_progress"] or 0 for group in groups],
    }


@require_GET
@cached_page
def agency_list(request):
    agencies = Agency.objects.authorised().annotate(program_count=Count("programs", distinct=True)).order_by("name")
    return render(request, "public/agency_list.html", {"agencies": agencies, "crumbs": crumbs(("Dependencias", None))})


@require_GET
@cached_page
def agency_detail(request, slug: str):
    agency = get_object_or_404(Agency.objects.authorised(), slug=slug)
    programs = Program.objects.authorised().filter(agency=agency).order_by("key")
    summary = summarise(Aspect.objects.public_with_progress().filter(plan__program__agency=agency), "plan__program__name", "plan__program__key")
    by_program = {group["key"]: group for group in summary}
    rows = [(program, by_program.get(program.key)) for program in programs]
    return render(request, "public/agency_detail.html", {"agency": agency, "rows": rows, "crumbs": crumbs(("Dependencias", reverse("public:agency-list")), (str(agency), None))})


@require_GET
@cached_page
def program_list(request):
    programs = Program.objects.authorised().select_related("agency").order_by("key")
    filterset = ProgramFilter(request.GET or None, queryset=programs)
    programs = filterset.qs if filterset.is_bound and filterset.is_valid() else programs
    return render(request, "public/program_list.html", {"programs": programs, "filter": filterset, "crumbs": crumbs(("Programas", None))})


@require_GET
@cached_page
def program_search(request):
    """Suggestions for the program filter of the public lists: at most 20 authorised programs
    whose key or name holds every word typed, accents and case ignored, as {"clave", "nombre"}."""
    return JsonResponse({"resultados": PROGRAMS.suggest(PROGRAMS.choices(), request.GET.get("q", ""))})


def public_program(key: str) -> Program:
    return get_object_or_404(Program.objects.authorised().select_related("agency"), key=key)


def program_crumbs(program: Program, *tail) -> list:
    return crumbs(
        ("Dependencias", reverse("public:agency-list")),
        (program.agency.acronym or program.agency.name, program.agency.get_public_url()),
        (program.key, reverse("public:program", kwargs={"key": program.key}) if tail else None),
        *tail,
    )


@require_GET
@cached_page
def program_detail(request, key: str):
    """A program's evaluations and authorised plans, each with the summary of its ASM and its
    annexes, and the ASM of one plan (the latest by default) a page at a time: a program may
    carry a thousand ASM over its cycles."""
    program = public_program(key)
    # The progress annexes exist only once a progress round of the plan is authorised.
    plans = list(
        Plan.objects.authorised()
        .filter(program=program)
        .annotate(has_progress=Exists(ReportRound.objects.authorised().filter(plan=OuterRef("pk"))))
        .select_related("cycle", "evaluation__type")
        .order_by("-cycle__year", "-pk")
    )
    aspects = Aspect.objects.public_with_progress().filter(plan__program=program)
    summary = {group["key"]: group for group in summarise(aspects, "plan__cycle__name", "plan")}
    plan = chosen_plan(plans, request.GET.get("plan"))
    context = {
        "program": program,
        "plans": [(each, summary.get(each.pk)) for each in plans],
        "plan": plan,
        "evaluations": Evaluation.objects.authorised().filter(program=program).select_related("type").order_by("-year"),
        "tables": TABLES.values(),
        "crumbs": program_crumbs(program),
    }
    if plan is not None:
        rows = aspects.filter(plan=plan).select_related("plan__program", "scope").order_by("number", "pk")
        total = summary[plan.pk]["total"] if plan.pk in summary else 0
        context["page"] = CountedPaginator(rows, PAGE_SIZE, count=total).get_page(request.GET.get("pagina"))
        context["querystring"] = f"plan={plan.pk}"
    return render(request, "public/program_detail.html", context)


def chosen_plan(plans: list[Plan], value: str | None) -> Plan | None:
    """The plan whose ASM the program page lists: `?plan=` among the program's authorised plans
    (anything else is not a public page: 404), or the latest."""
    if value is None:
        return plans[0] if plans else None
    chosen = [plan for plan in plans if str(plan.pk) == value]
    if not chosen:
        raise Http404("Ese programa de trabajo no está publicado en este programa.")
    return chosen[0]


@require_GET
@cached_page
def evaluation_detail(request, key: str, pk: int):
    program = public_program(key)
    evaluation = get_object_or_404(Evaluation.objects.authorised().filter(program=program).select_related("type"), pk=pk)
    context = {
        "program": program,
        "evaluation": evaluation,
        "documents": Evidence.objects.public().filter(evaluation=evaluation).order_by("document", "pk"),
        "recommendations": Recommendation.objects.authorised().filter(evaluation=evaluation).select_related("scope", "duplicates").order_by("number"),
        "crumbs": program_crumbs(program, (evaluation.title, None)),
    }
    return render(request, "public/evaluation_detail.html", context)


def public_reports():
    return ProgressReport.objects.authorised().select_related("period").prefetch_related(
        Prefetch("evidence", Evidence.objects.public().order_by("pk"), to_attr="public_evidence")
    ).order_by("period__end")


@require_GET
@cached_page
def aspect_detail(request, key: str, pk: int):
    program = public_program(key)
    aspect = get_object_or_404(
        Aspect.objects.public_with_progress().filter(plan__program=program).select_related("plan__cycle", "scope", "topic", "responsible_unit", "coordinating_unit"),
        pk=pk,
    )
    activities = (
        Activity.objects.public_with_progress()
        .filter(aspect=aspect)
        .prefetch_related("units", Prefetch("reports", public_reports(), to_attr="public_reports"))
        .order_by("number")
    )
    context = {
        "program": program,
        "aspect": aspect,
        "activities": activities,
        "recommendations": Recommendation.objects.authorised().filter(aspects=aspect).select_related("evaluation").order_by("number"),
        "crumbs": program_crumbs(program, (f"ASM {aspect.number}", None)),
    }
    return render(request, "public/aspect_detail.html", context)


@require_GET
@cached_page
def activity_detail(request, key: str, pk: int):
    program = public_program(key)
    activity = get_object_or_404(
        Activity.objects.public_with_progress().filter(aspect__plan__program=program).select_related("aspect__plan__cycle"), pk=pk
    )
    context = {
        "program": program,
        "activity": activity,
        "aspect": activity.aspect,
        "units": activity.units.all(),
        "reports": public_reports().filter(activity=activity),
        "changes": ChangeRequest.objects.authorised().filter(activity=activity).order_by("authorised_at"),
        "crumbs": program_crumbs(
            program,
            (f"ASM {activity.aspect.number}", reverse("public:aspect", kwargs={"key": program.key, "pk": activity.aspect_id})),
            (f"Actividad {activity.number}", None),
        ),
    }
    return render(request, "public/activity_detail.html", context)


# Lists with filters, search and downloads. --------------------------------------------------

ASPECT_COLUMNS = [
    ("Dependencia", lambda a: a.plan.program.agency.name),
    ("Programa (clave)", lambda a: a.plan.program.key),
    ("Programa", lambda a: a.plan.program.name),
    ("Ciclo", lambda a: a.plan.cycle.name),
    ("No. ASM", lambda a: a.number),
    ("Aspecto susceptible de mejora", lambda a: a.text),
    ("Tipo", lambda a: a.get_kind_display()),
    ("Prioridad", lambda a: a.get_priority_display()),
    ("Ámbito de gestión", lambda a: a.scope.code if a.scope else ""),
    ("Fecha de término", lambda a: a.due_date),
    ("Avance (%)", lambda a: round(a.progress, 1) if a.progress is not None else None),
    ("Estado", lambda a: Status(a.status).label),
    ("Oportunidad", lambda a: Timeliness(a.timeliness).label if a.timeliness else ""),
]

ACTIVITY_COLUMNS = [
    ("Dependencia", lambda a: a.aspect.plan.program.agency.name),
    ("Programa (clave)", lambda a: a.aspect.plan.program.key),
    ("Ciclo", lambda a: a.aspect.plan.cycle.name),
    ("No. ASM", lambda a: a.aspect.number),
    ("Aspecto susceptible de mejora", lambda a: a.aspect.text),
    ("No. actividad", lambda a: a.number),
    ("Actividad", lambda a: a.description),
    ("Fecha de inicio", lambda a: a.start_date),
    ("Fecha de término", lambda a: a.end_date),
    ("Fecha de término original", lambda a: a.original_end_date),
    ("Cancelada", lambda a: "Sí" if a.cancelled else "No"),
    ("Avance (%)", lambda a: a.progress),
    ("Estado", lambda a: Status(a.status).label),
    ("Oportunidad", lambda a: Timeliness(a.timeliness).label if a.timeliness else ""),
]


def filtered_list(request, *, queryset, filterset_class, columns, filename: str, template: str, title: str):
    filterset = filterset_class(request.GET or None, queryset=queryset)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    fmt = request.GET.get("formato")
    if fmt:
        if fmt not in FORMATS:
            raise Http404("Formato no disponible.")
        return exports.download(filename=filename, columns=columns, rows=rows.iterator(chunk_size=500), fmt=fmt)
    query = request.GET.copy()
    query.pop("pagina", None)
    query.pop("formato", None)
    page = CachedCountPaginator(rows, PAGE_SIZE, count_key=f"{request.path}?{query.urlencode()}").get_page(request.GET.get("pagina"))
    context = {
        "page": page,
        "filter": filterset,
        "title": title,
        "querystring": query.urlencode(),
        "downloads": [(fmt.upper(), f"?{query.urlencode()}&formato={fmt}" if query else f"?formato={fmt}") for fmt in FORMATS],
        "crumbs": crumbs((title, None)),
    }
    return render(request, template, context)


@require_GET
@cached_page
def aspect_list(request):
    queryset = Aspect.objects.public_with_progress().select_related("plan__program__agency", "plan__cycle", "scope").order_by(
        "plan__program__key", "plan__cycle__year", "number"
    )
    return filtered_list(
        request, queryset=queryset, filterset_class=AspectFilter, columns=ASPECT_COLUMNS, filename="asm",
        template="public/aspect_list.html", title="Aspectos susceptibles de mejora",
    )


@require_GET
@cached_page
def activity_list(request):
    queryset = Activity.objects.public_with_progress().select_related("aspect__plan__program__agency", "aspect__plan__cycle").order_by(
        "aspect__plan__program__key", "aspect__plan__cycle__year", "aspect__number", "number"
    )
    return filtered_list(
        request, queryset=queryset, filterset_class=ActivityFilter, columns=ACTIVITY_COLUMNS, filename="actividades",
        template="public/activity_list.html", title="Actividades",
    )


SEARCH_LIMIT = 50


@require_GET
@cached_page
def search_page(request):
    query = request.GET.get("q", "").strip()[:200]
    results = []
    if query:
        aspects = search(Aspect.objects.authorised(), query).select_related("plan__program", "plan__cycle").order_by("plan__program__key", "number")
        activities = search(Activity.objects.authorised(), query).select_related("aspect__plan__program").order_by("aspect__plan__program__key", "aspect__number", "number")
        recommendations = search(Recommendation.objects.authorised(), query).select_related("evaluation__program", "evaluation__type").order_by("evaluation__program__key", "number")
        results = [
            ("Aspectos susceptibles de mejora", aspects.count(), aspects[:SEARCH_LIMIT], "aspect"),
            ("Actividades", activities.count(), activities[:SEARCH_LIMIT], "activity"),
            ("Recomendaciones", recommendations.count(), recommendations[:SEARCH_LIMIT], "recommendation"),
        ]
    context = {"query": query, "results": results, "limit": SEARCH_LIMIT, "crumbs": crumbs(("Buscar", None))}
    return render(request, "public/search.html", context)


@require_GET
@cached_page
def open_data(request):
    return render(request, "public/open_data.html", {"programs": Program.objects.authorised().order_by("key"), "crumbs": crumbs(("Datos abiertos", None))})


# Authorised annexes of a program. -------------------------------------------------------------


def public_annex(key: str, plan_pk: int, table: str, period_pk: str | None):
    """The annex as the public sees it, and the cut-off periods whose progress round is authorised
    (the only ones a progress annex may be cut at; the latest by default)."""
    program = public_program(key)
    plan = get_object_or_404(Plan.objects.authorised().filter(program=program).select_related("program__agency", "cycle"), pk=plan_pk)
    if table not in TABLES:
        raise Http404("No existe ese anexo.")
    periods = [r.period for r in ReportRound.objects.authorised().filter(plan=plan).select_related("period").order_by("period__end")]
    period = None
    if TABLES[table].needs_period:
        if period_pk and not period_pk.isdigit():
            raise Http404("Periodo de corte no válido.")
        chosen = [p for p in periods if str(p.pk) == period_pk] if period_pk else periods[-1:]
        if not chosen:
            raise Http404("Este programa de trabajo no tiene avances autorizados a ese corte.")
        period = chosen[0]
    return program, plan, TABLES[table].build(plan, period, public=True), periods


@require_GET
@cached_page
def annex_preview(request, key: str, plan_pk: int, table: str):
    program, plan, annex, periods = public_annex(key, plan_pk, table, request.GET.get("periodo"))
    context = table_context(annex, print_version=False)
    query = f"?periodo={annex.period.pk}" if annex.period else ""
    context.update(
        program=program,
        plan=plan,
        tables=[table for table in TABLES.values() if periods or not table.needs_period],
        periods=periods if annex.table.needs_period else [],
        downloads=[
            (label, reverse("public:annex-download", kwargs={"key": key, "plan_pk": plan.pk, "table": table, "fmt": fmt}) + query)
            for label, fmt in (("PDF", "pdf"), ("XLSX", "xlsx"))
        ],
        table_class="table table-bordered table-sm small align-top mb-1",
        crumbs=program_crumbs(program, (annex.title, None)),
    )
    return render(request, "public/annex.html", context)


@require_GET
def annex_download(request, key: str, plan_pk: int, table: str, fmt: str) -> HttpResponse:
    if fmt not in ("pdf", "xlsx"):
        raise Http404("Formato no disponible.")
    program, plan, annex, periods = public_annex(key, plan_pk, table, request.GET.get("periodo"))
    writer = writer_for(fmt)
    output = tempfile.TemporaryFile()
    writer.write(annex, output)
    output.seek(0)
    return FileResponse(output, as_attachment=True, filename=writer.filename(annex), content_type=writer.content_type)
