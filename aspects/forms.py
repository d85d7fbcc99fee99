from __future__ import annotations

from decimal import Decimal

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone

from programs.choosers import STAFF_CHOOSERS, ChooserInput, ChooserMultipleInput
from programs.forms import StaffForm
from programs.models import CutOffPeriod, Evaluation, Program, Recommendation, Unit

from .models import Activity, Aspect, ChangeRequest, Plan, ProgressReport
from .services import record_progress

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTAREA = forms.Textarea(attrs={"rows": 3})
# Programs, evaluations and units are chosen by searching (programs.choosers): an agency may have
# a hundred programs and hundreds of evaluations, and the coordinating unit may be any agency's.
UNIT_HELP = "Escriba el nombre del área."


class PlanForm(StaffForm):
    class Meta:
        model = Plan
        fields = ["program", "cycle", "title", "evaluation", "responsible_name", "responsible_position", "prepared_on"]
        widgets = {
            "prepared_on": DATE,
            "program": ChooserInput(STAFF_CHOOSERS["programas"]),
            "evaluation": ChooserInput(STAFF_CHOOSERS["evaluaciones"]),
        }
        help_texts = {
            "program": "Escriba la clave o el nombre del programa.",
            "evaluation": "Escriba la clave del programa o el tipo de evaluación.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit("program", Program.objects.editable_by(self.user))
        # Any evaluation of the agency may be the origin, even one already frozen by another plan.
        self.limit("evaluation", Evaluation.objects.visible_to(self.user).select_related("program", "type"))


class AspectForm(StaffForm):
    class Meta:
        model = Aspect
        fields = [
            "number",
            "text",
            "kind",
            "priority",
            "priority_justification",
            "action_type",
            "action_justification",
            "topic",
            "scope",
            "responsible_unit",
            "coordinating_unit",
            "start_date",
            "end_date",
            "products",
            "expected_results",
            "recommendations",
            "observations",
        ]
        widgets = {
            "text": TEXTAREA,
            "priority_justification": TEXTAREA,
            "action_justification": TEXTAREA,
            "products": TEXTAREA,
            "expected_results": TEXTAREA,
            "observations": TEXTAREA,
            "start_date": DATE,
            "end_date": DATE,
            "recommendations": forms.CheckboxSelectMultiple,
            "responsible_unit": ChooserInput(STAFF_CHOOSERS["unidades"]),
            "coordinating_unit": ChooserInput(STAFF_CHOOSERS["areas-coordinadoras"]),
        }
        help_texts = {
            "responsible_unit": UNIT_HELP,
            "coordinating_unit": (
                "Escriba el nombre del área; la de otra dependencia, con sus siglas («Dirección de Planeación · SSA»)."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        program = self.instance.plan.program
        self.limit("responsible_unit", Unit.objects.filter(agency=program.agency_id))
        self.limit("coordinating_unit", Unit.objects.select_related("agency"))
        self.limit(
            "recommendations",
            Recommendation.objects.filter(evaluation__program=program).select_related("evaluation__type"),
        )


class ActivityForm(StaffForm):
    class Meta:
        model = Activity
        fields = [
            "number",
            "description",
            "units",
            "units_label",
            "coordinating_unit",
            "start_date",
            "end_date",
            "end_note",
            "actual_end_date",
            "product",
            "expected_results",
            "results_obtained",
            "weight",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "product": forms.Textarea(attrs={"rows": 2}),
            "expected_results": forms.Textarea(attrs={"rows": 2}),
            "results_obtained": forms.Textarea(attrs={"rows": 2}),
            "start_date": DATE,
            "end_date": DATE,
            "actual_end_date": DATE,
            "units": ChooserMultipleInput(STAFF_CHOOSERS["unidades"]),
            "units_label": forms.Textarea(attrs={"rows": 1}),
            "coordinating_unit": ChooserInput(STAFF_CHOOSERS["areas-coordinadoras"]),
        }
        help_texts = {
            "units": (
                "Escriba el nombre de cada área responsable (varias, separadas por «;»), en el orden del documento."
            ),
            "coordinating_unit": "Sólo si el documento da un área coordinadora para esta actividad.",
        }

    def __init__(self, *args, agency_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit("units", Unit.objects.filter(agency=agency_id))
        self.limit("coordinating_unit", Unit.objects.select_related("agency"))
        # A committed date may be missing only in what was transcribed or imported from a source.
        self.fields["end_date"].required = True

    def ordered_units(self) -> list[Unit]:
        """The chosen units in the order they were typed (the field's queryset has its own order)."""
        chosen = {unit.pk: unit for unit in self.cleaned_data.get("units") or []}
        typed = self.fields["units"].widget.value_from_datadict(self.data, self.files, self.add_prefix("units"))
        order: list[Unit] = []
        field = self.fields["units"]
        for value in typed or []:
            try:
                units = field.clean([value]) if value not in ("", None) else []
            except forms.ValidationError:
                continue
            order.extend(unit for unit in units if unit.pk in chosen)
        return list(dict.fromkeys([*order, *chosen.values()]))

    def _save_m2m(self) -> None:
        super()._save_m2m()  # type: ignore[misc]  # ModelForm's, missing from django-stubs
        if "units" in self.cleaned_data:
            self.instance.set_units(self.ordered_units())


class ActivityFormSet(BaseInlineFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form_kwargs["agency_id"] = self.instance.plan.program.agency_id if self.instance.plan_id else None

    def clean(self) -> None:
        super().clean()
        weights = [
            form.cleaned_data.get("weight")
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        given = [weight for weight in weights if weight is not None]
        if given and len(given) != len(weights):
            raise forms.ValidationError("Asigne ponderación a todas las actividades o a ninguna.")
        if given and sum(given) != Decimal(100):
            raise forms.ValidationError(f"Las ponderaciones de las actividades deben sumar 100; suman {sum(given):g}.")


ActivityInlineFormSet = inlineformset_factory(
    Aspect, Activity, form=ActivityForm, formset=ActivityFormSet, extra=1, can_delete=True
)


class ProgressReportForm(StaffForm):
    class Meta:
        model = ProgressReport
        fields = [
            "period",
            "percent",
            "justification",
            "observations",
            "replanning",
            "replanning_justification",
            "evidence_note",
            "reported_on",
        ]
        widgets = {
            "justification": TEXTAREA,
            "observations": TEXTAREA,
            "replanning_justification": TEXTAREA,
            "evidence_note": forms.Textarea(attrs={"rows": 2}),
            "reported_on": DATE,
            "percent": forms.NumberInput(attrs={"min": 0, "max": 100}),
            # Sí, No, or not stated: the annexes print only what was said.
            "replanning": forms.Select(choices=[("unknown", "No indicado"), ("true", "Sí"), ("false", "No")]),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        periods = CutOffPeriod.objects.filter(cycle=self.instance.activity.aspect.plan.cycle_id)
        self.limit("period", periods)
        if not self.instance.pk:
            self.initial.setdefault("reported_on", timezone.localdate())
            self.initial.setdefault("period", periods.open().values_list("pk", flat=True).first())

    def save(self, commit: bool = True) -> ProgressReport:
        report = super().save(commit=False)
        if commit:
            # The service gives the plan its round for the period, which is what gets submitted.
            report = record_progress(activity=report.activity, period=report.period, report=report, by=self.user)
            self.save_m2m()
        return report


class ChangeRequestForm(StaffForm):
    class Meta:
        model = ChangeRequest
        fields = ["justification", "new_description", "new_end_date", "cancel"]
        widgets = {"justification": TEXTAREA, "new_description": TEXTAREA, "new_end_date": DATE}
        help_texts = {
            "new_description": "Déjelo vacío si la redacción no cambia.",
            "new_end_date": "Déjela vacía si la fecha no cambia.",
        }
