from __future__ import annotations

import logging
import unicodedata
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from aspects.models import ProgressReport
from programs.access import captures_in
from programs.crumbs import program_crumbs
from programs.models import Evaluation
from programs.staff import StaffDeleteView, StaffDetailView, StaffUpdateView, breadcrumbs, edit_refusal, get_for_edit

from .forms import EvidenceForm, EvidenceUpdateForm, evidence_formset
from .models import Evidence
from .services import served_content, served_sha256, store

logger = logging.getLogger(__name__)


def content_disposition(name: str) -> str:
    """`attachment` with an ASCII fallback and the exact name as RFC 6266's `filename*`."""
    fallback = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    fallback = "".join(c if c.isalnum() or c in " ._-()" else "_" for c in fallback).strip() or "evidencia"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def file_response(evidence: Evidence, *, cache: str) -> HttpResponse | FileResponse:
    """The evidence file as a download the browser will neither render nor sniff; a CSV with its
    formula cells made text (`services.served_content`), for staff and public alike."""
    if not evidence.file:
        raise Http404("Esta evidencia es una liga, no un archivo.")
    response: HttpResponse | FileResponse
    try:
        served = served_content(evidence)
        if served is None:
            response = FileResponse(evidence.file.open("rb"), content_type=evidence.content_type)
        else:
            response = HttpResponse(served, content_type=evidence.content_type)
    except (FileNotFoundError, OSError):
        logger.error(
            "Falta el archivo de la evidencia %s (%s); ejecute verify_evidence.", evidence.pk, evidence.file.name
        )
        raise Http404("El archivo de esta evidencia no se encuentra en el almacenamiento.") from None
    response["Content-Disposition"] = content_disposition(evidence.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = cache
    return response


# Staff pages.


def upload(request, owner, *, for_evaluation: bool):
    formset = evidence_formset(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        request=request,
        for_evaluation=for_evaluation,
    )
    if request.method == "POST":
        if formset.is_valid():
            saved = formset.save(by=request.user, **{"evaluation" if for_evaluation else "report": owner})
            messages.success(
                request, f"Se guardaron {len(saved)} documento(s): " + ", ".join(f"«{e}»" for e in saved) + "."
            )
            for evidence in saved:
                if evidence.duplicate_of_id:
                    messages.warning(request, duplicate_warning(evidence))
            return HttpResponseRedirect(
                owner.get_absolute_url() if for_evaluation else owner.activity.get_absolute_url()
            )
        messages.error(
            request, "No se guardó ningún documento: corrija lo señalado y vuelva a seleccionar los archivos."
        )
    title = "Agregar documentos de la evaluación" if for_evaluation else "Agregar evidencia"
    context = {
        "title": title,
        "formset": formset,
        "owner": owner,
        "crumbs": breadcrumbs(owner if for_evaluation else owner.activity, (title, None)),
        "cancel_url": owner.get_absolute_url() if for_evaluation else owner.activity.get_absolute_url(),
    }
    return render(request, "evidence/upload.html", context)


def duplicate_warning(evidence: Evidence) -> str:
    original = evidence.duplicate_of
    assert original is not None, "a warning for duplicates only"
    return (
        f"«{evidence}» tiene el mismo contenido que «{original}» (subido el {original.uploaded_at:%d/%m/%Y}); "
        "se guardó marcado como duplicado. Elimínelo si fue un error."
    )


@login_required
def report_upload(request, report_pk: int):
    report = get_for_edit(request.user, report_pk, ProgressReport.objects.editable_by(request.user))
    return upload(request, report, for_evaluation=False)


@login_required
def evaluation_upload(request, evaluation_pk: int):
    evaluation = get_for_edit(request.user, evaluation_pk, Evaluation.objects.editable_by(request.user))
    return upload(request, evaluation, for_evaluation=True)


@login_required
def replace(request, pk: int):
    """A new version of authorised evidence; the supervisor authorises it on its own."""
    old = get_object_or_404(Evidence.objects.visible_to(request.user), pk=pk)
    if not captures_in(request.user, old.agency_id):
        raise PermissionDenied(edit_refusal(request.user, old))
    refusal = old.replace_refusal()
    if refusal:
        raise PermissionDenied(refusal)
    form = EvidenceForm(
        request.POST or None,
        request.FILES or None,
        initial={"description": old.description, "publishable": old.publishable},
    )
    problems = request.upload_name_problems
    if request.method == "POST":
        if problems:
            form.add_error(None, problems)
        if form.is_valid() and not form.is_filled:
            form.add_error(None, "Suba el archivo o indique la liga de la nueva versión.")
        if form.is_valid():
            owner = {"report": old.report, "evaluation": old.evaluation, "document": old.document}
            new = form.build(replaces=old, current=False, **owner)
            store([(new, form.cleaned_data.get("file"))], by=request.user)
            messages.success(
                request, f"Se subió la nueva versión «{new}». Envíela a revisión para que un supervisor la autorice."
            )
            if new.duplicate_of_id:
                messages.warning(request, duplicate_warning(new))
            return HttpResponseRedirect(new.get_absolute_url())
        messages.error(request, "No se guardó la nueva versión: corrija lo señalado.")
    title = f"Reemplazar «{old}»"
    context = {
        "title": title,
        "form": form,
        "object": old,
        "crumbs": breadcrumbs(old, ("Reemplazar", None)),
        "cancel_url": old.get_absolute_url(),
    }
    return render(request, "evidence/replace.html", context)


class EvidenceDetail(StaffDetailView):
    model = Evidence

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("report__activity__aspect__plan__program", "report__period", "evaluation__program")
        )

    def get_context_data(self, **kwargs):
        evidence = self.object
        return super().get_context_data(
            versions=evidence.versions(),
            can_replace=captures_in(self.request.user, evidence.agency_id) and evidence.replace_refusal() is None,
            **kwargs,
        )


