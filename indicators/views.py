"""Staff pages of a plan measured by indicators: the overview of its objectives, specific
objectives (ASM), indicators and targets, products, gaps and narrative; the pages that edit
them while the plan is editable; measurements in an open period and their round, submitted and
authorised through `programs.transitions`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views import generic

from aspects.models import Plan
from aspects.views import EditablePlanView
from programs.staff import (
    StaffCreateView,
    StaffDeleteView,
    StaffDetailView,
    StaffUpdateView,
    breadcrumbs,
)

from .figures import plan_figures
from .forms import (
    AchievementGapFormSet,
    MeasurementForm,
    PlanIndicatorEditor,
    PlanNarrativeForm,
    ProductChangeFormSet,
)
from .models import Indicator, IndicatorTarget, Measurement, MeasurementRound, PlanNarrative


def overview_url(plan_id: int, anchor: str = "") -> str:
    return reverse("indicators:plan-indicators", args=[plan_id]) + (f"#{anchor}" if anchor else "")


def editor_url(plan_id: int, anchor: str = "") -> str:
    return reverse("indicators:plan-editor", args=[plan_id]) + (f"#{anchor}" if anchor else "")


class PlanIndicators(StaffDetailView):
    """Everything of a plan measured by indicators on one page, with the rating figures of each
    cut-off period that has measurements."""

    model = Plan
    template_name = "indicators/plan_indicators.html"

    def get_queryset(self):
        return super().get_queryset().select_related("program__agency", "cycle", "region")

    def get_context_data(self, **kwargs):
        plan = self.object
        indicators = Indicator.objects.order_by("number").prefetch_related(
            Prefetch("targets", queryset=IndicatorTarget.objects.order_by("year"))
        )
        aspects = list(
            plan.aspects.select_related("objective")
            .prefetch_related(Prefetch("indicators", queryset=indicators))
            .order_by("number")
        )
        objectives = list(plan.objectives.order_by("number"))
        groups = [(objective, [a for a in aspects if a.objective_id == objective.pk]) for objective in objectives]
        loose = [aspect for aspect in aspects if aspect.objective_id is None]
        if loose:
            groups.append((None, loose))
        rounds = {round_.period_id: round_ for round_ in plan.measurement_rounds.all()}
        periods = [
            (period, rounds.get(period.pk), plan_figures(plan, period) if period.pk in rounds else None)
            for period in plan.cycle.periods.order_by("end")
        ]
        return super().get_context_data(
            groups=groups,
            periods=periods,
            products=plan.product_changes.order_by("number"),
            gaps=plan.achievement_gaps.order_by("number"),
            narrative=PlanNarrative.objects.filter(plan=plan).first(),
            measurable=plan.is_authorised,
            **kwargs,
        )


class PlanPartsView(EditablePlanView):
    """A page of a plan's own content edited as formsets (or one form), saved all or nothing
    while the plan is editable; afterwards, the plan's overview."""

    template_name = "indicators/plan_parts.html"
    title = ""
    anchor = ""
    success_message = "Se guardaron los cambios."

    def parts(self, data=None) -> dict:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        return self.render(self.parts())

    def post(self, request, *args, **kwargs):
        parts = self.parts(request.POST)
        if all(part.is_valid() for part in parts.values()):
            if not self.save_all(parts.values()):
                return self.render(parts)
            messages.success(request, self.success_message)
            return HttpResponseRedirect(overview_url(self.plan.pk, self.anchor))
        messages.error(request, "No se guardó nada: corrija los campos señalados.")
        return self.render(parts)

    def render(self, parts: dict):
        forms = {name: part for name, part in parts.items() if not hasattr(part, "management_form")}
        formsets = {name: part for name, part in parts.items() if hasattr(part, "management_form")}
        context = {
            "object": self.plan,
            "title": self.title,
            "forms": forms,
            "formsets": formsets,
            "crumbs": breadcrumbs(self.plan, ("Indicadores", overview_url(self.plan.pk)), (self.title, None)),
            "cancel_url": overview_url(self.plan.pk, self.anchor),
        }
        return render(self.request, self.template_name, context)

    def formset(self, cls, name: str, data):
        return cls(data, instance=self.plan, prefix=name, form_kwargs={"user": self.request.user})


class PlanProducts(PlanPartsView):
    title = "Modificaciones a productos"
    anchor = "productos"

    def parts(self, data=None) -> dict:
        return {"products": self.formset(ProductChangeFormSet, "products", data)}


class PlanGaps(PlanPartsView):
    title = "Logros y brechas"
    anchor = "logros"

    def parts(self, data=None) -> dict:
        return {"gaps": self.formset(AchievementGapFormSet, "gaps", data)}


