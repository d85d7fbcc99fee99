"""«Mis descargas»: a user's recent jobs, each with its progress, its file once done or the
reason it failed. Only the owner sees a job; anyone else's answers 404.

A shared job (a public file built once for whoever asks, `Job.objects.shared()`) has the same
page, progress and download without login, at `/descargas/<token>/`: the token is its only key.
"""

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


def shared_job(token: str) -> Job:
    return get_object_or_404(Job.objects.shared(), share_token=token)


def download_url(job: Job, *, shared: bool = False) -> str | None:
    if job.status != Status.DONE or not job.result:
        return None
    if shared:
        return reverse("jobs-public:download", kwargs={"token": job.share_token})
    return reverse("jobs:job-download", kwargs={"pk": job.pk})


def state_of(job: Job, *, shared: bool = False) -> dict:
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
        "download_url": download_url(job, shared=shared),
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
    context = {
        "job": job,
        "state": state_of(job),
        "status_url": reverse("jobs:job-status", kwargs={"pk": job.pk}),
        "crumbs": crumbs,
    }
    return render(request, "jobs/job_detail.html", context)


@never_cache
@login_required
@require_GET
def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    return JsonResponse(state_of(own_job(request, pk)))


@login_required
@require_GET
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    return result_response(own_job(request, pk), cache_control="private, no-store")


def result_response(job: Job, *, cache_control: str) -> FileResponse:
    """The job's file as an attachment; 404 when it has none (not finished, failed, purged)."""
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
    response["Cache-Control"] = cache_control
    return response


# Shared jobs: no login, the token is the key. --------------------------------------------------

# A shared job's file is public data built for everyone who asks; it never changes once built.
SHARED_CACHE_CONTROL = "public, max-age=300"


@require_GET
def shared_job_detail(request: HttpRequest, token: str) -> HttpResponse:
    job = shared_job(token)
    context = {
        "job": job,
        "state": state_of(job, shared=True),
        "status_url": reverse("jobs-public:status", kwargs={"token": token}),
        "shared": True,
        "hours": settings.JOB_RESULT_HOURS,
        "crumbs": [("Inicio", reverse("public:home")), ("Descarga", None)],
    }
    return render(request, "jobs/shared_job_detail.html", context)


@never_cache
@require_GET
def shared_job_status(request: HttpRequest, token: str) -> JsonResponse:
    return JsonResponse(state_of(shared_job(token), shared=True))


@require_GET
def shared_job_download(request: HttpRequest, token: str) -> FileResponse:
    return result_response(shared_job(token), cache_control=SHARED_CACHE_CONTROL)
