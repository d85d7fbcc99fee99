"""The staff pages' buttons of the workflow: one view for every step, and the URLs that reach it.

Each step is a POST to `<prefix>/<pk>/<slug>/` that calls the model's transition method
(`submit`, `return_`, `authorise`) with the user and the comment, and redirects with a message;
the method checks the state and the user's right, and a refusal is the page that says why, with
its status (403, 409). «Autorizar» cannot be undone: a GET of its URL is the confirmation page,
which names what is signed and what becomes public. (A cut-off period's steps have their own
confirmation pages, `views.period_step`.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_http_methods

from .access import StaffModel
from .notifications import review_recipients
from .staff import breadcrumbs, refused
from .workflow import TransitionRefused


@dataclass(frozen=True)
class Step:
    slug: str  # the last part of the URL, as users read it
    method: str  # the model's transition method
    name: str  # the URL name's suffix
    done: str  # the message after it; "{}" is the object


REVIEW_STEPS = (
    Step("enviar", "submit", "enviar", "Se envió a revisión «{}»."),
    Step("devolver", "return_", "devolver", "Se devolvió «{}» con su comentario."),
    Step("autorizar", "authorise", "autorizar", "Se autorizó «{}»."),
)


@login_required
@require_http_methods(["GET", "POST"])
def transition(request, pk: int, *, model: StaffModel, step: Step, then: str | None = None):
    """Run one workflow step; the model's method checks the state and the user's right."""
    if request.method == "GET" and step.method != "authorise":
        return HttpResponseNotAllowed(["POST"])
    obj = get_object_or_404(model.objects.visible_to(request.user), pk=pk)
    if request.method == "GET":
        return confirm_authorise(request, obj, step)
    try:
        getattr(obj, step.method)(by=request.user, comment=request.POST.get("comment", ""))
    except TransitionRefused as refusal:
        return refused(request, refusal, obj)
    message = step.done.format(obj)
    if step.method == "submit":
        message += " " + submission_notice(obj, by=request.user)
    messages.success(request, message)
    return redirect(then or obj)


def confirm_authorise(request, obj, step: Step):
    """The confirmation page of «Autorizar»: what is signed and what becomes public."""
    try:
        obj.check_reviewer(request.user, "autorizar")
    except TransitionRefused as refusal:
        return refused(request, refusal, obj)
    signed, public = obj.authorisation_effects()
    title = f"Autorizar «{obj}»"
    context = {
        "object": obj,
        "signed": signed,
        "public": public,
        "stands_in": obj.stands_in(request.user),
        "title": title,
        "crumbs": breadcrumbs(obj, (title, None)),
    }
    return render(request, "staff/confirm_authorise.html", context)


def submission_notice(obj, *, by) -> str:
    """Who was told of a submission, as it is: never a notice that was not sent."""
    recipients, standing_in = review_recipients(obj, submitted_by_id=by.pk)
    told = len(recipients)
    if standing_in:
        return (
            "La dependencia no tiene otro supervisor que pueda autorizarlo: puede hacerlo la coordinación de "
            "evaluación, "
            + (
                f"a la que se avisó por correo ({told} persona{'s' if told != 1 else ''})."
                if told
                else "pero no se envió ningún aviso porque no tiene correo registrado."
            )
        )
    if told:
        return f"Se avisó por correo a {told} supervisor{'es' if told != 1 else ''} de la dependencia."
    return "No se envió ningún aviso: ningún otro supervisor de la dependencia tiene correo registrado."


def transition_urls(
    prefix: str,
    name: str,
    model: StaffModel,
    steps: Sequence[Step] = REVIEW_STEPS,
    *,
    then: str | None = None,
) -> list[URLPattern]:
    """The URLs of `model`'s steps: `<prefix>/<pk>/<slug>/`, named `<name>-<step name>`; POST
    only, except the confirmation page (GET) of «Autorizar».
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
