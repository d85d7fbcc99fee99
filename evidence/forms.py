from __future__ import annotations

from typing import cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from audit.forms import VersionedFormMixin

from .checks import ACCEPT_ATTRIBUTE, ACCEPTED_LABEL, inspect_upload
from .models import Evidence
from .services import sha256_of, store
from .uploads import check_upload_names


class EvidenceForm(forms.Form):
    """One file or one link, with its description. Validates the file completely (name,
    extension, content) before anything is stored."""

    file = forms.FileField(
        label="Archivo",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        help_text=f"{ACCEPTED_LABEL}; hasta {filesizeformat(settings.EVIDENCE_MAX_FILE_SIZE)} por archivo.",
    )
    url = forms.URLField(
        label="o liga",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Dirección http(s) del documento.",
    )
    description = forms.CharField(label="Descripción", max_length=300, required=False)
    document = forms.ChoiceField(label="Documento", choices=Evidence.Document.choices[1:], required=False)
    publishable = forms.BooleanField(
        label=Evidence._meta.get_field("publishable").verbose_name.capitalize(),
        required=False,
        help_text=Evidence._meta.get_field("publishable").help_text,
    )

    def __init__(self, *args, for_evaluation: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not for_evaluation:
            del self.fields["document"]
        else:
            self.fields["document"].required = True

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            self.file_type = inspect_upload(upload, upload.name, upload.size)
            self.sha256 = sha256_of(upload)
        return upload

    def clean(self):
        data = super().clean()
        has_file = bool(data.get("file")) or "file" in self.errors
        has_url = bool(data.get("url")) or "url" in self.errors
        if has_file and has_url:
            raise ValidationError("Suba un archivo o indique una liga, no ambos, en cada renglón.")
        if (has_file or has_url) and not data.get("description", "").strip():
            self.add_error("description", "Describa brevemente el documento.")
        if not (has_file or has_url) and data.get("description", "").strip():
            raise ValidationError("Falta el archivo o la liga de este documento.")
        return data

    @property
    def is_filled(self) -> bool:
        return bool(self.cleaned_data.get("file") or self.cleaned_data.get("url"))

    def build(self, **fields) -> Evidence:
        """An unsaved Evidence row for this form's file or link."""
        data = self.cleaned_data
        values = {
            "description": data["description"].strip(),
            "url": data.get("url") or "",
            "publishable": data.get("publishable", False),
            "document": data.get("document") or Evidence.Document.EVIDENCE,
        }
        evidence = Evidence(**{**values, **fields})
        upload = data.get("file")
        if upload:
            evidence.original_name = upload.name
            evidence.size = upload.size
            evidence.content_type = self.file_type.content_type
            evidence.sha256 = self.sha256
        return evidence


class BaseEvidenceFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_many_forms": "Se aceptan como máximo %(num)d documentos por envío; suba el resto en otro envío.",
        "missing_management_form": "Faltan datos del formulario; recargue la página e intente de nuevo.",
    }

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean(self):
        check_upload_names(self.request)
        if any(self.errors):
            return
        filled = [form for form in self.forms if form.is_filled]
        if not filled:
            raise ValidationError("Agregue al menos un archivo o una liga.")

    def save(self, *, by, **owner) -> list[Evidence]:
        return store(
            [(form.build(**owner), form.cleaned_data.get("file")) for form in self.forms if form.is_filled], by=by
        )


def evidence_formset(data=None, files=None, *, request, for_evaluation: bool = False) -> BaseEvidenceFormSet:
    limit = settings.EVIDENCE_MAX_FILES_PER_UPLOAD
    # formset_factory returns a subclass of the `formset` it is given; django-stubs type it as BaseFormSet.
    formset_class = cast(
        type[BaseEvidenceFormSet],
        forms.formset_factory(
            EvidenceForm,
            formset=BaseEvidenceFormSet,
            extra=1 if for_evaluation else 2,
            max_num=limit,
            validate_max=True,
            absolute_max=limit,
        ),
    )
    return formset_class(
        data, files, request=request, prefix="evidencia", form_kwargs={"for_evaluation": for_evaluation}
    )


class EvidenceUpdateForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Evidence
        fields = ["description", "document", "publishable"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.report_id:
            del self.fields["document"]
        else:
            self.fields["document"].choices = Evidence.Document.choices[1:]
