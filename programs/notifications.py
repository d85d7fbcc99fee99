"""Emails in Spanish about the workflow, through Django's email framework.

Supervisors hear when something of their agency is submitted (the coordination, when the agency
has no other supervisor who could review it); whoever submitted it hears when it is returned or
authorised. The capturistas of the agencies that report in a cycle hear when one of its periods
opens or reopens. Each email links to the page to act on. This module listens to the
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

from .models import CutOffPeriod
from .roles import Role
from .workflow import PeriodStatus, State, Transition

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def on_transition(sender, instance, step: Transition, **kwargs) -> None:
    """Receiver of `transitioned`: the emails go once the transition is committed, never for one
    that was rolled back."""
    transaction.on_commit(lambda: transition_made(instance, step))


def _reachable(users):
    return users.filter(is_active=True).exclude(email="")


def reviewers_of(obj, *, exclude_id: int | None):
    """Who may review `obj` once submitted by `exclude_id`: the agency's other supervisors."""
    return _reachable(
        get_user_model().objects.filter(
            membership__agency_id=obj.workflow_agency_id(), membership__role=Role.SUPERVISOR
        )
    ).exclude(pk=exclude_id)


def coordinators():
    return _reachable(get_user_model().objects.filter(membership__role=Role.COORDINATOR))


def review_recipients(obj, *, submitted_by_id: int | None) -> tuple[list, bool]:
    """Who hears that `obj` was submitted, and whether they are the coordination standing in
    for an agency without another supervisor (`Reviewable.lacks_reviewer()`)."""
    if obj.lacks_reviewer():
        return list(coordinators()), True
    return list(reviewers_of(obj, exclude_id=submitted_by_id)), False


def period_recipients(period: CutOffPeriod):
    """The capturistas of the agencies with an authorised plan in the period's cycle: who reports."""
    return _reachable(
        get_user_model().objects.filter(
            membership__role=Role.CAPTURIST,
            membership__agency__programs__plans__cycle_id=period.cycle_id,
            membership__agency__programs__plans__state=State.AUTHORISED,
        )
    ).distinct()


def period_moved(period: CutOffPeriod, step: Transition) -> None:
    if step.to_state != PeriodStatus.OPEN:
        return
    reopened = step.from_state == PeriodStatus.CLOSED
    link = absolute_url("/panel/")
    if reopened:
        subject = f"Se reabrió el periodo de corte «{period}»"
        body = (
            f"{step.by_name} reabrió el periodo de corte «{period}» con este motivo:\n\n{step.comment}\n\n"
            "Registre los avances que falten; lo ya autorizado no cambia.\n"
            f"{link}\n"
        )
    else:
        subject = f"Se abrió el periodo de corte «{period}»"
        body = (
            f"{step.by_name} abrió el periodo de corte «{period}», del {period.start:%d/%m/%Y} al "
            f"{period.end:%d/%m/%Y}.\n\nRegistre el avance de sus actividades:\n{link}\n"
        )
    _send([(subject, body, None, [user.email]) for user in period_recipients(period)], period, step)


def transition_made(obj, step: Transition) -> None:
    if isinstance(obj, CutOffPeriod):
        period_moved(obj, step)
        return
    kind = obj._meta.verbose_name
    link = absolute_url(obj.get_absolute_url())
    recipients: Iterable[AbstractUser]
    if step.to_state == State.IN_REVIEW:
        assert step.by_id is not None, "a step is taken by a user"
        recipients, standing_in = review_recipients(obj, submitted_by_id=step.by_id)
        subject = f"Para revisión: {kind} «{obj}»"
        body = f"{step.by_name} envió a revisión {kind} «{obj}».\n\n"
        if standing_in:
            body += (
                "La dependencia no tiene otro supervisor que pueda autorizarlo, por lo que la coordinación "
                "de evaluación puede devolverlo o autorizarlo:\n"
            )
        else:
            body += "Revíselo para devolverlo o autorizarlo:\n"
        body += f"{link}\n"
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
    _send([(subject, body, None, [user.email]) for user in recipients], obj, step)


def _send(messages: list, obj, step: Transition) -> None:
    if not messages:
        return
    try:
        send_mass_mail(messages, fail_silently=False)
    except Exception:
        # The transition is already committed; a mail server that is down must not turn it
        # into an error page. The failure goes to the log for the administrator.
        logger.exception("No se pudo enviar el aviso de «%s» (%s).", obj, step)
