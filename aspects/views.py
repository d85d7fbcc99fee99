from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from itertools import groupby
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import OuterRef, Prefetch
from django.forms import BaseInlineFormSet
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import generic
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.models import ConcurrentEditError
from programs.access import captures_for, is_coordinator, reviews_for
from programs.models import Agency, CutOffPeriod
from programs.pagination import CountedPaginator, EstimatedCountPaginator, IdsFirstPaginator, humane_page
from programs.staff import (
    StaffCreateView,
    StaffDeleteView,
    StaffDetailView,
    StaffListView,
    StaffUpdateView,
    breadcrumbs,
    get_for_edit,
)
from programs.workflow import State, TransitionRefused, prime_reviewers

from . import calendar, home
from .changes import plan_changes, round_changes
from .filters import ActivityFilter, AspectFilter, PlanFilter
from .forms import (
    ActivityInlineFormSet,
    AspectForm,
    ChangeRequestForm,
    ParticipantForm,
    ParticipantInlineFormSet,
    PlanForm,
    ProgressReportForm,
)
from .missing import COORDINATION_ONLY, missing_report_scope
from .models import Activity, Aspect, ChangeRequest, Participant, Plan, ProgressReport, ReportRound, period_round_models
from .progress import Timeliness, count_subquery
from .reminders import period_reminders
from .tasks import send
from .unreported import MissingRows, missing_counts

PENDING_SHOWN = 50


@login_required
@require_GET
def staff_home(request):
    """What is overdue and what falls due soon, for the user's agency."""
    today = timezone.localdate()
    activities = (
        Activity.objects.visible_to(request.user)
        .with_progress()
        .select_related("aspect__plan__program", "aspect__plan__cycle")
        .order_by("end_date", "pk")
    )
    # Overdue activities of cycles with no open period can take no report: the open-period panel
    # (templates/staff/_open_period.html) only counts them, apart from what can still be done.
    overdue = activities.by_timeliness(Timeliness.OVERDUE)
    overdue_count, closed_overdue_count = home.overdue_counts(request.user, today=today)
    pending, pending_count = [], 0
    # Plans, every kind of round at a cut-off period (progress reports, indicators' measurements)
    # and replanning requests: two queries per kind, however many are waiting.
    for model, related in [
        (Plan, ["program", "cycle"]),
        *((round_model, ["plan__program", "period"]) for round_model in period_round_models()),
        (ChangeRequest, ["activity__aspect"]),
    ]:
        waiting = model.objects.visible_to(request.user).filter(state__in=[State.IN_REVIEW, State.RETURNED])
        # The oldest 50 of each kind, in the order of the primary key, so that the database stops
        # at the 50th instead of sorting every pending item of the country by program.
        pending += waiting.select_related(*related).order_by("pk")[:PENDING_SHOWN]
        pending_count += waiting.count()
    context = {
        "to_authorise": rounds_to_authorise(request.user),
        "pending": pending,
        "pending_count": pending_count,
        "pending_shown": PENDING_SHOWN,
        "overdue": home.first_actionable(overdue, 50),
        "due_soon": activities.by_timeliness(Timeliness.DUE_SOON)[:50],
        "overdue_count": overdue_count,
        "open_panels": home.open_period_panels(request.user, today=today),
        "closed_overdue_count": closed_overdue_count,
        "due_soon_count": activities.by_timeliness(Timeliness.DUE_SOON).count(),
        "days": settings.DUE_SOON_DAYS,
        "today": today,
        "horizon": today + timedelta(days=settings.DUE_SOON_DAYS),
        "crumbs": breadcrumbs(None),
    }
    return render(request, "aspects/staff_home.html", context)


BULK_SHOWN = 100


def rounds_to_authorise(user, ids=None) -> list[ReportRound]:
    """The progress rounds in review that `user` may authorise (the oldest 100), or those of `ids`."""
    rounds = (
        ReportRound.objects.visible_to(user)
        .filter(state=State.IN_REVIEW)
        .select_related("plan__program__agency", "plan__cycle", "period")
        .order_by("pk")
    )
    if ids is not None:
        rounds = rounds.filter(pk__in=ids)
    shown = list(rounds[:BULK_SHOWN])
    prime_reviewers(shown)
    return [round_ for round_ in shown if round_.may_review(user)]


def _ids(values: list[str]) -> list[int]:
    return [int(value) for value in values if value.isdigit()]


