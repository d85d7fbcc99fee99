"""The staff pages' buttons of the workflow: one view for every step, and the URLs that reach it.

Each step is a POST to `<prefix>/<pk>/<slug>/` that calls the model's transition method
(`submit`, `return_`, `authorise`, or a cut-off period's `open` and `close`) with the user and
the comment, and redirects with a message; the method checks the state and the user's right,
and a refusal is the page that says why, with its status (403, 409).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from .access import StaffModel
from .staff import refused
from .workflow import TransitionRefused


@dataclass(frozen=True)
class Step:
    slug: str  # the last part of the URL, as users read it
    method: str  # the model's transition method
    name: str  # the URL name's suffix
    done: str  # the message after it; "{}" is the object


REVIEW_STEPS = (
    Step("enviar", "submit", "enviar", "Se envió a revisión «{}». Se avisó a los supervisores de la dependencia."),
    Step("devolver", "return_", "devolver", "Se devolvió «{}» con su comentario."),
    Step("autorizar", "authorise", "autorizar", "Se autorizó «{}»."),
)
PERIOD_STEPS = (
    Step("abrir", "open", "open", "El periodo «{}» quedó abierto."),
    Step("cerrar", "close", "close", "El periodo «{}» quedó cerrado."),
)


@login_required
@require_POST
def transition(request, pk: int, *, model: StaffModel, step: Step, then: str | None = None):
    """Run one workflow step; the model's method checks the state and the user's right."""
    obj = get_object_or_404(model.objects.visible_to(request.user), pk=pk)
    try:
        getattr(obj, step.method)(by=request.user, comment=request.POST.get("comment", ""))
    except TransitionRefused as refusal:
        return refused(request, refusal, obj)
    messages.success(request, step.done.format(obj))
    return redirect(then or obj)


def transition_urls(
    prefix: str,
    name: str,
    model: StaffModel,
    steps: Sequence[Step] = REVIEW_STEPS,
    *,
    then: str | None = None,
) -> list[URLPattern]:
    """The URLs of `model`'s steps, POST only: `<prefix>/<pk>/<slug>/`, named `<name>-<step name>`.
    An object the user may not see (`visible_to`) is a 404; `then` is the URL name to go to
    afterwards (the object's own page by default)."""
    return [
        path(
            f"{prefix}/<int:pk>/{step.slug}/",
            transition,
            {"model": model, "step": step, "then": then},
            name=f"{name}-{step.name}",
        )
        for step in steps
    ]
