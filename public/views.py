"""The public transparency section: what each agency committed to after its evaluations, and
what it has done. No login. Every queryset here starts from the public rule, `.public()`
(`programs/visibility.py`), so nothing else can appear; the URL of anything not authorised
answers 404.
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from aspects.models import Activity, Aspect, ChangeRequest, Plan, PlanSummary, ProgressReport, ReportRound
from aspects.progress import plan_sums
from evidence.models import Evidence
from indicators.figures import plan_figures
from indicators.models import MeasurementRound
from programs.crumbs import program_crumbs
from programs.crumbs import public_crumbs as crumbs
from programs.models import Agency, Cycle, Evaluation, Program, Recommendation
from programs.pagination import CountedPaginator, humane_page
from reports.combined import SLUG as COMBINED_SLUG
from reports.combined import CombinedDocument
from reports.executive import build_executive_report, rating_chart, rating_rows, share_text
from reports.indicator_tables import COMPLIANCE, INDICATOR_TABLES, compliance_rows, tables_for, uses_indicators_q
from reports.pages import (
    combined_response,
    executive_file_response,
    file_response,
    page_context,
    period_asked,
    table_named,
)
from reports.tables import TABLES
from reports.tasks import is_large
from reports.writers import COMBINED_WRITERS, combined_formats
from reports.writers.executive import EXECUTIVE_WRITERS

from . import list_exports, published
from .cache import CachedCountPaginator, cached_page
from .dictionary import data_files
from .filters import PROGRAMS, ProgramFilter
from .models import PublishedFile
from .search import search
from .throttle import heavy

PAGE_SIZE = 25
PROGRAM_PAGE_SIZE = 50
FORMATS = ("csv", "xlsx", "json")


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


SUMS = ("total", "done", "overdue", "progress_sum", "measured", "activities")


def group_sums(*keys: str, **plans):
    """Per combination of `keys` (paths from a plan), the sums every summary is made of, added up
    by the database from the public plans' stored summaries (aspects.progress.plan_sums) in one
    query; `plans` narrows which plans (`plan__program=…`)."""
    return plan_sums(PlanSummary.objects.public().filter(**plans), *keys)


def summary_of(name, key, sums: dict) -> dict:
    """A summary row: ASM, concluded, overdue, % concluded and mean progress."""
    return {
        "name": name,
        "key": key,
        **sums,
        "done_percent": percent(sums["done"], sums["total"]),
        "mean_progress": round(sums["progress_sum"] / sums["measured"], 1) if sums["measured"] else None,
    }


def roll_up(rows, key: str, labels: dict) -> list[dict]:
    """Add up rows of `group_sums` by one of their keys; `labels` maps its value to (name, key)."""
    totals: dict = {}
    for row in rows:
        group = totals.setdefault(row[key], dict.fromkeys(SUMS, 0))
        for name in SUMS:
            group[name] += row[name] or 0
    return sorted(
        (summary_of(*labels[value], sums) for value, sums in totals.items()), key=lambda group: str(group["name"])
    )


def summaries_by(key: str, **plans) -> dict:
    """The summary of each value of one key (a program, a plan), from one `group_sums` query."""
    return {
        row[key]: summary_of(None, row[key], {name: row[name] or 0 for name in SUMS})
        for row in group_sums(key, **plans)
    }


@require_GET
@cached_page
def home(request):
    # One pass over the public plans' summaries, by agency and cycle (copied on each summary, so one
    # index of that table, no join); both summaries and the totals add it up.
    rows = list(group_sums("program_agency", "cycle"))
    agencies = {
        pk: (name, slug)
        for pk, name, slug in Agency.objects.filter(pk__in={r["program_agency"] for r in rows}).values_list(
            "pk", "name", "slug"
        )
    }
    cycles = {
        pk: (name, year)
        for pk, name, year in Cycle.objects.filter(pk__in={r["cycle"] for r in rows}).values_list("pk", "name", "year")
    }
    by_agency = roll_up(rows, "program_agency", agencies)
    for group in by_agency:
        # Reversed here: a {% url %} per row costs the template three times as much, 40 times over.
        group["url"] = reverse("public:agency", kwargs={"slug": group["key"]})
    by_cycle = sorted(roll_up(rows, "cycle", cycles), key=lambda group: (group["key"], str(group["name"])))
    total = sum(group["total"] for group in by_agency)
    done = sum(group["done"] for group in by_agency)
    context = {
        "counts": {
            "agencies": len(agencies),
            "programs": Program.objects.public().count(),
            "evaluations": Evaluation.objects.public().count(),
            "aspects": total,
            "activities": sum(group["activities"] for group in by_agency),
        },
        "done": done,
        "done_percent": percent(done, total),
        "overdue": sum(group["overdue"] for group in by_agency),
        "by_agency": by_agency,
        "by_cycle": by_cycle,
        # Acronyms on the chart, where full names would not fit a phone; the table has them whole.
        "chart_agency": chart_data(
            by_agency, dict(Agency.objects.filter(pk__in=agencies).values_list("slug", "acronym"))
        ),
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
    agencies = Agency.objects.public().annotate(program_count=Count("programs", distinct=True)).order_by("name")
    return render(request, "public/agency_list.html", {"agencies": agencies, "crumbs": crumbs(("Dependencias", None))})


@require_GET
@cached_page
def agency_detail(request, slug: str):
    agency = get_object_or_404(Agency.objects.public(), slug=slug)
    programs = Program.objects.public().filter(agency=agency).order_by("key")
    by_program = summaries_by("plan__program__key", plan__program__agency=agency)
    rows = [(program, by_program.get(program.key)) for program in programs]
    return render(
        request,
        "public/agency_detail.html",
        {
            "agency": agency,
            "rows": rows,
            "crumbs": crumbs(("Dependencias", reverse("public:agency-list")), (str(agency), None)),
        },
    )


def active_filters(filterset) -> int:
    """How many filters the address sets, for the «Filtros (2 aplicados)» button of a phone."""
    if not filterset.is_bound:
        return 0
    return sum(1 for name in filterset.form.fields if (filterset.data.get(name) or "").strip())


@require_GET
@cached_page
def program_list(request):
    programs = Program.objects.public().select_related("agency").order_by("key")
    filterset = ProgramFilter(request.GET or None, queryset=programs)
    programs = filterset.qs if filterset.is_bound and filterset.is_valid() else programs
    # A page at a time: a country has some 1,500 programs, and the page should not grow with them.
    query = request.GET.copy()
    query.pop("pagina", None)
    page = humane_page(Paginator(programs, PROGRAM_PAGE_SIZE), request.GET.get("pagina"))
    return render(
        request,
        "public/program_list.html",
        {
            "programs": page.object_list,
            "page": page,
            "querystring": query.urlencode(),
            "filter": filterset,
            "active_filters": active_filters(filterset),
            "crumbs": crumbs(("Programas", None)),
        },
    )


@require_GET
@cached_page
def program_search(request):
    """Suggestions for the program filter of the public lists: at most 20 authorised programs
    whose key or name holds every word typed, accents and case ignored, as {"clave", "nombre"}."""
    return JsonResponse({"resultados": PROGRAMS.suggest(PROGRAMS.choices(), request.GET.get("q", ""))})


def public_program(key: str) -> Program:
    return get_object_or_404(Program.objects.public().select_related("agency"), key=key)


@require_GET
@cached_page
def program_detail(request, key: str):
    """A program's evaluations and authorised plans, each with the summary of its ASM and its
    annexes, and the ASM of one plan (the latest by default) a page at a time: a program may
    carry a thousand ASM over its cycles."""
    program = public_program(key)
    # The progress annexes exist only once a progress round of the plan is authorised.
    plans = list(
        Plan.objects.public()
        .filter(program=program)
        .annotate(
            has_progress=Exists(ReportRound.objects.public().filter(plan=OuterRef("pk"))),
            has_measurements=Exists(MeasurementRound.objects.public().filter(plan=OuterRef("pk"))),
            uses_indicators=uses_indicators_q(),
        )
        .select_related("cycle", "evaluation__type")
        .order_by("-cycle__year", "-pk")
    )
    aspects = Aspect.objects.public().with_progress().filter(plan__program=program)
    summary = summaries_by("plan", plan__program=program)
    # Each plan's authorised progress rounds, the line the feed's round entries point to.
    rounds: dict[int, list[ReportRound]] = {}
    for round_ in (
        ReportRound.objects.public().filter(plan__program=program).select_related("period").order_by("period__end")
    ):
        rounds.setdefault(round_.plan_id, []).append(round_)
    for each in plans:
        each.public_rounds = rounds.get(each.pk, [])
        # A table cut at a period only once a round of it is authorised.
        each.public_tables = [
            table
            for table in tables_for(each, indicators=each.uses_indicators)
            if not table.needs_period
            or (each.has_measurements if table.slug in INDICATOR_TABLES else each.has_progress)
        ]
    plan = chosen_plan(plans, request.GET.get("plan"))
    context = {
        "program": program,
        "plans": [(each, summary.get(each.pk)) for each in plans],
        "plan": plan,
        "evaluations": Evaluation.objects.public().filter(program=program).select_related("type").order_by("-year"),
        "combined_formats": combined_formats(),
        "crumbs": program_crumbs(program),
    }
    if plan is not None:
        rows = aspects.filter(plan=plan).select_related("plan__program", "scope").order_by("number", "pk")
        total = summary[plan.pk]["total"] if plan.pk in summary else 0
        context["page"] = humane_page(CountedPaginator(rows, PAGE_SIZE, count=total), request.GET.get("pagina"))
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
    evaluation = get_object_or_404(Evaluation.objects.public().filter(program=program).select_related("type"), pk=pk)
    context = {
        "program": program,
        "evaluation": evaluation,
        "documents": Evidence.objects.public().filter(evaluation=evaluation).order_by("document", "pk"),
        "recommendations": Recommendation.objects.public()
        .filter(evaluation=evaluation)
        .select_related("scope", "duplicates")
        .order_by("number"),
        "crumbs": program_crumbs(program, (evaluation.title, None)),
    }
    return render(request, "public/evaluation_detail.html", context)


def public_reports():
    return (
        ProgressReport.objects.public()
        .select_related("period")
        .prefetch_related(Prefetch("evidence", Evidence.objects.public().order_by("pk"), to_attr="public_evidence"))
        .order_by("period__end")
    )


@require_GET
@cached_page
def aspect_detail(request, key: str, pk: int):
    program = public_program(key)
    aspect = get_object_or_404(
        Aspect.objects.public()
        .with_progress()
        .filter(plan__program=program)
        .select_related("plan__cycle", "scope", "topic", "responsible_unit", "coordinating_unit"),
        pk=pk,
    )
    activities = (
        Activity.objects.public()
        .with_progress()
        .filter(aspect=aspect)
        .prefetch_related("units", Prefetch("reports", public_reports(), to_attr="public_reports"))
        .order_by("number")
    )
    context = {
        "program": program,
        "aspect": aspect,
        "activities": activities,
        "recommendations": Recommendation.objects.public()
        .filter(aspects=aspect)
        .select_related("evaluation")
        .order_by("number"),
        "crumbs": program_crumbs(program, (f"ASM {aspect.number}", None)),
    }
    return render(request, "public/aspect_detail.html", context)


@require_GET
@cached_page
def activity_detail(request, key: str, pk: int):
    program = public_program(key)
    activity = get_object_or_404(
        Activity.objects.public()
        .with_progress()
        .filter(aspect__plan__program=program)
        .select_related("aspect__plan__cycle"),
        pk=pk,
    )
    context = {
        "program": program,
        "activity": activity,
        "aspect": activity.aspect,
        "units": activity.ordered_units(),  # in the order the agency wrote them
        "reports": public_reports().filter(activity=activity),
        "changes": ChangeRequest.objects.public().filter(activity=activity).order_by("authorised_at"),
        "crumbs": program_crumbs(
            program,
            (
                f"ASM {activity.aspect.number}",
                reverse("public:aspect", kwargs={"key": program.key, "pk": activity.aspect_id}),
            ),
            (f"Actividad {activity.number}", None),
        ),
    }
    return render(request, "public/activity_detail.html", context)


# Lists with filters, search and downloads. --------------------------------------------------


def filtered_list(request, *, public_list: list_exports.PublicList, queryset, template: str):
    fmt = request.GET.get("formato")
    if fmt:
        if fmt not in FORMATS:
            raise Http404("Formato no disponible.")
        return list_exports.download(request, public_list, fmt)
    queryset = queryset.order_by(*public_list.order)
    filterset = public_list.filterset_class(request.GET or None, queryset=queryset)
    rows = public_list.rows(filterset)
    query = request.GET.copy()
    query.pop("pagina", None)
    query.pop("formato", None)
    # A search's exact count reads a row of the table for each match (a GIN index answers no
    # count alone): past SEARCH_COUNT_CAP matches by the planner's estimate, the list says «unos …».
    searched = bool(request.GET.get("q", "").strip())
    page = humane_page(
        CachedCountPaginator(
            rows,
            PAGE_SIZE,
            count_key=f"{request.path}?{query.urlencode()}",
            **({"estimate_from": SEARCH_COUNT_CAP} if searched else {}),
        ),
        request.GET.get("pagina"),
    )
    context = {
        "page": page,
        "filter": filterset,
        "active_filters": active_filters(filterset),
        "title": public_list.title,
        "querystring": query.urlencode(),
        "downloads": [
            (fmt.upper(), f"?{query.urlencode()}&formato={fmt}" if query else f"?formato={fmt}") for fmt in FORMATS
        ],
        "export_job_rows": settings.LIST_EXPORT_JOB_ROWS,
        "crumbs": crumbs((public_list.title, None)),
    }
    return render(request, template, context)


@require_GET
@cached_page
def aspect_list(request):
    queryset = Aspect.objects.public().with_progress().select_related("plan__program__agency", "plan__cycle", "scope")
    return filtered_list(
        request, public_list=list_exports.ASPECTS, queryset=queryset, template="public/aspect_list.html"
    )


@require_GET
@cached_page
def activity_list(request):
    queryset = (
        Activity.objects.public().with_progress().select_related("aspect__plan__program__agency", "aspect__plan__cycle")
    )
    return filtered_list(
        request, public_list=list_exports.ACTIVITIES, queryset=queryset, template="public/activity_list.html"
    )


SEARCH_LIMIT = 50
# How many matches the search counts at most: a common word matches a tenth of a country's rows,
# and counting them all would make the page cost what the database holds. Past it the page says
# «más de 1,000».
SEARCH_COUNT_CAP = 1000


def capped_count(rows) -> tuple[int, bool]:
    """How many rows match, counted up to SEARCH_COUNT_CAP, and whether there are more."""
    count = rows.order_by()[: SEARCH_COUNT_CAP + 1].count()
    return min(count, SEARCH_COUNT_CAP), count > SEARCH_COUNT_CAP


@require_GET
@cached_page
def search_page(request):
    query = request.GET.get("q", "").strip()[:200]
    results = []
    capped: set[str] = set()  # the kinds with more matches than the count says
    if query:
        aspects = (
            search(Aspect.objects.public(), query)
            .select_related("plan__program", "plan__cycle")
            .order_by("program_key", "number")
        )
        activities = (
            search(Activity.objects.public(), query)
            .select_related("aspect__plan__program")
            .order_by("program_key", "aspect_number", "number")
        )
        recommendations = (
            search(Recommendation.objects.public(), query)
            .select_related("evaluation__program", "evaluation__type")
            .order_by("evaluation__program__key", "number")
        )
        for title, rows, kind in [
            ("Aspectos susceptibles de mejora", aspects, "aspect"),
            ("Actividades", activities, "activity"),
            ("Recomendaciones", recommendations, "recommendation"),
        ]:
            count, more = capped_count(rows)
            results.append((title, count, rows[:SEARCH_LIMIT], kind))
            if more:
                capped.add(kind)
    context = {
        "query": query,
        "results": results,
        "limit": SEARCH_LIMIT,
        "count_cap": SEARCH_COUNT_CAP,
        "capped": capped,
        "crumbs": crumbs(("Buscar", None)),
    }
    return render(request, "public/search.html", context)


# The licence of the open data: the Mexican government's own open-data terms.
LICENCE = {"name": "Términos de Libre Uso MX", "url": "https://www.datos.gob.mx/libreusomx"}


@require_GET
@cached_page
def open_data(request):
    return render(
        request,
        "public/open_data.html",
        {
            "programs": Program.objects.public().order_by("key"),
            "licence": LICENCE,
            "crumbs": crumbs(("Datos abiertos", None)),
        },
    )


@require_GET
@cached_page
def data_dictionary(request):
    """Every column of every open-data file, with its meaning, from the files' own declarations."""
    return render(
        request,
        "public/data_dictionary.html",
        {
            "files": data_files(),
            "licence": LICENCE,
            "crumbs": crumbs(("Datos abiertos", reverse("public:open-data")), ("Diccionario de datos", None)),
        },
    )


