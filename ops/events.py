"""What gets a log line besides the requests: failed sign-ins, workflow transitions and admin actions."""

from __future__ import annotations

import logging
from functools import partial

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.signals import user_login_failed
from django.db import transaction

from programs.workflow import transitioned
from public.throttle import client_of

log = logging.getLogger("asm.events")


def client_address(request) -> str | None:
    # Behind the proxy, the address it reports (USE_X_FORWARDED_FOR), as the public throttle reads it.
    return client_of(request) if request is not None else None


def login_failed(sender, credentials: dict, request=None, **kwargs) -> None:
    # Django has already masked the password in `credentials`; only the name typed is kept.
    username = credentials.get("username", "")
    log.warning(
        "Inicio de sesión fallido: usuario=%r desde %s",
        username,
        client_address(request),
        extra={"event": "login_failed", "username": username, "client": client_address(request)},
    )


def _log_transition(*, model: str, pk: int, source: str, target: str, user_id: int | None, step: int) -> None:
    log.info(
        "Transición: %s %s de %s a %s por usuario=%s",
        model,
        pk,
        source,
        target,
        user_id,
        extra={
            "event": "transition",
            "model": model,
            "object_id": pk,
            "from_state": source,
            "to_state": target,
            "user_id": user_id,
            "transition_id": step,
        },
    )


def transition_made(sender, instance, step, **kwargs) -> None:
    # Only once it is committed: a transition rolled back never happened.
    fields = {
        "model": sender._meta.label,
        "pk": instance.pk,
        "source": step.from_state,
        "target": step.to_state,
        "user_id": step.by_id,
        "step": step.pk,
    }
    transaction.on_commit(partial(_log_transition, **fields))


def log_admin_action(entry: LogEntry) -> None:
    action = {ADDITION: "alta", CHANGE: "cambio", DELETION: "baja"}.get(entry.action_flag, str(entry.action_flag))
    model_class = entry.content_type.model_class() if entry.content_type else None
    model = model_class._meta.label if model_class else "?"
    log.info(
        "Administración: %s de %s %s («%s») por usuario=%s",
        action,
        model,
        entry.object_id,
        entry.object_repr,
        entry.user_id,
        extra={
            "event": "admin_action",
            "action": action,
            "model": model,
            "object_id": entry.object_id,
            "user_id": entry.user_id,
            "change": entry.get_change_message(),
        },
    )


def connect() -> None:
    user_login_failed.connect(login_failed, dispatch_uid="ops.login_failed")
    transitioned.connect(transition_made, dispatch_uid="ops.transition_made")
