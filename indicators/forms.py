"""The staff forms of a plan measured by indicators. They validate and build; the models' clean()
holds the rules (messages beside each field), and measurements are saved through
`services.record_measurement`, which gives the plan its round for the period."""

from __future__ import annotations

from django import forms
from django.db.models import Max, Q
from django.forms import BaseInlineFormSet, inlineformset_factory, modelformset_factory

from aspects.models import Aspect, Objective, Plan
from programs.forms import StaffForm, flag_repeated_values
from programs.models import CutOffPeriod, Region

from .models import AchievementGap, Indicator, IndicatorTarget, Measurement, PlanNarrative, ProductChange
from .services import MEASUREMENT_FIELDS, record_measurement

TEXTAREA = forms.Textarea(attrs={"rows": 2})
YES_NO_UNSTATED = forms.Select(choices=[("unknown", "No indicado"), ("true", "Sí"), ("false", "No")])


def next_number(rows) -> int:
    return (rows.aggregate(top=Max("number"))["top"] or 0) + 1


class NumberedFormSet(BaseInlineFormSet):
    """Rows numbered within their parent: a number repeated among the rows is marked beside it."""

    repeated_field = "number"

    def validate_unique(self) -> None:
        flag_repeated_values(self, self.repeated_field)
        super().validate_unique()


class ObjectiveForm(StaffForm):
    class Meta:
        model = Objective
        fields = ["number", "text"]
        widgets = {"text": TEXTAREA}


ObjectiveFormSet = inlineformset_factory(
    Plan, Objective, form=ObjectiveForm, formset=NumberedFormSet, extra=1, can_delete=True
)


class IndicatorForm(StaffForm):
    class Meta:
        model = Indicator
        fields = [
            "number",
            "text",
            "numerator_description",
            "denominator_description",
            "unit",
            "kind",
            "direction",
            "baseline",
            "baseline_year",
        ]
        widgets = {"text": TEXTAREA, "numerator_description": TEXTAREA, "denominator_description": TEXTAREA}
        help_texts = {
            "text": "Como lo escribe la dependencia («70 % de los ministerios traspasan la información solicitada»).",
            "kind": "En porcentaje, las metas van de 0 a 100 y el resultado es numerador ÷ denominador × 100.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and self.initial.get("number") is None and self.instance.aspect_id:
            self.initial["number"] = next_number(Indicator.objects.filter(aspect_id=self.instance.aspect_id))


class TargetForm(StaffForm):
    class Meta:
        model = IndicatorTarget
        fields = ["year", "value"]


class TargetFormSet(NumberedFormSet):
    repeated_field = "year"


TargetInlineFormSet = inlineformset_factory(
    Indicator, IndicatorTarget, form=TargetForm, formset=TargetFormSet, extra=1, can_delete=True
)


class MeasurementForm(StaffForm):
    class Meta:
        model = Measurement
        fields = ["period", *MEASUREMENT_FIELDS]
        widgets = {"result_text": TEXTAREA, "override_justification": TEXTAREA}
        help_texts = {
            "numerator": "Indique numerador y denominador, o solo un valor, o solo el resultado en texto.",
            "rating": (
                "Con valores medidos la calificación se calcula con la meta del año; elíjala aquí solo si marca "
                "«calificación modificada» (con su justificación) o si el resultado es solo texto."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plan = self.instance.indicator.aspect.plan
        self._limit_periods(plan)
        self.limit("region", Region.objects.filter(agency_id=plan.program.agency_id))
        if not self.instance.pk and self.initial.get("year") is None:
            self.initial["year"] = plan.cycle.year

    def _limit_periods(self, plan: Plan) -> None:
        """Only the open periods of the plan's cycle; the one open period comes chosen."""
        periods = CutOffPeriod.objects.filter(cycle=plan.cycle_id).open()
        if self.instance.period_id:
            periods = CutOffPeriod.objects.filter(Q(pk__in=periods) | Q(pk=self.instance.period_id))
        self.limit("period", periods.order_by("end"))
        if "period" in self.fields:
            self.fields["period"].error_messages["invalid_choice"] = (
                "Elija un periodo de corte abierto del ciclo del programa de trabajo: los demás no admiten mediciones."
            )
        open_ids = list(periods.values_list("pk", flat=True)[:2])
        if len(open_ids) == 1 and not self.instance.pk and self.initial.get("period") is None:
            self.initial["period"] = open_ids[0]

    def save(self, commit: bool = True) -> Measurement:
        measurement = super().save(commit=False)
        if commit:
            measurement = record_measurement(
                indicator=measurement.indicator, period=measurement.period, measurement=measurement, by=self.user
            )
        return measurement


class ProductChangeForm(StaffForm):
    class Meta:
        model = ProductChange
        fields = ["number", "product", "subproduct", "modification", "incorporated", "note"]
        widgets = {
            "product": TEXTAREA,
            "subproduct": TEXTAREA,
            "modification": TEXTAREA,
            "note": TEXTAREA,
            "incorporated": YES_NO_UNSTATED,
        }


ProductChangeFormSet = inlineformset_factory(
    Plan, ProductChange, form=ProductChangeForm, formset=NumberedFormSet, extra=1, can_delete=True
)


class AchievementGapForm(StaffForm):
    class Meta:
        model = AchievementGap
        fields = ["number", "committed", "reached", "gap", "causes"]
        widgets = {"committed": TEXTAREA, "reached": TEXTAREA, "gap": TEXTAREA, "causes": TEXTAREA}


AchievementGapFormSet = inlineformset_factory(
    Plan, AchievementGap, form=AchievementGapForm, formset=NumberedFormSet, extra=1, can_delete=True
)


class PlanNarrativeForm(StaffForm):
    class Meta:
        model = PlanNarrative
        fields = ["contribution", "difficulties", "recommendations", "achievements"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}


class AspectObjectiveForm(StaffForm):
    """Which objective (stage) each ASM of the plan is a specific objective of."""

    class Meta:
        model = Aspect
        fields = ["objective"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit("objective", Objective.objects.filter(plan_id=self.instance.plan_id).order_by("number"))
        self.fields["objective"].label = str(self.instance)


AspectObjectiveFormSet = modelformset_factory(Aspect, form=AspectObjectiveForm, extra=0, can_delete=False)
