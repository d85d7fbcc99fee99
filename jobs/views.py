"""«Mis descargas»: a user's recent jobs, each with its progress, its file once done or the
reason it failed. Only the owner sees a job; anyone else's answers 404."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .models import Job, Status

RECENT = 50


def own_job(request: HttpRequest, pk: int) -> Job:
    return get_object_or_404(Job.objects.owned_by(request.user), pk=pk)


def state_of(job: Job) -> dict:
    """What the progress bar shows; the page renders it once, the script polls it."""
    return {
        "status": job.status,
        "status_label": job.get_status_display(),
        "done": job.done,
        "total": job.total,
        "unit": job.unit,
        "percent": job.percent,
        "finished": job.is_finished,
        "error": job.error,
        "download_url": reverse("jobs:job-download", kwargs={"pk": job.pk})
        if job.status == Status.DONE and job.result
        else None,
    }


@login_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = Job.objects.owned_by(request.user)[:RECENT]
    context = {"jobs": jobs, "hours": settings.JOB_RESULT_HOURS, "crumbs": [("Mis descargas", None)]}
    return render(request, "jobs/job_list.html", context)


@login_required
@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = own_job(request, pk)
    crumbs = [("Mis descargas", reverse("jobs:job-list")), (job.title, None)]
    return render(request, "jobs/job_detail.html", {"job": job, "state": state_of(job), "crumbs": crumbs})


@never_cache
@login_required
@require_GET
def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    return JsonResponse(state_of(own_job(request, pk)))


@login_required
@require_GET
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    job = own_job(request, pk)
    if job.status != Status.DONE or not job.result:
        raise Http404("Este trabajo no tiene un archivo para descargar.")
    try:
        handle = job.result.storage.open(job.result.name, "rb")
    except FileNotFoundError:
        raise Http404("El archivo ya no está disponible.") from None
    response = FileResponse(
        handle, as_attachment=True, filename=job.result_name, content_type=job.result_type or "application/octet-stream"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
