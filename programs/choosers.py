"""Searchable choosers, for choices too many for a <select>: a country's 1,500 programs in a list
filter would be 160 KB of <option> on every page, and a form would send every unit of every
agency.

A `Chooser` is declared once and serves both ends:
- its JSON endpoint suggests at most `SUGGESTIONS` choices whose fields hold every word typed,
  ignoring accents and case;
- its widgets (`ChooserInput`, `ChooserMultipleInput`) render a text input with the current
  choice only. JavaScript (static/js/chooser.js) turns it into an ARIA combobox fed by the
  endpoint, which posts the chosen value. Without JavaScript the user types the key or the name,
  and the widget turns an exact match into that choice's value.

The form field stays what it was (a ModelChoiceField over its own queryset): it validates what is
posted, with its own Spanish message, so a value forged for another agency's unit or a program
that is not public is refused exactly as with a <select>. The widget only ever looks choices up in
that same queryset.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, Model, Q, QuerySet, TextField, Value
from django.db.models.functions import Cast
from django.forms.models import ModelChoiceIterator
from django.urls import reverse_lazy

from .folding import Fold, fold
from .models import Evaluation, Program, Unit

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

SUGGESTIONS = 20
TYPED_CANDIDATES = 1000
# How a choice is written: its key, name and agency, in this order, joined by SEPARATOR.
LABEL_PARTS = ("clave", "nombre", "dependencia")
SEPARATOR = " · "
# Several choices typed in one text input, without JavaScript.
LIST_SEPARATOR = ";"


def label_of(item: dict) -> str:
    """A suggestion as the chooser shows it («S054 · Opciones Productivas»); chooser.js writes it
    the same way."""
    return SEPARATOR.join(str(item[part]) for part in LABEL_PARTS if item.get(part))


_M = TypeVar("_M", bound=Model)


@dataclass(frozen=True)
class Chooser(Generic[_M]):
    url: str | StrPromise  # the JSON endpoint (lazy)
    fields: tuple[str, ...]  # matched by the suggestions
    typed: tuple[str, ...]  # what the first part of a label is: matched by a value typed without JavaScript
    describe: Callable[[_M], dict]  # one suggestion, e.g. {"id": 7, "clave": "S054", "nombre": "…"}
    choices: Callable[..., QuerySet[_M]]  # what a user may choose; the endpoint starts from it
    related: tuple[str, ...] = ()  # select_related for describe()

    def label(self, obj: _M) -> str:
        return label_of(self.describe(obj))

    @staticmethod
    def _folded(queryset: QuerySet, fields: tuple[str, ...]) -> tuple[QuerySet, list[str]]:
        names = [f"chooser_{index}" for index in range(len(fields))]
        folded = {name: Fold(Cast(F(field), TextField())) for name, field in zip(names, fields, strict=False)}
        return queryset.annotate(**folded), names

    def suggest(self, queryset: QuerySet, text: str) -> list[dict]:
        """At most SUGGESTIONS choices of `queryset` whose fields hold every word of `text`."""
        rows, names = self._folded(queryset, self.fields)
        for word in fold(text[:100]).split()[:5]:
            rows = rows.filter(reduce(or_, (Q(**{f"{name}__contains": Fold(Value(word))}) for name in names)))
        rows = rows.select_related(*self.related).order_by(self.fields[0], "pk")
        return [self.describe(obj) for obj in rows[:SUGGESTIONS]]

    def resolve(self, queryset: QuerySet[_M], text: str) -> _M | None:
        """The one choice of `queryset` that `text` names exactly: its key or name, or its whole
        label (the name and agency of a unit that several agencies share); None otherwise."""
        head = text.split(SEPARATOR)[0].strip()
        if not head:
            return None
        rows, names = self._folded(queryset, self.typed)
        exact = reduce(or_, (Q(**{name: Fold(Value(head))}) for name in names))
        # A name many agencies share is told apart by the whole label, «Dirección de Planeación · SSA».
        candidates = list(rows.filter(exact).select_related(*self.related)[:TYPED_CANDIDATES])
        if len(candidates) > 1:
            candidates = [obj for obj in candidates if fold(self.label(obj)) == fold(text.strip())]
        return candidates[0] if len(candidates) == 1 else None


class ChooserInput(forms.TextInput):
    """A ModelChoiceField's widget: a text input holding the current choice's label, which
    chooser.js turns into a combobox. `value` names the suggestion's item that is posted:
    "id" for a field over primary keys, "clave" for one over program keys (to_field_name="key")."""

    allow_multiple_selected = False
    # Set by the form field, as on a <select>'s widget (ModelChoiceField.choices).
    choices: ModelChoiceIterator

    def __init__(self, chooser: Chooser[Any], *, value: str = "id", attrs: dict | None = None):
        super().__init__({"autocomplete": "off", "placeholder": "Escriba para buscar", **(attrs or {})})
        self.chooser = chooser
        self.value_key = value

    # The field's queryset and value lookup, from the choices the field gives its widget.
    @property
    def queryset(self) -> QuerySet:
        return self.choices.queryset

    @property
    def lookup(self) -> str:
        return self.choices.field.to_field_name or "pk"

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy._resolved = {}
        return copy

    def found(self, keys: list[str]) -> dict[str, Model]:
        """The choices whose value is one of `keys`, in one query."""
        model_field = (
            self.queryset.model._meta.pk if self.lookup == "pk" else self.queryset.model._meta.get_field(self.lookup)
        )
        valid = []
        for key in keys:
            if "\x00" in key:  # PostgreSQL refuses NUL in a query; no choice holds one
                continue
            try:
                model_field.to_python(key)
                valid.append(key)
            except ValidationError:
                pass
        if not valid:
            return {}
        rows = self.queryset.filter(**{f"{self.lookup}__in": valid}).select_related(*self.chooser.related)
        return {str(getattr(obj, self.lookup)): obj for obj in rows}

    # Reading what was posted. -------------------------------------------------------------------

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return self.posted_values([value])[0] if isinstance(value, str) else value

    def posted_values(self, texts: list[str]) -> list[str]:
        """Each text as posted by chooser.js (a value), or the value of the choice typed by hand,
        or the text itself (which the field then refuses)."""
        memo = self.__dict__.setdefault("_resolved", {})
        texts = [text.strip() for text in texts]
        # A text with a NUL byte names nothing (and PostgreSQL refuses it): the field says why.
        new = [text for text in texts if text and text not in memo and "\x00" not in text]
        if new:
            values = self.found(new)
            for text in new:
                chosen = None if text in values else self.chooser.resolve(self.queryset, text)
                memo[text] = text if chosen is None else str(getattr(chosen, self.lookup))
        return [memo.get(text, text) for text in texts]

    # Rendering. ----------------------------------------------------------------------------------

    def chosen(self, values: list) -> tuple[list[dict], list[str]]:
        """The choices among `values` (as the suggestions describe them) and what did not match."""
        keys = [
            str(getattr(value, self.lookup) if isinstance(value, Model) else value)
            for value in values
            if value not in (None, "")
        ]
        found = self.found(keys) if keys else {}
        items = [{"valor": key, "texto": self.chooser.label(found[key])} for key in keys if key in found]
        return items, [key for key in keys if key not in found]

    def get_context(self, name, value, attrs):
        values = value if isinstance(value, (list, tuple)) else [value]
        items, typed = self.chosen(list(values))
        context = super().get_context(name, None, attrs)
        # Without JavaScript the input shows, and posts, the labels; chooser.js posts the values.
        context["widget"]["value"] = f"{LIST_SEPARATOR} ".join([item["texto"] for item in items] + typed)
        context["widget"]["attrs"].update(
            {
                "data-chooser": str(self.chooser.url),
                "data-chooser-value": self.value_key,
                "data-chooser-selected": json.dumps(items, ensure_ascii=False),
                "data-chooser-typed": f"{LIST_SEPARATOR} ".join(typed),
            }
        )
        if self.allow_multiple_selected:
            context["widget"]["attrs"]["data-chooser-multiple"] = ""
        return context


class ChooserMultipleInput(ChooserInput):
    """A ModelMultipleChoiceField's widget. Without JavaScript the choices are typed in one input,
    separated by «;»."""

    allow_multiple_selected = True

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        if values is None:
            return None
        if isinstance(values, str):
            values = [values]
        return self.posted_values(
            [part for value in values for part in str(value).split(LIST_SEPARATOR) if part.strip()]
        )

    def value_omitted_from_data(self, data, files, name):
        # An empty multiple choice is posted as nothing at all, as with a <select multiple>.
        return False


def staff_url(source: str) -> StrPromise:
    return reverse_lazy("programs:choices", kwargs={"source": source})


def _coordinating_units(user) -> QuerySet[Unit]:
    # Suggested: the units of the user's own agency, the only ones an ASM of most kinds may have.
    # The rare inter-institutional ASM coordinated from another agency types it in full, and the
    # ASM form decides whether that kind of ASM accepts it (aspects.forms.AspectForm).
    return Unit.objects.visible_to(user).select_related("agency")


# The staff choosers, by the name of their endpoint /panel/opciones/<name>.json.
STAFF_CHOOSERS: dict[str, Chooser[Any]] = {
    "programas": Chooser(
        url=staff_url("programas"),
        fields=("key", "name"),
        typed=("key", "name"),
        describe=lambda program: {"id": program.pk, "clave": program.key, "nombre": program.name},
        choices=lambda user: Program.objects.visible_to(user),
    ),
    "evaluaciones": Chooser(
        url=staff_url("evaluaciones"),
        fields=("program__key", "type__name", "year"),
        typed=("program__key",),
        describe=lambda evaluation: {"id": evaluation.pk, "clave": evaluation.program.key, "nombre": evaluation.title},
        choices=lambda user: Evaluation.objects.visible_to(user),
        related=("program", "type"),
    ),
    "unidades": Chooser(
        url=staff_url("unidades"),
        fields=("name", "acronym"),
        typed=("name", "acronym"),
        describe=lambda unit: {"id": unit.pk, "nombre": unit.name},
        choices=lambda user: Unit.objects.visible_to(user),
    ),
    "areas-coordinadoras": Chooser(
        url=staff_url("areas-coordinadoras"),
        fields=("name", "acronym", "agency__acronym", "agency__name"),
        typed=("name", "acronym"),
        describe=lambda unit: {
            "id": unit.pk,
            "nombre": unit.name,
            "dependencia": unit.agency.acronym or unit.agency.name,
        },
        choices=_coordinating_units,
        related=("agency",),
    ),
}