@login_required
@require_http_methods(["GET", "POST"])
def bulk_authorise(request):
    """Authorise several progress rounds at once, from the home page's list: GET confirms what
    each one signs and makes public; POST authorises each through its own transition, with its
    own checks and its own email, and reports each one that could not be authorised."""
    if request.method == "POST":
        chosen = ReportRound.objects.visible_to(request.user).filter(pk__in=_ids(request.POST.getlist("ids")))
        done, failed = [], []
        for round_ in chosen.select_related("plan__program", "period").order_by("pk"):
            try:
                round_.authorise(by=request.user)
            except TransitionRefused as refusal:
                failed.append(f"«{round_}»: {refusal.message}")
            else:
                done.append(f"«{round_}»")
        if done:
            counted = "Se autorizó 1 avance" if len(done) == 1 else f"Se autorizaron {len(done)} avances"
            messages.success(request, f"{counted} por periodo: {', '.join(done)}.")
        if failed:
            messages.warning(request, "No se pudieron autorizar: " + " ".join(failed))
        if not done and not failed:
            messages.warning(request, "No eligió ningún avance por periodo.")
        return redirect("staff-home")
    rounds = rounds_to_authorise(request.user, _ids(request.GET.getlist("ids")))
    title = "Autorizar varios avances por periodo"
    context = {
        "rows": [(round_, *round_.authorisation_effects()) for round_ in rounds],
        "title": title,
        "crumbs": breadcrumbs(None, (title, None)),
    }
    return render(request, "aspects/bulk_authorise.html", context)


class PlanList(StaffListView):
    model = Plan
    filterset_class = PlanFilter
    title = "Programas de trabajo de ASM"
    template_name = "aspects/plan_list.html"
    paginator_class = IdsFirstPaginator

    def get_queryset(self):
        aspects = Aspect.objects.filter(plan=OuterRef("pk"))
        return (
            super()
            .get_queryset()
            .select_related("program", "cycle")
            .annotate(aspect_count=count_subquery(aspects, per="plan"))
            .order_by("program__key", "-cycle__year")
        )


class PlanDetail(StaffDetailView):
    model = Plan

    def get_queryset(self):
        return super().get_queryset().select_related("program__agency", "cycle", "evaluation__type")

    def get_context_data(self, **kwargs):
        aspects = (
            self.object.aspects.with_progress().select_related("scope", "topic", "responsible_unit").order_by("number")
        )
        rounds = {round_.period_id: round_ for round_ in self.object.rounds.all()}
        periods = [(period, rounds.get(period.pk)) for period in self.object.cycle.periods.order_by("end")]
        return super().get_context_data(
            aspects=aspects,
            periods=periods,
            changes=plan_changes(self.object),
            participants=self.object.participants.all(),
            **kwargs,
        )


class RoundDetail(StaffDetailView):
    """The progress of a plan's activities at one cut-off period, submitted and authorised as a whole."""

    model = ReportRound
    template_name = "aspects/round_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("plan__program__agency", "plan__cycle", "period")

    def get_context_data(self, **kwargs):
        round_ = self.object
        # "evidence" is the evidence app's reverse relation, prefetched for its template tag.
        reports = {report.activity_id: report for report in round_.reports().prefetch_related("evidence")}
        activities = (
            Activity.objects.filter(aspect__plan=round_.plan)
            .select_related("aspect")
            .order_by("aspect__number", "number")
        )
        rows = [(activity, reports.get(activity.pk)) for activity in activities]
        return super().get_context_data(rows=rows, changes=round_changes(round_), **kwargs)


class PlanCreate(StaffCreateView):
    model = Plan
    form_class = PlanForm

    def get_initial(self):
        return {"program": self.request.GET.get("programa")}


class PlanUpdate(StaffUpdateView):
    model = Plan
    form_class = PlanForm


