"""The coordinator's request for the annexes of the plans changed since a day."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from programs.models import Agency, Cycle

from .bulk import ALL_WRITERS, WRITER_LABELS, AnnexScope, start_of


class ChangedAnnexesForm(forms.Form):
    changed_since = forms.DateField(
        label="Cambios desde el",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Se exportan los programas de trabajo en los que algo de lo que imprimen sus anexos (el programa "
        "de trabajo, sus ASM, actividades, avances, replanteamientos, el programa, la evaluación o la dependencia) "
        "se creó, cambió o eliminó desde el inicio de ese día.",
    )
    cycle = forms.ModelChoiceField(
        Cycle.objects.order_by("-year", "name"), label="Ciclo", required=False, empty_label="Todos"
    )
    agency = forms.ModelChoiceField(
        Agency.objects.order_by("name"), label="Dependencia", required=False, empty_label="Todas"
    )
    formats = forms.MultipleChoiceField(
        label="Formatos",
        choices=list(WRITER_LABELS.items()),
        initial=list(ALL_WRITERS),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Elija al menos un formato."},
    )

    def clean_changed_since(self):
        day = self.cleaned_data["changed_since"]
        if day > timezone.localdate():
            raise forms.ValidationError("La fecha no puede ser posterior a hoy.", code="future")
        return day

    def clean_formats(self) -> list[str]:
        chosen = set(self.cleaned_data["formats"])
        return [key for key in ALL_WRITERS if key in chosen]  # always in the same order

    def scope(self) -> AnnexScope:
        data = self.cleaned_data
        return AnnexScope(
            cycles=(data["cycle"].pk,) if data["cycle"] else (),
            agency=data["agency"].pk if data["agency"] else None,
            changed_since=start_of(data["changed_since"]),
        )
