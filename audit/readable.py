"""The audit trail as people read it: labels of choices, names instead of ids, local time to the
minute, and long texts as a word-level diff. Generic over any model: it reads the fields'
metadata, never the domain."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

# A text longer than this (or any TextField) is shown as a diff rather than "before → after".
LONG_TEXT = 80
EMPTY = "—"


@dataclass
class Change:
    label: str
    old: str
    new: str
    diff: SafeString | None = None  # the word-level diff of a long text


class Names:
    """Names of related objects by (model, pk), looked up once per page."""

    def __init__(self) -> None:
        self._cache: dict[tuple[type, object], str] = {}

    def of(self, model: type[models.Model], pk) -> str:
        key = (model, pk)
        if key not in self._cache:
            obj = model._base_manager.filter(pk=pk).first()
            if obj is None:
                self._cache[key] = f"registro {pk} (eliminado)"
            elif model is get_user_model():
                self._cache[key] = obj.get_full_name() or obj.get_username()  # type: ignore[attr-defined]
            else:
                self._cache[key] = str(obj)
        return self._cache[key]


def field_of(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    for candidate in (name, name.removesuffix("_id")):
        try:
            field = model._meta.get_field(candidate)
        except Exception:
            continue
        if isinstance(field, models.Field):
            return field
    return None


def display(field: models.Field | None, value, names: Names) -> str:
    """One stored value of `field` (as the audit trail keeps it: plain JSON) as people read it."""
    if value is None or value == "" or value == []:
        return EMPTY
    if field is None:
        return str(value)
    if isinstance(field, models.ManyToManyField):
        return ", ".join(names.of(field.related_model, pk) for pk in value)
    if field.is_relation and field.related_model is not None:
        return names.of(field.related_model, value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return "Sí" if value else "No"
    if isinstance(field, models.DateTimeField):
        moment = parse_datetime(str(value))
        if moment is not None:
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment, UTC)
            return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")
    if isinstance(field, models.DateField):
        day = parse_date(str(value))
        if day is not None:
            return day.strftime("%d/%m/%Y")
    return str(value)


def is_long(field: models.Field | None, old, new) -> bool:
    if isinstance(field, models.TextField):
        return True
    return any(isinstance(value, str) and len(value) > LONG_TEXT for value in (old, new))


def word_diff(old: str, new: str) -> SafeString:
    """`new` against `old` word by word: deletions in <del>, insertions in <ins>."""
    before = re.split(r"(\s+)", old or "")
    after = re.split(r"(\s+)", new or "")
    parts = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            parts.append(format_html('<del class="diff">{}</del>', "".join(before[a1:a2])))
        if op in ("insert", "replace"):
            parts.append(format_html('<ins class="diff">{}</ins>', "".join(after[b1:b2])))
        if op == "equal":
            parts.append(conditional_escape("".join(before[a1:a2])))
    return mark_safe("".join(parts))


def describe(model: type[models.Model] | None, changes: dict, names: Names) -> list[Change]:
    """`changes` ({field: [old, new]}) of a `model` row as `Change`s, in the model's field order."""
    fields = [*model._meta.concrete_fields, *model._meta.many_to_many] if model is not None else []
    order = {field.attname: i for i, field in enumerate(fields)}
    rows = []
    for name, (old, new) in sorted(changes.items(), key=lambda item: order.get(item[0], len(order))):
        field = field_of(model, name)
        label = str(field.verbose_name) if field is not None else name
        change = Change(label, display(field, old, names), display(field, new, names))
        if is_long(field, old, new) and not (field is not None and field.choices):
            change.diff = word_diff(old if isinstance(old, str) else "", new if isinstance(new, str) else "")
        rows.append(change)
    return rows


def net_changes(entries: Iterable) -> tuple[str, dict]:
    """The net effect of several entries of one object, oldest first: the action ("alta" when it
    was created among them, "baja" when deleted) and {field: [first old, last new]}, leaving out
    fields that came back to where they were."""
    merged: dict[str, list] = {}
    action = "cambio"
    for entry in entries:
        if entry.action == "alta":
            action = "alta"
        elif entry.action == "baja":
            action = "baja" if action != "alta" else "nada"
        for name, (old, new) in entry.changes.items():
            if name in merged:
                merged[name][1] = new
            else:
                merged[name] = [old, new]
    if action == "nada":
        return action, {}
    return action, {name: pair for name, pair in merged.items() if pair[0] != pair[1]}
