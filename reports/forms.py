"""The coordinator's request for the annexes of the plans changed since a day, and the request
for a consolidated annex."""

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

    include_drafts = forms.BooleanField(
        label="Incluir borradores",
        required=False,
        help_text="Sin marcar, solo los programas de trabajo autorizados, con sus avances autorizados. "
        "Marcado, también lo que no está autorizado, con la marca «BORRADOR» en cada formato "
        "(en datos y CSV, la columna «Estado del documento»).",
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
            include_drafts=data["include_drafts"],
        )


class ConsolidatedForm(forms.Form):
    """The consolidated annex of an agency or a cycle: the coordination chooses any agency, a
    cycle, or both; an agency's staff only their own agency (and perhaps a cycle)."""

    agency = forms.ModelChoiceField(Agency.objects.none(), label="Dependencia", required=False, empty_label="Todas")
    cycle = forms.ModelChoiceField(
        Cycle.objects.order_by("-year", "name"), label="Ciclo", required=False, empty_label="Todos"
    )
    fmt = forms.ChoiceField(
        label="Formato",
        choices=[
            ("xlsx", "XLSX: una hoja por tipo de tabla, con una fila por registro y la columna del programa"),
            ("pdf", "PDF: los anexos de cada programa de trabajo, con portada e índice"),
        ],
        initial="xlsx",
        widget=forms.RadioSelect,
        error_messages={"required": "Elija un formato."},
    )

    def __init__(self, *args, own_agency: Agency | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.own_agency = own_agency
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        if own_agency is None:
            field.queryset = Agency.objects.order_by("name")
        else:
            field.queryset = Agency.objects.filter(pk=own_agency.pk)
            field.required, field.empty_label, field.initial = True, None, own_agency.pk
            field.help_text = "Su dependencia: el anexo consolidado de otras lo pide la coordinación de evaluación."

    def clean(self):
        data = super().clean()
        if self.own_agency is None and not data.get("agency") and not data.get("cycle"):
            raise forms.ValidationError(
                "Elija una dependencia, un ciclo o ambos: el anexo consolidado reúne los programas de trabajo "
                "autorizados de una dependencia o de un ciclo.",
                code="scope",
            )
        return data

    def scope(self) -> AnnexScope:
        data = self.cleaned_data
        return AnnexScope(
            cycles=(data["cycle"].pk,) if data["cycle"] else (),
            agency=data["agency"].pk if data["agency"] else None,
        )
