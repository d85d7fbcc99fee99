"""The data dictionary of the open data: every column of every file, with its type and meaning.

Written from the declarations the files are written from, never by hand: the bulk ZIP holds one
`<resource>.csv` per resource of `api.router`, whose columns are its serializer's fields in order
(`bulk.write_zip`), and the list downloads of `/asm/` and `/actividades/` are the records of the
`asm` and `actividades` resources. Each field's meaning is its `help_text` (the same text the
API's schema shows), its type comes from the field's class, and choice fields list their codes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from rest_framework import serializers

from .api import router
from .serializers import Percent

LIST_NOTE = "En CSV y XLSX, los elementos van separados por «; »."
# The first class a field is an instance of names its type (Percent before FloatField).
TYPES: list[tuple[type[serializers.Field], str]] = [
    (serializers.BooleanField, "Sí/No (en JSON: true/false)"),
    (serializers.ChoiceField, "Código"),
    (serializers.DateTimeField, "Fecha y hora (AAAA-MM-DD HH:MM, hora local; en JSON, ISO 8601)"),
    (serializers.DateField, "Fecha (AAAA-MM-DD)"),
    (Percent, "Porcentaje (de 0 a 100, con un decimal)"),
    (serializers.DecimalField, "Número decimal"),
    (serializers.FloatField, "Número decimal"),
    (serializers.IntegerField, "Número entero"),
    (serializers.CharField, "Texto"),
]
# A method field's type is its method's return annotation.
ANNOTATIONS = {
    "list[int]": f"Lista de números enteros. {LIST_NOTE}",
    "list[str]": f"Lista de textos. {LIST_NOTE}",
    "str": "Texto",
    "str | None": "Texto",
    "date | None": "Fecha (AAAA-MM-DD)",
    "float | None": "Número decimal",
}


def code_spans(text: str) -> SafeString:
    """The schema's Markdown `code` as HTML <code>, everything else escaped."""
    pieces = text.split("`")
    return mark_safe(  # every piece is escaped above
        "".join(f"<code>{escape(piece)}</code>" if n % 2 else escape(piece) for n, piece in enumerate(pieces))
    )


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    meaning: str
    may_be_empty: bool
    codes: list[tuple[str, str]]

    @property
    def meaning_html(self) -> SafeString:
        return code_spans(self.meaning)


@dataclass(frozen=True)
class DataFile:
    name: str  # in the bulk ZIP
    resource: str  # the API's path: /api/<resource>/
    title: str
    description: str
    columns: list[Column]

    @property
    def description_html(self) -> SafeString:
        return code_spans(self.description)


def kind_of(field: serializers.Field) -> str:
    if isinstance(field, serializers.SerializerMethodField):
        # public/serializers.py postpones annotations, so the return type is written as text.
        annotation = getattr(field.parent, field.method_name).__annotations__.get("return")
        if annotation in ANNOTATIONS:
            return ANNOTATIONS[annotation]
    else:
        for field_class, name in TYPES:
            if isinstance(field, field_class):
                return name
    raise LookupError(f"El diccionario de datos no sabe nombrar el tipo del campo «{field.field_name}».")


def column_of(name: str, field: serializers.Field) -> Column:
    codes = list(field.choices.items()) if isinstance(field, serializers.ChoiceField) else []
    return Column(
        name=name,
        kind=kind_of(field),
        meaning=str(field.help_text or ""),
        may_be_empty=bool(getattr(field, "allow_null", False) or getattr(field, "allow_blank", False)),
        codes=[(str(code), str(label)) for code, label in codes],
    )


def data_files() -> list[DataFile]:
    """Every file of the bulk ZIP, in its order, with every column in the order it is written."""
    files = []
    for prefix, viewset, _ in router.registry:
        serializer = viewset.serializer_class()
        files.append(
            DataFile(
                name=f"{prefix}.csv",
                resource=prefix,
                title=viewset.resource_name,
                description=viewset.resource_description,
                columns=[column_of(name, field) for name, field in serializer.fields.items()],
            )
        )
    return files
