"""«Mis descargas»: each user sees their own jobs, with a progress bar, the download once done
and the reason once failed. Anyone else's job does not exist for them (404)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.models import Job, Status


def job_of(user, **kw) -> Job:
    return Job.objects.create(
        owner=user, kind="reports.annex", title=kw.pop("title", "Documento de trabajo · A001 2017 (PDF)"), **kw
    )


def done_job_of(user) -> Job:
    job = job_of(user, status=Status.DONE, done=400, total=400, finished_at=timezone.now())
    job.store_result(io.BytesIO(b"%PDF-1.7 anexo"), filename="A001_especifico_2017.pdf", content_type="application/pdf")
    job.save()
    return job


def pages_of(job: Job) -> list[str]:
    return [reverse(f"jobs:{name}", kwargs={"pk": job.pk}) for name in ("job-detail", "job-status", "job-download")]


def test_anonymous_visitors_are_sent_to_log_in(client_anonymous, world):
    job = done_job_of(world.staff_a)
    for url in [reverse("jobs:job-list"), *pages_of(job)]:
        response = client_anonymous.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["supervisor_a", "staff_b", "coordinator"])
def test_another_users_job_does_not_exist_for_them(request, world, persona):
    job = done_job_of(world.staff_a)
    client = request.getfixturevalue(f"client_{persona}")
    for url in pages_of(job):
        assert client.get(url).status_code == 404, url
    assert job.title not in client.get(reverse("jobs:job-list")).content.decode()


def test_ana_sees_her_recent_jobs_newest_first(client_staff_a, world):
    job_of(world.staff_a, title="Resumen (XLSX)")
    job_of(world.staff_a, title="Documento institucional (PDF)", status=Status.RUNNING, done=150, total=600)
    page = client_staff_a.get(reverse("jobs:job-list")).content.decode()
    assert page.index("Documento institucional (PDF)") < page.index("Resumen (XLSX)")
    assert "25 %" in page and "En proceso" in page


def test_a_running_job_shows_its_progress_bar_fed_by_a_script_file(client_staff_a, world):
    job = job_of(world.staff_a, status=Status.RUNNING, done=120, total=480)
    page = client_staff_a.get(job.get_absolute_url()).content.decode()
    assert 'class="progress' in page and 'aria-valuenow="25"' in page and "120 de 480 filas" in page
    assert 'src="/static/js/job-progress.js"' in page
    assert reverse("jobs:job-status", kwargs={"pk": job.pk}) in page
    assert "<script>" not in page  # no inline script: the polling lives in static/js
    state = client_staff_a.get(reverse("jobs:job-status", kwargs={"pk": job.pk})).json()
    assert state == {
        "status": "en_proceso",
        "status_label": "En proceso",
        "done": 120,
        "total": 480,
        "unit": "filas",
        "percent": 25,
        "finished": False,
        "error": "",
        "download_url": None,
    }


def test_a_failed_job_shows_its_reason(client_staff_a, world):
    job = job_of(
        world.staff_a, status=Status.FAILED, error="El programa de trabajo ya no existe.", finished_at=timezone.now()
    )
    page = client_staff_a.get(job.get_absolute_url()).content.decode()
    assert "Fallido" in page and "El programa de trabajo ya no existe." in page
    assert client_staff_a.get(reverse("jobs:job-download", kwargs={"pk": job.pk})).status_code == 404
    assert (
        client_staff_a.get(reverse("jobs:job-status", kwargs={"pk": job.pk})).json()["error"]
        == "El programa de trabajo ya no existe."
    )


def test_a_finished_job_links_its_file_which_only_its_owner_downloads(client_staff_a, world):
    job = done_job_of(world.staff_a)
    page = client_staff_a.get(job.get_absolute_url()).content.decode()
    download = reverse("jobs:job-download", kwargs={"pk": job.pk})
    assert download in page and "Disponible hasta el" in page
    response = client_staff_a.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 anexo"
    assert response["Content-Disposition"] == 'attachment; filename="A001_especifico_2017.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Security-Policy"] == "sandbox"


def test_a_job_not_finished_has_nothing_to_download(client_staff_a, world):
    job = job_of(world.staff_a)
    assert client_staff_a.get(reverse("jobs:job-download", kwargs={"pk": job.pk})).status_code == 404
    assert client_staff_a.get(reverse("jobs:job-status", kwargs={"pk": job.pk})).json()["status_label"] == "En cola"


def test_the_pages_only_answer_get(client_staff_a, world):
    job = done_job_of(world.staff_a)
    for url in [reverse("jobs:job-list"), *pages_of(job)]:
        assert client_staff_a.post(url).status_code == 405


def test_the_menu_leads_to_mis_descargas(client_staff_a):
    assert (
        f'href="{reverse("jobs:job-list")}">Mis descargas' in client_staff_a.get(reverse("staff-home")).content.decode()
    )


def test_a_job_says_until_when_its_file_is_kept(world, settings):
    settings.JOB_RESULT_HOURS = 24
    finished = timezone.now()
    job = job_of(world.staff_a, status=Status.DONE, finished_at=finished)
    assert job.expires_at == finished + timedelta(hours=24)
