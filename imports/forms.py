from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from evidence.uploads import check_upload_names
from programs.choosers import STAFF_CHOOSERS, ChooserInput
from programs.models import CutOffPeriod, Cycle, Evaluation, EvaluationType, Program, year_validators

from .services import KINDS, PROGRESS_KINDS, RECOMMENDATIONS, SKIPPED


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Archivo",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.docx,.csv"}),
        help_text=(
            "Excel (.xlsx), Word (.docx) o CSV, con las tablas de sus anexos; hasta "
            f"{filesizeformat(settings.EVIDENCE_MAX_FILE_SIZE)}."
        ),
    )

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_file(self):
        # Names with path separators or control characters, which Django would silently strip
        # (evidence.uploads.UploadNameMiddleware records them).
        check_upload_names(self.request)
        return self.cleaned_data["file"]


class PeriodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: CutOffPeriod) -> str:
        return f"{obj.name} ({obj.cycle})"


class EvaluationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Evaluation) -> str:
        return f"{obj.program.key} · {obj.title}"


class SheetForm(forms.Form):
    """Where one table of the file goes: its plan (program and cycle), its cut-off period (a
    progress annex) or its evaluation (a selection of recommendations), or nowhere."""

    exclude = forms.BooleanField(label="Dejar fuera esta tabla", required=False)
    program = forms.ModelChoiceField(
        label="Programa o fondo",
        queryset=Program.objects.none(),
        required=False,
        widget=ChooserInput(STAFF_CHOOSERS["programas"]),
        help_text="Escriba la clave o el nombre del programa.",
    )
    cycle = forms.ModelChoiceField(label="Ciclo", queryset=Cycle.objects.all(), required=False)
    period = PeriodChoiceField(
        label="Periodo de corte del avance",
        queryset=CutOffPeriod.objects.select_related("cycle"),
        required=False,
        help_text="Los porcentajes se registran como avance al corte de este periodo.",
    )
    evaluation = EvaluationChoiceField(
        label="Evaluación de origen",
        queryset=Evaluation.objects.none(),
        required=False,
        empty_label="Una evaluación nueva",
    )
    evaluation_type = forms.ModelChoiceField(
        label="Tipo de la evaluación nueva", queryset=EvaluationType.objects.all(), required=False
    )
    evaluation_year = forms.IntegerField(
        label="Año de la evaluación nueva", required=False, validators=year_validators()
    )

    def __init__(self, *args, user, table: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.table = table
        kind = table.get("kind")
        self.fields["program"].queryset = Program.objects.captured_by(user)  # type: ignore[attr-defined]
        if kind == RECOMMENDATIONS:
            self.fields["evaluation"].queryset = (  # type: ignore[attr-defined]
                Evaluation.objects.editable_by(user).select_related("program", "type")
            )
        else:
            for name in ("evaluation", "evaluation_type", "evaluation_year"):
                del self.fields[name]
        if kind not in PROGRESS_KINDS:
            del self.fields["period"]
        if kind not in KINDS:
            for name in list(self.fields):
                if name != "exclude":
                    del self.fields[name]

    @property
    def kind(self) -> str:
        return str(self.table.get("kind", ""))

    def clean(self):
        data = super().clean()
        if data.get("exclude"):
            return data
        program, cycle, period = data.get("program"), data.get("cycle"), data.get("period")
        if "program" in self.fields and program is None and "program" not in self.errors:
            self.add_error("program", "Elija el programa o fondo.")
        if "cycle" in self.fields and cycle is None and "cycle" not in self.errors:
            self.add_error("cycle", "Elija el ciclo.")
        if "period" in self.fields and cycle is not None:
            if period is None:
                self.add_error("period", "Elija el periodo de corte.")
            elif period.cycle_id != cycle.pk:
                self.add_error("period", f"El periodo debe ser del ciclo «{cycle}».")
        if "evaluation" in self.fields:
            evaluation = data.get("evaluation")
            if evaluation is not None and program is not None and evaluation.program_id != program.pk:
                self.add_error("evaluation", "La evaluación debe ser del programa elegido.")
            if evaluation is None:
                if data.get("evaluation_type") is None and "evaluation_type" not in self.errors:
                    self.add_error("evaluation_type", "Indique el tipo de la evaluación nueva.")
                if data.get("evaluation_year") is None and "evaluation_year" not in self.errors:
                    self.add_error("evaluation_year", "Indique el año de la evaluación nueva.")
        return data

    def choice(self) -> dict[str, Any]:
        """What `Import.choices` keeps for this table: ids, as the preview reads them."""
        data = self.cleaned_data
        choice: dict[str, Any] = {"exclude": bool(data.get("exclude"))}
        for name in ("program", "cycle", "period", "evaluation", "evaluation_type"):
            if name in self.fields:
                value = data.get(name)
                choice[name] = value.pk if value is not None else None
        if "evaluation_year" in self.fields:
            choice["evaluation_year"] = data.get("evaluation_year")
        return choice


def initial_for(choice: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in choice.items() if value is not None}


class SkippedSheetsForm(forms.Form):
    """The sheets the reader did not recognise (whose errors block) that the user leaves out."""

    sheets = forms.MultipleChoiceField(
        label="Dejar fuera estas hojas", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, names: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sheets"].choices = [(name, name) for name in names]  # type: ignore[attr-defined]

    def choice(self) -> dict[str, list[str]]:
        return {SKIPPED: list(self.cleaned_data.get("sheets", []))}