class EditablePlanView(LoginRequiredMixin, generic.View):
    """A page that edits a plan's own content (`self.plan`) while the plan is editable, and saves
    its forms all or nothing."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.plan = get_for_edit(request.user, kwargs["pk"], Plan.objects.editable_by(request.user))
        return super().dispatch(request, *args, **kwargs)

    def save_all(self, parts: Iterable) -> bool:
        """Saves the valid forms or formsets in one transaction; False, with its message, when
        someone else changed a row in the meantime and nothing was saved."""
        try:
            with transaction.atomic():
                for part in parts:
                    part.save()
        except ConcurrentEditError as conflict:
            messages.error(
                self.request, f"No se guardó nada: {conflict.message} Recargue la página y vuelva a intentarlo."
            )
            return False
        return True


class PlanParticipants(EditablePlanView):
    """«Participantes en la elaboración»: the people the plan's document lists, edited as one
    formset while the plan is editable and saved all or nothing."""

    template_name = "aspects/plan_participants.html"
    title = "Participantes en la elaboración"

    def formset(self, data=None) -> BaseInlineFormSet[Participant, Plan, ParticipantForm]:
        return ParticipantInlineFormSet(
            data, instance=self.plan, prefix="participants", form_kwargs={"user": self.request.user}
        )

    def get(self, request, *args, **kwargs):
        return self.render(self.formset())

    def post(self, request, *args, **kwargs):
        formset = self.formset(request.POST)
        if formset.is_valid():
            if not self.save_all([formset]):
                return self.render(formset)
            messages.success(request, "Se guardaron los participantes.")
            return HttpResponseRedirect(self.plan.get_absolute_url() + "#participantes")
        messages.error(request, "No se guardó nada: corrija los campos señalados.")
        return self.render(formset)

    def render(self, formset):
        context = {
            "object": self.plan,
            "title": self.title,
            "formset": formset,
            "crumbs": breadcrumbs(self.plan, (self.title, None)),
            "cancel_url": self.plan.get_absolute_url() + "#participantes",
        }
        return render(self.request, self.template_name, context)


class PlanDelete(StaffDeleteView):
    model = Plan


class AspectList(StaffListView):
    model = Aspect
    filterset_class = AspectFilter
    title = "Aspectos susceptibles de mejora"
    template_name = "aspects/aspect_list.html"
    paginator_class = EstimatedCountPaginator

    def get_queryset(self):
        queryset = (
            Aspect.objects.visible_to(self.request.user)
            .with_progress()
            .select_related("plan__program", "plan__cycle", "scope")
            # The program's key and the cycle's year as copied on the ASM (aspects.progress.refresh_keys),
            # the order of the index aspect_staff_order; the id last, so that no ASM shows on two pages.
            .order_by("program_key", "-cycle_year", "number", "pk")
        )
        return self.filter(queryset)


class AspectDetail(StaffDetailView):
    model = Aspect

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .with_progress()
            .select_related(
                "plan__program__agency", "plan__cycle", "topic", "scope", "responsible_unit", "coordinating_unit"
            )
        )

    def get_context_data(self, **kwargs):
        activities = self.object.activities.with_progress().prefetch_related(
            "units", Prefetch("reports", ProgressReport.objects.select_related("period"))
        )
        return super().get_context_data(
            activities=activities,
            recommendations=self.object.recommendations.select_related("evaluation__type", "scope"),
            **kwargs,
        )


class AspectCreate(StaffCreateView):
    model = Aspect
    form_class = AspectForm
    parent_model = Plan
    parent_field = "plan"
    formset_classes = {"activities": ActivityInlineFormSet}


class AspectUpdate(StaffUpdateView):
    model = Aspect
    form_class = AspectForm
    formset_classes = {"activities": ActivityInlineFormSet}


class AspectDelete(StaffDeleteView):
    model = Aspect


class ActivityList(StaffListView):
    model = Activity
    filterset_class = ActivityFilter
    title = "Actividades"
    template_name = "aspects/activity_list.html"
    paginator_class = EstimatedCountPaginator

    def get_queryset(self):
        queryset = (
            Activity.objects.visible_to(self.request.user)
            .with_progress()
            .select_related("aspect__plan__program", "aspect__plan__cycle")
            .prefetch_related("units")
            .order_by("end_date", "pk")
        )
        return self.filter(queryset)


class ActivityDetail(StaffDetailView):
    model = Activity

    def get_queryset(self):
        return super().get_queryset().with_progress().select_related("aspect__plan__program", "aspect__plan__cycle")

    def get_context_data(self, **kwargs):
        user = self.request.user
        can_report = Activity.objects.reportable_by(user).filter(pk=self.object.pk).exists()
        return super().get_context_data(
            reports=self.object.reports.select_related("period").prefetch_related("evidence"),
            units=self.object.ordered_units(),  # in the order the agency wrote them
            change_requests=self.object.change_requests.all(),
            can_report=can_report,
            report_refusal=None if can_report else self.report_refusal(),
            can_replan=Activity.objects.replannable_by(user).filter(pk=self.object.pk).exists(),
            editable_reports=set(
                ProgressReport.objects.editable_by(user).filter(activity=self.object).values_list("pk", flat=True)
            ),
            can_edit=Activity.objects.editable_by(user).filter(pk=self.object.pk).exists(),
            **kwargs,
        )

    def report_refusal(self) -> str | None:
        """Why the people who capture this activity cannot report its progress now; nothing for
        those who never report it (supervisors of other agencies, the coordinator)."""
        activity = self.object
        if not Activity.objects.captured_by(self.request.user).filter(pk=activity.pk).exists():
            return None
        plan = activity.aspect.plan
        if plan.state != State.AUTHORISED:
            return "el programa de trabajo debe estar autorizado."
        if activity.cancelled:
            return "la actividad se canceló por replanteamiento."
        return f"ningún periodo de corte del ciclo {plan.cycle} está abierto; la coordinación los abre."


class ProgressReportCreate(StaffCreateView):
    model = ProgressReport
    form_class = ProgressReportForm
    parent_model = Activity
    parent_field = "activity"
    success_message = "Se registró el avance. Cuando el periodo esté completo, envíelo a revisión desde esta página."
    parent_refusal = (
        "Solo se reporta avance de actividades vigentes (no canceladas) de un programa de trabajo autorizado, "
        "mientras uno de los periodos de corte de su ciclo está abierto."
    )

    def parent_queryset(self, user):
        # Progress is reported on the committed activities of an authorised plan.
        return Activity.objects.reportable_by(user)

    def get_success_url(self) -> str:
        return self.object.round().get_absolute_url()


class ProgressReportUpdate(StaffUpdateView):
    model = ProgressReport
    form_class = ProgressReportForm
    success_message = "Se actualizó el avance."

    def get_success_url(self) -> str:
        return self.object.round().get_absolute_url()


class ProgressReportDelete(StaffDeleteView):
    model = ProgressReport


class ChangeRequestDetail(StaffDetailView):
    model = ChangeRequest
    template_name = "aspects/change_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("activity__aspect__plan__program", "activity__aspect__plan__cycle")


class ChangeRequestCreate(StaffCreateView):
    model = ChangeRequest
    form_class = ChangeRequestForm
    parent_model = Activity
    parent_field = "activity"
    success_message = "Se guardó el replanteamiento como borrador; envíelo a revisión para que se autorice."
    parent_refusal = (
        "Solo se replantean actividades vigentes (no canceladas) de un programa de trabajo autorizado; "
        "mientras no esté autorizado, edítela directamente."
    )

    def parent_queryset(self, user):
        return Activity.objects.replannable_by(user)


class ChangeRequestUpdate(StaffUpdateView):
    model = ChangeRequest
    form_class = ChangeRequestForm


class ChangeRequestDelete(StaffDeleteView):
    model = ChangeRequest


MISSING_PAGE_SIZE = 50


@login_required
@require_POST
def missing_reports_remind(request):
    """«Enviar recordatorio»: the missing-report email of one open period to one agency's
    capturistas, now (the same email the daily run sends before a period closes)."""
    if not is_coordinator(request.user):
        raise PermissionDenied(COORDINATION_ONLY)
    period = get_object_or_404(CutOffPeriod.objects.open().select_related("cycle"), pk=request.POST.get("periodo"))
    agency = get_object_or_404(Agency, pk=request.POST.get("dependencia"))
    reminders = period_reminders(period=period, today=timezone.localdate(), agency_id=agency.pk)
    if reminders:
        sent = send(reminders)
        messages.success(
            request,
            f"Se envió el recordatorio de «{period.name}» a {sent} "
            f"{'capturista' if sent == 1 else 'capturistas'} de {agency.name}: "
            + ", ".join(reminder.to for reminder in reminders)
            + ".",
        )
    elif Activity.objects.missing_report(period).filter(aspect__plan__program__agency=agency).exists():
        messages.error(
            request,
            f"No se envió nada: {agency.name} no tiene capturistas activos con correo electrónico. "
            "Pida al administrador que lo registre.",
        )
    else:
        messages.info(
            request, f"{agency.name} ya no tiene actividades sin reporte en «{period.name}»: no se envió nada."
        )
    query = urlencode({"periodo": period.pk, "dependencia": agency.pk})
    return HttpResponseRedirect(f"{reverse('aspects:missing-reports')}?{query}")


@login_required
@require_GET
def missing_reports(request):
    """For the coordinator: the committed activities with no progress report in an open cut-off
    period, one period at a time, by agency and program, 50 a page. A country has tens of
    thousands of them while a period is open, so the page shows counts per period and per agency
    and pages through the activities."""
    if not is_coordinator(request.user):
        raise PermissionDenied(COORDINATION_ONLY)
    period, agency, form = missing_report_scope(request)
    open_periods = CutOffPeriod.objects.open().select_related("cycle").order_by("end", "pk")
    # How many are missing per open period and agency, added up from the plans' stored counts
    # (MissingReports): the summaries of the page.
    counts = missing_counts(open_periods)
    periods = [(each, sum(row["count"] for row in counts if row["missing_period"] == each.pk)) for each in open_periods]
    title = "Actividades sin reporte en el periodo vigente"
    context = {
        "form": form,
        "filter": {"form": form},
        "periods": periods,
        "period": period,
        "agency": agency,
        "title": title,
        "crumbs": breadcrumbs(None, (title, None)),
    }
    if period is not None:
        by_agency = [row for row in counts if row["missing_period"] == period.pk]
        total = sum(row["count"] for row in by_agency if agency is None or row["agency_id"] == agency.pk)
        # A page reads the stored counts to find the plans that hold it, then only their activities.
        rows = MissingRows(period, agency=agency, count=total)
        query = request.GET.copy()
        query.pop("pagina", None)
        scope = urlencode({"periodo": period.pk, **({"dependencia": agency.pk} if agency else {})})
        context.update(
            by_agency=by_agency,
            total=total,
            downloads=[
                (label, f"{reverse('reports:missing-reports-download', kwargs={'fmt': fmt})}?{scope}")
                for label, fmt in (("CSV", "csv"), ("XLSX", "xlsx"))
            ],
            page=humane_page(CountedPaginator(rows, MISSING_PAGE_SIZE, count=total), request.GET.get("pagina")),
            querystring=query.urlencode(),
        )
    return render(request, "aspects/missing_reports.html", context)


def _month_asked(text: str | None, today: date) -> date:
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


@login_required
@require_GET
def due_calendar(request):
    """Due dates month by month: the committed end dates of the agency's activities and the
    closing of the cut-off periods of its cycles. The coordinator chooses the agency."""
    today = timezone.localdate()
    month = _month_asked(request.GET.get("mes"), today)
    following = (month + timedelta(days=32)).replace(day=1)
    previous = (month - timedelta(days=1)).replace(day=1)
    agency = None
    agencies = Agency.objects.none()
    if is_coordinator(request.user):
        agencies = Agency.objects.order_by("name")
        chosen = request.GET.get("dependencia")
        agency = agencies.filter(pk=chosen).first() if chosen and chosen.isdigit() else None
    else:
        agency = captures_for(request.user) or reviews_for(request.user)
    dates = calendar.due_dates(
        request.user,
        start=month,
        end=following - timedelta(days=1),
        agency_id=agency.pk if agency else None,
    )
    days = [(day, list(items)) for day, items in groupby(dates, key=lambda due: due.day)]
    query = {"dependencia": agency.pk} if agency and agencies else {}
    title = "Calendario de vencimientos"
    feed = request.build_absolute_uri(reverse("calendar-feed", kwargs={"token": calendar.feed_token(request.user)}))
    context = {
        "title": title,
        "month": month,
        "days": days,
        "agency": agency,
        "agencies": agencies,
        "today": today,
        "previous_url": "?" + urlencode({**query, "mes": f"{previous:%Y-%m}"}),
        "next_url": "?" + urlencode({**query, "mes": f"{following:%Y-%m}"}),
        "feed_url": feed,
        "crumbs": breadcrumbs(None, (title, None)),
    }
    return render(request, "aspects/calendar.html", context)


@require_GET
def calendar_feed(request, token: str):
    """The iCalendar feed of a user's due dates, at a secret address (calendar applications do
    not sign in); an unknown or revoked address is a 404."""
    user = calendar.user_for_token(token)
    if user is None:
        raise Http404("Calendario desconocido.")
    start, end = calendar.feed_window(timezone.localdate())
    body = calendar.ics(
        calendar.due_dates(user, start=start, end=end), base_url=request.build_absolute_uri("/").rstrip("/")
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="asm-vencimientos.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
