"""Records every create, update and delete of the audited apps' models in `AuditEntry`.

Single saves and deletes (cascades included) arrive through model signals, connected here; bulk
writes through `AuditedQuerySet`. Both write with `audit.models` (the entry knows how it is
written, so this module sits above it). Who acted comes from `acting_as()`, which the middleware
opens for every request and management commands open themselves.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from .models import AUDITED_MODELS, _fields, _plain, _values, _write, acting_as, record_created


class AuditUserMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting_as(getattr(request, "user", None)):
            return self.get_response(request)


def audited_models() -> list[type[models.Model]]:
    return [
        model
        for label in settings.AUDITED_APPS
        for model in apps.get_app_config(label).get_models()
        if not getattr(model, "audit_exempt", False)
    ]


def _before_save(sender, instance, raw=False, **kwargs) -> None:
    instance._audit_before = None
    if raw or instance._state.adding or instance.pk is None:
        return
    names = [field.attname for field in _fields(sender)]
    instance._audit_before = (
        sender._base_manager.using(instance._state.db or "default").filter(pk=instance.pk).values(*names).first()
    )


def _after_save(sender, instance, created, raw=False, **kwargs) -> None:
    if raw:
        return
    before = getattr(instance, "_audit_before", None)
    if created or before is None:
        record_created(instance)
        return
    now = _values(instance)
    changes = {name: [_plain(before[name]), value] for name, value in now.items() if _plain(before[name]) != value}
    if changes:
        _write(sender, instance.pk, str(instance), "cambio", changes)


def _after_delete(sender, instance, **kwargs) -> None:
    changes = {name: [value, None] for name, value in _values(instance).items() if value not in (None, "")}
    _write(sender, instance.pk, str(instance), "baja", changes)


def _m2m_changed(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    field = (
        next((f for f in type(instance)._meta.many_to_many if f.remote_field.through is sender), None)
        if not reverse
        else None
    )
    if field is None:
        return
    if action == "pre_clear":
        instance._audit_m2m_cleared = sorted(getattr(instance, field.name).values_list("pk", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    current = sorted(getattr(instance, field.name).values_list("pk", flat=True))
    if action == "post_add":
        old = sorted(set(current) - set(pk_set or ()))
    elif action == "post_remove":
        old = sorted(set(current) | set(pk_set or ()))
    else:
        old = getattr(instance, "_audit_m2m_cleared", [])
    if old != current:
        _write(type(instance), instance.pk, str(instance), "cambio", {field.name: [old, current]})


def connect() -> None:
    for model in audited_models():
        AUDITED_MODELS.add(model)
        uid = f"audit-{model._meta.label_lower}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"{uid}-pre")
        post_save.connect(_after_save, sender=model, dispatch_uid=f"{uid}-post")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.many_to_many:
            m2m_changed.connect(_m2m_changed, sender=field.remote_field.through, dispatch_uid=f"{uid}-{field.name}")