# Authorised annexes of a program. -------------------------------------------------------------


def public_annex(key: str, plan_pk: int, table: str, asked: str | None):
    """The annex as the public sees it, and the cut-off periods whose round is authorised (the
    only ones a table cut at a period may be cut at; the latest by default): a progress annex's
    rounds of reports, an indicator table's rounds of measurements."""
    program = public_program(key)
    plan = get_object_or_404(
        Plan.objects.public()
        .filter(program=program)
        .annotate(uses_indicators=uses_indicators_q())
        .select_related("program__agency", "cycle", "region"),
        pk=plan_pk,
    )
    chosen = table_named(table)
    if table in INDICATOR_TABLES and not plan.uses_indicators:
        raise Http404("Este programa de trabajo no se mide por indicadores.")
    periods = chosen.public_periods(plan) if chosen.needs_period else []
    period = period_asked(chosen, asked, offered=periods, default=periods[-1] if periods else None)
    if chosen.needs_period and period is None:
        raise Http404("Este programa de trabajo aún no tiene avances autorizados.")
    return program, plan, chosen.build(plan, period, public=True), periods


def public_tabs(plan: Plan) -> list:
    """The tables the public may open for a plan: a table cut at a period only where a round of
    it is authorised."""
    offered = []
    has_periods: dict[type, bool] = {}
    for table in tables_for(plan, indicators=plan.uses_indicators):
        if table.needs_period:
            kind = type(table)
            if kind not in has_periods:
                has_periods[kind] = bool(table.public_periods(plan))
            if not has_periods[kind]:
                continue
        offered.append(table)
    return offered


