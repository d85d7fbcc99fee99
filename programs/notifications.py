"""Emails in Spanish about the workflow, through Django's email framework.

Supervisors hear when something of their agency is submitted; whoever submitted it hears when
it is returned or authorised. Each email links to the object. This module listens to the
workflow (`workflow.transitioned`, connected in `apps.py`); the workflow does not import it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import transaction

from .roles import Role
from .workflow import State, Transition

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def on_transition(sender, instance, step: Transition, **kwargs) -> None:
    """Receiver of `transitioned`: the emails go once the transition is committed, never for one
    that was rolled back."""
    transaction.on_commit(lambda: transition_made(instance, step))


def transition_made(obj, step: Transition) -> None:
    kind = obj._meta.verbose_name
    link = absolute_url(obj.get_absolute_url())
    recipients: Iterable[AbstractUser]
    if step.to_state == State.IN_REVIEW:
        assert step.by_id is not None, "a step is taken by a user"
        recipients = (
            get_user_model()
            .objects.filter(
                membership__agency_id=obj.workflow_agency_id(), membership__role=Role.SUPERVISOR, is_active=True
            )
            .exclude(pk=step.by_id)
            .exclude(email="")
        )
        subject = f"Para revisión: {kind} «{obj}»"
        body = f"{step.by_name} envió a revisión {kind} «{obj}».\n\nRevíselo para devolverlo o autorizarlo:\n{link}\n"
    elif step.to_state in (State.RETURNED, State.AUTHORISED):
        preparer = obj.prepared_by
        recipients = [preparer] if preparer and preparer.is_active and preparer.email else []
        if step.to_state == State.RETURNED:
            subject = f"Devuelto: {kind} «{obj}»"
            body = (
                f"{step.by_name} devolvió {kind} «{obj}» con este comentario:\n\n{step.comment}\n\n"
                f"Corríjalo y envíelo de nuevo:\n{link}\n"
            )
        else:
            subject = f"Autorizado: {kind} «{obj}»"
            body = f"{step.by_name} autorizó {kind} «{obj}».\n\n{link}\n"
    else:
        return
    messages = [(subject, body, None, [user.email]) for user in recipients]
    if not messages:
        return
    try:
        send_mass_mail(messages, fail_silently=False)
    except Exception:
        # The transition is already committed; a mail server that is down must not turn it
        # into an error page. The failure goes to the log for the administrator.
        logger.exception("No se pudo enviar el aviso de «%s» (%s).", obj, step)
