"""The append-only audit trail, and optimistic locking for the models people edit in forms.

Why our own model rather than django-simple-history or django-pghistory: pghistory records
through PostgreSQL triggers, and SQLite is our embedded default; simple-history keeps one
shadow table per model and, like every signal-based recorder, lets `QuerySet.update()` slip
past. Ours is one table written from the model signals *and* from `AuditedQuerySet`, the
queryset every domain model uses, whose `update()`, `bulk_update()` and `bulk_create()` record
what they change. It works the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import ClassVar, TypeVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, router, transaction

from .readable import Names, describe


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete history."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("El historial no se modifica.")

    def delete(self):
        raise AppendOnlyError("El historial no se borra.")


class AppendOnlyModel(models.Model):
    """A history row: written once, never changed or deleted."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AppendOnlyError("El historial no se modifica.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("El historial no se borra.")


class AuditEntryQuerySet(AppendOnlyQuerySet):
    def for_object(self, obj: models.Model) -> AuditEntryQuerySet:
        return self.filter(content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk))


# A named manager class, so that AuditEntry can declare the `objects` it puts over its base's.
AuditEntryManager = models.Manager.from_queryset(AuditEntryQuerySet)


class AuditEntry(AppendOnlyModel):
    class Action(models.TextChoices):
        CREATE = "alta", "Alta"
        UPDATE = "cambio", "Cambio"
        DELETE = "baja", "Baja"

    content_type = models.ForeignKey(ContentType, models.PROTECT, verbose_name="tipo de registro")
    object_id = models.CharField("id del registro", max_length=64)
    object_repr = models.CharField("registro", max_length=255)
    action = models.CharField("acción", max_length=10, choices=Action.choices)
    # {field name: [old, new]}; for many-to-many fields [[old ids], [new ids]].
    changes = models.JSONField("cambios", encoder=DjangoJSONEncoder, default=dict)
    # PROTECT: a user with history is deactivated, never deleted (the entry would lose who acted).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="usuario"
    )
    user_name = models.CharField("nombre del usuario", max_length=255, blank=True)
    # Where a change came from when it was not typed in a form: «Importación 7 (anexos.xlsx)».
    source = models.CharField("origen", max_length=255, blank=True)
    at = models.DateTimeField("fecha y hora", auto_now_add=True, db_index=True)

    objects: ClassVar[AuditEntryManager] = AuditEntryManager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "entrada de bitácora"
        verbose_name_plural = "bitácora de cambios"
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.object_repr}"

    def readable_changes(self, names=None) -> list:
        """The changes as people read them (`audit.readable`): labels of choices, names instead
        of ids, local times, and long texts as a word-level diff."""
        return describe(self.content_type.model_class(), self.changes, names or Names())


# Writing entries: the signal receivers (`audit.capture`) and the bulk writes of `AuditedQuerySet`
# both go through `_write`, which reads who acts from `acting_as()`.
_actor: contextvars.ContextVar = contextvars.ContextVar("audit_actor", default=None)
_source: contextvars.ContextVar = contextvars.ContextVar("audit_source", default="")
IGNORED_FIELDS = {"version"}
# The models whose changes are recorded, filled by `audit.capture.connect()`.
AUDITED_MODELS: set[type[models.Model]] = set()


@contextlib.contextmanager
def acting_as(user) -> Iterator[None]:
    """Attribute the changes made inside the block to `user`."""
    token = _actor.set(user if user is not None and user.is_authenticated else None)
    try:
        yield
    finally:
        _actor.reset(token)


def acting_as_if_given(user) -> contextlib.AbstractContextManager[None]:
    """`acting_as(user)`, or for None the block as it is: a service called with no one (a command, a
    script) keeps whoever its caller already acts as, where `acting_as(None)` would name no one."""
    return acting_as(user) if user is not None else contextlib.nullcontext()


@contextlib.contextmanager
def recorded_as(source: str) -> Iterator[None]:
    """Name, on every entry written inside the block, what the changes came from (an import of a
    file), so that the trail tells a created row apart from one typed in a form."""
    token = _source.set(source[:255])
    try:
        yield
    finally:
        _source.reset(token)