@require_GET
@cached_page
def annex_preview(request, key: str, plan_pk: int, table: str):
    program, plan, annex, periods = public_annex(key, plan_pk, table, request.GET.get("periodo"))
    query = f"?periodo={annex.period.pk}" if annex.period else ""
    context = page_context(
        annex,
        tabs=[
            (other, reverse("public:annex", kwargs={"key": key, "plan_pk": plan.pk, "table": other.slug}))
            for other in public_tabs(plan)
        ],
        periods=periods,
        downloads=[
            (
                label,
                reverse("public:annex-download", kwargs={"key": key, "plan_pk": plan.pk, "table": table, "fmt": fmt})
                + query,
            )
            for label, fmt in published.ANNEX_DOWNLOADS
        ],
        program=program,
        crumbs=program_crumbs(program, (annex.title, None)),
    )
    return render(request, "public/annex.html", context)


@require_GET
def annex_download(request, key: str, plan_pk: int, table: str, fmt: str) -> HttpResponse:
    if fmt not in published.ANNEX_FORMATS:
        raise Http404("Formato no disponible.")
    program, plan, annex, periods = public_annex(key, plan_pk, table, request.GET.get("periodo"))
    # The indicator tables print a row per indicator: never built ahead by a job.
    if table in TABLES and is_large(plan):
        # Never rendered in a request: served from the file a job built on authorisation.
        stored = PublishedFile.objects.filter(
            key=published.annex_key(plan.pk, table, annex.period.pk if annex.period else None, fmt)
        ).first()
        if stored is None:
            published.build_on_request(published.ANNEXES_JOB, {"plan": plan.pk}, published.annexes_title(plan.pk))
            return published.not_ready(request)
        return published.serve(request, stored)
    return heavy(request, lambda: file_response(annex, fmt))