class PlanNarrativeEdit(PlanPartsView):
    title = "Secciones narrativas"
    anchor = "secciones"

    def parts(self, data=None) -> dict:
        narrative = PlanNarrative.objects.filter(plan=self.plan).first() or PlanNarrative(plan=self.plan)
        return {"narrative": PlanNarrativeForm(data, instance=narrative, user=self.request.user)}


class PlanEditor(EditablePlanView):
    """One page for a plan's objectives, specific objectives (ASM), indicators and yearly targets
    (`forms.PlanIndicatorEditor`), saved in one transaction while the plan is editable; any error
    saves nothing and is listed at the top, each one linked to its field, where it is shown too."""

    template_name = "indicators/plan_editor.html"
    title = "Objetivos, objetivos específicos e indicadores"

    def get(self, request, *args, **kwargs):
        return self.render(PlanIndicatorEditor(self.plan, user=request.user))

    def post(self, request, *args, **kwargs):
        editor = PlanIndicatorEditor(self.plan, user=request.user, data=request.POST)
        if not editor.is_valid():
            # Every error has a place; the fallback only covers a form that no field explains.
            summary = editor.error_summary() or [("Formulario", "Recargue la página y capture de nuevo.", "")]
            return self.render(editor, summary=summary)
        if not self.save_all([editor]):
            return self.render(editor)
        messages.success(request, "Se guardaron los objetivos, los objetivos específicos y sus indicadores.")
        return HttpResponseRedirect(overview_url(self.plan.pk, "objetivos"))

    def render(self, editor: PlanIndicatorEditor, summary: list | None = None):
        context = {
            "object": self.plan,
            "title": self.title,
            "editor": editor,
            "summary": summary or [],
            "crumbs": breadcrumbs(self.plan, ("Indicadores", overview_url(self.plan.pk)), (self.title, None)),
            "cancel_url": overview_url(self.plan.pk, "objetivos"),
        }
        return render(self.request, self.template_name, context)


class MovedToEditor(LoginRequiredMixin, generic.View):
    """An address of the separate pages the editor replaced (the objectives page, an indicator's
    new and edit pages, its delete confirmation): it leads to the editor, at the row it was about.
    The object is looked up among those the user sees, so ids of other agencies stay 404; the
    editor then says whether the plan may be changed. It changes nothing, whatever the method."""

    model: type = Plan
    plan_lookup = "pk"  # from the object to its plan's id, as a lookup: "aspect__plan"
    anchor = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        pk = kwargs.get("pk", kwargs.get("parent_pk"))
        visible = self.model.objects.visible_to(request.user).filter(pk=pk)
        plan_id = visible.values_list(self.plan_lookup, flat=True).first()
        if plan_id is None:
            raise Http404
        return HttpResponseRedirect(editor_url(plan_id, f"{self.anchor}-{pk}" if self.anchor else ""))


class MeasurementCreate(StaffCreateView):
    model = Measurement
    form_class = MeasurementForm
    parent_model = Indicator
    parent_field = "indicator"
    success_message = "Se registró la medición. Cuando el periodo esté completo, envíelo a revisión desde esta página."
    parent_refusal = (
        "Solo se registran mediciones de indicadores de un programa de trabajo autorizado, mientras uno de los "
        "periodos de corte de su ciclo está abierto."
    )

    def parent_queryset(self, user):
        return Indicator.objects.measurable_by(user)

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()


class MeasurementUpdate(StaffUpdateView):
    model = Measurement
    form_class = MeasurementForm
    success_message = "Se actualizó la medición."

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()


class MeasurementDelete(StaffDeleteView):
    model = Measurement

    def get_success_url(self) -> str:
        round_ = self.object.round()
        return round_.get_absolute_url() if round_ else self.object.indicator.get_absolute_url()


class RoundDetail(StaffDetailView):
    """A plan's measurements at one cut-off period, with their ratings and the figures,
    submitted and authorised as a whole."""

    model = MeasurementRound
    template_name = "indicators/round_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("plan__program__agency", "plan__cycle", "plan__region", "period")

    def get_context_data(self, **kwargs):
        round_ = self.object
        measurements: dict = {}
        for measurement in round_.measurements().select_related("region").order_by("region__name", "pk"):
            measurements.setdefault(measurement.indicator_id, []).append(measurement)
        indicators = (
            Indicator.objects.filter(aspect__plan=round_.plan)
            .select_related("aspect")
            .prefetch_related("targets")
            .order_by("aspect__number", "number")
        )
        rows = []
        for indicator in indicators:
            targets = {target.year: target for target in indicator.targets.all()}
            found = measurements.get(indicator.pk, [])
            for measurement in found:
                # The target the rating was measured against, read from the prefetched rows.
                measurement.target_row = targets.get(measurement.year)
            rows.append((indicator, found))
        return super().get_context_data(rows=rows, figures=plan_figures(round_.plan, round_.period), **kwargs)
