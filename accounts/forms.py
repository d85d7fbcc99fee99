from django import forms


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Código",
        max_length=32,
        help_text="Los 6 dígitos que muestra su aplicación de autenticación, o uno de sus códigos de recuperación.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
    )