@require_GET
def combined_download(request, key: str, plan_pk: int, fmt: str) -> HttpResponse:
    """An authorised plan's combined document. A large plan's is never made in a request: it is
    served from the file the job built on authorisation, as its annexes are."""
    if fmt not in COMBINED_WRITERS:
        raise Http404("Formato no disponible.")
    program = public_program(key)
    plan = get_object_or_404(
        Plan.objects.public().filter(program=program).select_related("program__agency", "cycle", "evaluation"),
        pk=plan_pk,
    )
    if is_large(plan):
        stored = PublishedFile.objects.filter(key=published.annex_key(plan.pk, COMBINED_SLUG, None, fmt)).first()
        if stored is None:
            published.build_on_request(published.ANNEXES_JOB, {"plan": plan.pk}, published.annexes_title(plan.pk))
            return published.not_ready(request)
        return published.serve(request, stored)
    return heavy(request, lambda: combined_response(CombinedDocument.build(plan, public=True), fmt))


# Plans measured by indicators. --------------------------------------------------------------


def public_indicator_plan(key: str, plan_pk: int, asked: str | None):
    """An authorised plan measured by indicators, and the cut-off periods whose measurements are
    authorised with the one asked for (`?periodo=`, the latest by default; None without any)."""
    program = public_program(key)
    plan = get_object_or_404(
        Plan.objects.public()
        .filter(program=program)
        .filter(uses_indicators_q())
        .select_related("program__agency", "cycle", "region"),
        pk=plan_pk,
    )
    periods = COMPLIANCE.public_periods(plan)
    period = period_asked(COMPLIANCE, asked, offered=periods, default=periods[-1] if periods else None)
    return program, plan, periods, period


