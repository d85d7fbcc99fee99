from __future__ import annotations

from django import forms


class VersionedFormMixin(forms.BaseForm):
    """Carries the version the form was built from, so that `VersionedModel.save()` can tell
    whether someone else saved in between (optimistic locking)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if hasattr(self.instance, "version"):
            self.fields["version"] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, initial=self.instance.version
            )

    def _post_clean(self):
        super()._post_clean()
        version = self.cleaned_data.get("version")
        if version is not None and self.instance.pk is not None:
            self.instance.version = version