class EvidenceUpdate(StaffUpdateView):
    model = Evidence
    form_class = EvidenceUpdateForm


class EvidenceDelete(StaffDeleteView):
    model = Evidence


@require_GET
def download(request, pk: int):
    """Staff download: any version the user's agency may see, private ones included. No login
    redirect: to anyone else, a private file simply does not exist (404)."""
    evidence = get_object_or_404(Evidence.objects.visible_to(request.user), pk=pk)
    return file_response(evidence, cache="private, no-store")


# Public pages: everything starts from Evidence.objects.public().


@require_GET
def public_detail(request, pk: int):
    evidence = get_object_or_404(
        Evidence.objects.public().select_related(
            "report__activity__aspect__plan__program__agency",
            "report__period",
            "evaluation__program__agency",
            "evaluation__type",
        ),
        pk=pk,
    )
    download_sha256 = served_sha256(evidence) if evidence.file else ""
    return render(
        request,
        "evidence/public_detail.html",
        {"object": evidence, "download_sha256": download_sha256, "crumbs": public_trail(evidence)},
    )


def public_trail(evidence: Evidence) -> list[tuple[str, str | None]]:
    """Back to what the evidence proves: its activity, ASM and program (or its evaluation)."""
    here = (str(evidence), None)
    report, evaluation = evidence.report, evidence.evaluation
    if report is None:
        assert evaluation is not None  # evidence hangs on a report or on an evaluation
        program = evaluation.program
        return program_crumbs(
            program,
            (evaluation.title, reverse("public:evaluation", kwargs={"key": program.key, "pk": evaluation.pk})),
            here,
        )
    activity = report.activity
    program = activity.aspect.plan.program
    return program_crumbs(
        program,
        (
            f"ASM {activity.aspect.number}",
            reverse("public:aspect", kwargs={"key": program.key, "pk": activity.aspect_id}),
        ),
        (f"Actividad {activity.number}", reverse("public:activity", kwargs={"key": program.key, "pk": activity.pk})),
        here,
    )


@require_GET
def public_download(request, pk: int):
    evidence = get_object_or_404(Evidence.objects.public(), pk=pk)
    return file_response(evidence, cache="public, max-age=3600")