def _plain(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name or ""
    return str(value)


def _fields(model) -> list[models.Field]:
    # Values a model derives from others (`audit_ignored_fields`) are bookkeeping, not edits; a
    # model that is not ours (a user) names them in settings.AUDIT_IGNORED_FIELDS.
    ignored = (
        IGNORED_FIELDS
        | set(getattr(model, "audit_ignored_fields", ()))
        | set(getattr(settings, "AUDIT_IGNORED_FIELDS", {}).get(model._meta.label_lower, ()))
    )
    return [field for field in model._meta.concrete_fields if field.name not in ignored and not field.primary_key]


def _values(obj) -> dict:
    return {field.attname: _plain(getattr(obj, field.attname)) for field in _fields(type(obj))}


# What the trail shows for a secret field's value (settings.AUDIT_SECRET_FIELDS).
HIDDEN = "(oculto)"


def _hide_secrets(model, changes: dict) -> dict:
    for name in getattr(settings, "AUDIT_SECRET_FIELDS", {}).get(model._meta.label_lower, ()):
        if name in changes:
            changes[name] = [HIDDEN if value not in (None, "") else value for value in changes[name]]
    return changes


def _write(model, pk, label: str, action: str, changes: dict) -> None:
    # Every entry is written here, so a secret is hidden here, after the old and new values were compared.
    changes = _hide_secrets(model, changes)
    user = _actor.get()
    AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_id=str(pk),
        object_repr=label[:255],
        action=action,
        changes=changes,
        user=user,
        user_name=(user.get_full_name() or user.get_username()) if user else "",
        source=_source.get(),
    )


def record_created(obj) -> None:
    changes = {name: [None, value] for name, value in _values(obj).items() if value not in (None, "")}
    _write(type(obj), obj.pk, str(obj), "alta", changes)


def record_bulk_update(model, before: dict, after: dict) -> None:
    if model not in AUDITED_MODELS:
        return
    for pk, old in before.items():
        new = after.get(pk, {})
        changes = {
            name: [_plain(old[name]), _plain(new.get(name))]
            for name in old
            if name != "pk" and name not in IGNORED_FIELDS and _plain(old[name]) != _plain(new.get(name))
        }
        if changes:
            _write(model, pk, f"{model._meta.verbose_name} {pk}", "cambio", changes)


# Covariant, as QuerySet's own model parameter: a queryset of annotated rows is a queryset of the model.
_M = TypeVar("_M", bound=models.Model, covariant=True)


class AuditedQuerySet(models.QuerySet[_M]):
    """A queryset whose bulk writes are recorded in the audit trail like single saves."""

    def update(self, **kwargs) -> int:
        fields = [self.model._meta.get_field(name) for name in kwargs]
        # Only concrete fields can be updated (Django's update() refuses the rest with its own error).
        attnames = [field.attname for field in fields if isinstance(field, models.Field)]
        with transaction.atomic(using=self.db):
            before = {row["pk"]: row for row in self.values("pk", *attnames)}
            count = super().update(**kwargs)
            if before:
                after = self.model._base_manager.using(self.db).filter(pk__in=before).values("pk", *attnames)
                record_bulk_update(self.model, before, {row["pk"]: row for row in after})
        return count

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        for obj in created:
            if obj.pk is not None and self.model in AUDITED_MODELS:
                record_created(obj)
        return created


class ConcurrentEditError(Exception):
    """The object changed in the database since the version this save started from."""

    def __init__(self, obj: models.Model):
        self.obj = obj
        self.current_version = type(obj)._base_manager.filter(pk=obj.pk).values_list("version", flat=True).first()
        last = AuditEntry.objects.for_object(obj).first()
        who = (last.user_name or "otra persona") if last else "otra persona"
        when = last.at if last else None
        self.message = (
            f"«{obj}» fue modificado por {who}"
            + (f" a las {_hhmm(when)}" if when else "")
            + " mientras usted lo editaba."
        )
        super().__init__(self.message)


def _hhmm(moment) -> str:
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%H:%M")


class VersionedModel(models.Model):
    """Optimistic locking: a save succeeds only from the version it was read at.

    The version the user's form was built from travels in a hidden field (see
    `audit.forms.VersionedFormMixin`); the save bumps it with a conditional UPDATE, so two
    people saving from the same version never overwrite each other: the second one gets
    `ConcurrentEditError`. On PostgreSQL the UPDATE's row lock makes a concurrent second save
    wait and then find the version changed.
    """

    version = models.PositiveIntegerField("versión", default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if self._state.adding or self.pk is None:
            return super().save(*args, **kwargs)
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            bumped = (
                type(self)
                ._base_manager.using(using)
                .filter(pk=self.pk, version=self.version)
                .update(version=models.F("version") + 1)
            )
            if not bumped:
                raise ConcurrentEditError(self)
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
            super().save(*args, **kwargs)
