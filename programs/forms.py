from __future__ import annotations

from django import forms
from django.forms import inlineformset_factory

from audit.forms import VersionedFormMixin

from .access import captures_for
from .models import CutOffPeriod, Cycle, Evaluation, Program, Recommendation


class StaffForm(VersionedFormMixin, forms.ModelForm):
    """A model form that knows who fills it, to offer only that user's agency's choices, and
    carries the version it was built from (optimistic locking)."""

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def limit(self, field: str, queryset) -> None:
        if field in self.fields:
            choice = self.fields[field]
            assert isinstance(choice, forms.ModelChoiceField), f"{field} is not a choice of rows"
            choice.queryset = queryset


def marked_deleted(form: forms.BaseForm) -> bool:
    """Whether a formset row was marked «Eliminar» (after validation)."""
    return bool(getattr(form, "cleaned_data", {}).get("DELETE"))


def flag_repeated_values(formset, field: str) -> None:
    """Mark a value repeated among a formset's kept rows beside the field of each repeat, in the
    words of the field's label. Django's own check says «corrija la información duplicada en
    number» once for the formset and again on the row; a row marked here has failed, so that
    check passes it over."""
    seen: dict = {}
    for form in formset.forms:
        if not form.has_changed() or marked_deleted(form) or not hasattr(form, "cleaned_data"):
            continue
        value = form.cleaned_data.get(field)
        if value is None:
            continue
        if value in seen:
            label = str(form.fields[field].label or field).lower()
            form.add_error(field, f"Otra fila ya tiene el {label} {value}: cada fila lleva uno distinto.")
        else:
            seen[value] = form


class NumberedFormSet(forms.BaseInlineFormSet):
    """Rows numbered within their parent: a number repeated among the rows is marked beside it."""

    repeated_field = "number"

    def validate_unique(self) -> None:
        flag_repeated_values(self, self.repeated_field)
        super().validate_unique()


class ProgramForm(StaffForm):
    class Meta:
        model = Program
        fields = ["key", "name", "acronym", "kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Staff create programs for their own agency only; the agency is never a form field.
        if not self.instance.agency_id:
            self.instance.agency = captures_for(self.user)

    def clean_key(self) -> str:
        return self.cleaned_data["key"].upper()

    def clean(self):
        if not self.instance.agency_id:
            raise forms.ValidationError(
                "Su usuario no está adscrito a ninguna dependencia; pida al administrador que lo adscriba."
            )
        return super().clean()


class EvaluationForm(StaffForm):
    report_url = forms.URLField(
        label="Informe de evaluación (URL)", max_length=500, required=False, assume_scheme="https"
    )

    class Meta:
        model = Evaluation
        fields = ["type", "year", "fiscal_year", "evaluator", "report_url", "position_text"]
        widgets = {"position_text": forms.Textarea(attrs={"rows": 3})}


class RecommendationForm(StaffForm):
    class Meta:
        model = Recommendation
        fields = ["number", "text", "scope", "attended", "justification", "duplicates"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "justification": forms.Textarea(attrs={"rows": 2}),
            "number": forms.NumberInput(attrs={"style": "max-width: 6rem"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        evaluation = self.instance.evaluation if self.instance.evaluation_id else None
        self.limit(
            "duplicates",
            Recommendation.objects.filter(evaluation=evaluation).exclude(pk=self.instance.pk)
            if evaluation
            else Recommendation.objects.none(),
        )


RecommendationFormSet = inlineformset_factory(
    Evaluation, Recommendation, form=RecommendationForm, formset=NumberedFormSet, extra=1, can_delete=True
)


class CycleForm(StaffForm):
    class Meta:
        model = Cycle
        fields = ["name", "year"]


class CutOffPeriodForm(StaffForm):
    class Meta:
        model = CutOffPeriod
        fields = ["name", "start", "end"]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
