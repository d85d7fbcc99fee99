from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import generic
from django.views.decorators.http import require_GET, require_http_methods

from .access import is_coordinator
from .choosers import STAFF_CHOOSERS
from .filters import ProgramFilter
from .forms import CutOffPeriodForm, CycleForm, EvaluationForm, ProgramForm, RecommendationFormSet
from .models import CutOffPeriod, Cycle, Evaluation, Program
from .notifications import period_recipients
from .staff import (
    StaffCreateView,
    StaffDeleteView,
    StaffDetailView,
    StaffFormMixin,
    StaffListView,
    StaffUpdateView,
    breadcrumbs,
    refused,
)
from .workflow import TransitionRefused

COORDINATION_ONLY = "Solo la coordinación de evaluación administra los ciclos y periodos de corte."


class ProgramList(StaffListView):
    model = Program
    filterset_class = ProgramFilter
    title = "Programas y fondos"
    template_name = "programs/program_list.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("agency")
            .annotate(evaluation_count=Count("evaluations", distinct=True), plan_count=Count("plans", distinct=True))
            .order_by("key")
        )


class ProgramDetail(StaffDetailView):
    model = Program

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            evaluations=self.object.evaluations.select_related("type")
            .annotate(recommendation_count=Count("recommendations"))
            .order_by("-year", "pk"),
            plans=self.object.plans.select_related("cycle")
            .annotate(aspect_count=Count("aspects"))
            .order_by("-cycle__year"),
            **kwargs,
        )


class ProgramCreate(StaffCreateView):
    model = Program
    form_class = ProgramForm


class ProgramUpdate(StaffUpdateView):
    model = Program
    form_class = ProgramForm


class ProgramDelete(StaffDeleteView):
    model = Program


class EvaluationDetail(StaffDetailView):
    model = Evaluation

    def get_queryset(self):
        return super().get_queryset().select_related("program__agency", "type")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            recommendations=self.object.recommendations.select_related("scope", "duplicates"), **kwargs
        )


class EvaluationCreate(StaffCreateView):
    model = Evaluation
    form_class = EvaluationForm
    parent_model = Program
    parent_field = "program"
    formset_classes = {"recommendations": RecommendationFormSet}


class EvaluationUpdate(StaffUpdateView):
    model = Evaluation
    form_class = EvaluationForm
    formset_classes = {"recommendations": RecommendationFormSet}


class EvaluationDelete(StaffDeleteView):
    model = Evaluation


@login_required
@require_GET
def cycle_list(request):
    """Cycles and their cut-off periods; everyone on the staff sees which period is open."""
    cycles = Cycle.objects.prefetch_related(Prefetch("periods", CutOffPeriod.objects.order_by("end"))).order_by(
        "-year", "name"
    )
    return render(
        request,
        "programs/cycle_list.html",
        {
            "cycles": cycles,
            "manages": is_coordinator(request.user),
            "crumbs": breadcrumbs(None, ("Ciclos y periodos de corte", None)),
        },
    )


class CoordinatorFormView(LoginRequiredMixin, StaffFormMixin):
    """Create and edit cycles and periods: the coordinator's, never an agency's."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_coordinator(request.user):
            raise PermissionDenied(COORDINATION_ONLY)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object() if "pk" in kwargs else None
        return super().post(request, *args, **kwargs)

    def get_success_url(self) -> str:
        return reverse("programs:cycle-list")

    def get_context_data(self, **kwargs):
        title = self.title()
        return super().get_context_data(
            title=title,
            crumbs=breadcrumbs(None, ("Ciclos y periodos de corte", reverse("programs:cycle-list")), (title, None)),
            cancel_url=reverse("programs:cycle-list"),
            **kwargs,
        )


class CycleCreate(CoordinatorFormView, generic.CreateView):
    model = Cycle
    form_class = CycleForm

    def title(self) -> str:
        return "Nuevo ciclo de seguimiento"


class CycleUpdate(CoordinatorFormView, generic.UpdateView):
    model = Cycle
    form_class = CycleForm

    def title(self) -> str:
        return f"Editar {self.object}"


class PeriodCreate(CoordinatorFormView, generic.CreateView):
    model = CutOffPeriod
    form_class = CutOffPeriodForm

    def dispatch(self, request, *args, **kwargs):
        self.cycle = get_object_or_404(Cycle, pk=kwargs["parent_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = CutOffPeriod(cycle=self.cycle)
        return kwargs

    def title(self) -> str:
        return f"Nuevo periodo de corte de {self.cycle}"


class PeriodUpdate(CoordinatorFormView, generic.UpdateView):
    model = CutOffPeriod
    form_class = CutOffPeriodForm

    def title(self) -> str:
        return f"Editar el periodo {self.object}"


@login_required
@require_GET
def choices(request, source: str) -> JsonResponse:
    """Suggestions for a searchable chooser of the staff forms and filters (programs.choosers):
    at most 20 of what this user may choose, so another agency's programs or units never appear;
    only the list of coordinating units spans agencies, as its form field does."""
    chooser = STAFF_CHOOSERS.get(source)
    if chooser is None:
        raise Http404("No existe esa lista de opciones.")
    return JsonResponse({"resultados": chooser.suggest(chooser.choices(request.user), request.GET.get("q", ""))})


# A period's steps: what the confirmation page calls them, and what it says happens.
PERIOD_STEPS = {
    "open": ("Abrir", "abrir", "quedó abierto"),
    "close": ("Cerrar", "cerrar", "quedó cerrado"),
    "reopen": ("Reabrir", "reabrir", "quedó abierto de nuevo"),
}


@login_required
@require_http_methods(["GET", "POST"])
def period_step(request, pk: int, *, step: str):
    """Open, close or reopen a cut-off period: GET is the confirmation page (what will happen and
    who will be told), POST does it through the model's method, which checks the state again."""
    period = get_object_or_404(CutOffPeriod.objects.visible_to(request.user).select_related("cycle"), pk=pk)
    refusal = period.refusal(request.user, step)
    if refusal:
        return refused(request, refusal)
    label, verb, done = PERIOD_STEPS[step]
    error = None
    if request.method == "POST":
        comment = request.POST.get("comment", "")
        overlap = request.POST.get("overlap") == "1"
        told = list(period_recipients(period)) if step != "close" else []
        try:
            if step == "close":
                period.close(by=request.user, comment=comment)
            else:
                getattr(period, step)(by=request.user, comment=comment, overlap=overlap)
        except TransitionRefused as problem:
            error = problem
        else:
            message = f"El periodo «{period}» {done}."
            if step != "close":
                message += (
                    f" Se avisó por correo a {len(told)} capturista{'s' if len(told) != 1 else ''}."
                    if told
                    else (
                        " No se envió ningún aviso: ninguna dependencia con programa autorizado tiene "
                        "capturistas con correo."
                    )
                )
            messages.success(request, message)
            return redirect("programs:cycle-list")
    recipients = list(period_recipients(period).select_related("membership__agency")) if step != "close" else []
    agencies = sorted({user.membership.agency.acronym or user.membership.agency.name for user in recipients})
    title = f"{label} el periodo «{period.name}»"
    context = {
        "period": period,
        "step": step,
        "label": label,
        "verb": verb,
        "title": title,
        "recipients": recipients,
        "agencies": agencies,
        "others_open": list(period.other_open_periods()) if step != "close" else [],
        "error": error,
        "crumbs": breadcrumbs(None, ("Ciclos y periodos de corte", reverse("programs:cycle-list")), (title, None)),
    }
    return render(request, "programs/period_confirm.html", context, status=error.status if error is not None else 200)