def indicator_sections(rows) -> list:
    """The rows of «Cumplimiento» as the page shows them: per objective (in its order; ASM without
    one last), per specific objective, its indicators."""
    objectives: dict = {}
    for row in rows:
        aspects = objectives.setdefault(row.aspect.objective, {})
        aspects.setdefault(row.aspect, []).append(row)
    ordered = sorted(objectives.items(), key=lambda item: (item[0] is None, item[0].number if item[0] else 0))
    return [(objective, list(aspects.items())) for objective, aspects in ordered]


@require_GET
@cached_page
def plan_indicators(request, key: str, plan_pk: int):
    """A plan's indicators with their targets, and at an authorised cut-off their measurements and
    ratings, with the summary of ratings as a chart and, under it, the table of the same figures."""
    program, plan, periods, period = public_indicator_plan(key, plan_pk, request.GET.get("periodo"))
    figures = plan_figures(plan, period, public=True) if period is not None else None
    rows = list(compliance_rows(plan, period, figures.measurements if figures else {}, public=True))
    context = {
        "program": program,
        "plan": plan,
        "periods": periods,
        "period": period,
        "figures": figures,
        "sections": indicator_sections(rows),
        "crumbs": program_crumbs(program, (f"Indicadores · {plan.title or plan.cycle.name}", None)),
    }
    if figures is not None:
        context.update(
            ratings=rating_rows(figures.overall),
            met_share=share_text(figures.overall),
            chart=rating_chart(figures.overall, ident="calificaciones", scope=f"al corte de {period.name}"),
            by_objective=[
                (objective, rating_rows(counts), share_text(counts)) for objective, counts in figures.by_objective
            ],
            by_region=[(region, rating_rows(counts), share_text(counts)) for region, counts in figures.by_region],
            executive=[
                (
                    label,
                    reverse("public:executive-report", kwargs={"key": key, "plan_pk": plan.pk, "fmt": fmt})
                    + f"?periodo={period.pk}",
                )
                for label, fmt in (("PDF", "pdf"), ("XLSX", "xlsx"))
            ],
        )
    return render(request, "public/plan_indicators.html", context)


@require_GET
def executive_report(request, key: str, plan_pk: int, fmt: str) -> HttpResponse:
    """The informe ejecutivo at a period whose measurements are authorised, from public data only."""
    if fmt not in EXECUTIVE_WRITERS:
        raise Http404("Formato no disponible.")
    program, plan, periods, period = public_indicator_plan(key, plan_pk, request.GET.get("periodo"))
    if period is None:
        raise Http404("Este programa de trabajo aún no tiene mediciones autorizadas.")
    return heavy(request, lambda: executive_file_response(build_executive_report(plan, period, public=True), fmt))
