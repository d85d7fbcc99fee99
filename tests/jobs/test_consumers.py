"""The first consumers of the job system, run by a real worker: large staff annexes, the
open-data ZIP after each authorisation, the public annexes of a large plan and the reminders."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from jobs.models import Job, Status
from public.models import PublishedFile
from public.published import OPEN_DATA_KEY
from reports.tables import TABLES
from reports.writers import COMBINED_WRITERS
from tests import factories as make

from .conftest import eventually, wait_for

ZIP_URL = "/datos/asm-tracker-datos-abiertos.zip"


@pytest.fixture
def large(world, settings):
    """Plans count as large from two activities on: `plan_a` (a draft) gets a second one."""
    settings.ANNEX_JOB_MIN_ACTIVITIES = 1
    make.activity(world.aspect_a, units=[world.unit_a], number=2, description="Publicar el padrón.")
    return world


def annex_url(plan, table: str, fmt: str, **query) -> str:
    url = reverse("reports:annex-download", kwargs={"pk": plan.pk, "table": table, "fmt": fmt})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_a_large_plans_pdf_is_made_by_a_job_and_lands_in_mis_descargas(worker, large, client_staff_a):
    response = client_staff_a.get(annex_url(large.plan_a, "especifico", "pdf"))
    job = Job.objects.get(kind="reports.annex")
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.owner == large.staff_a
    assert job.title == f"{TABLES['especifico'].title} · A001 {large.plan_a.cycle.year} (PDF)"
    job = wait_for(job)
    assert job.status == Status.DONE, job.error
    assert (job.done, job.total) == (2, 2)
    download = client_staff_a.get(reverse("jobs:job-download", kwargs={"pk": job.pk}))
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert download["Content-Disposition"].endswith('.pdf"')


def test_a_large_plans_datos_xlsx_job_counts_rows(worker, large, client_staff_a):
    client_staff_a.get(annex_url(large.plan_a, "especifico", "xlsx", presentacion="datos"))
    job = wait_for(Job.objects.get(kind="reports.annex"))
    assert job.status == Status.DONE and job.title.endswith("(XLSX (datos))")
    assert job.result_name.endswith("-datos.xlsx")
    assert job.result.read(2) == b"PK"


def test_a_second_click_joins_the_job_still_waiting(large, client_staff_a):
    first = client_staff_a.get(annex_url(large.plan_a, "especifico", "pdf"))
    second = client_staff_a.get(annex_url(large.plan_a, "especifico", "pdf"))
    assert first["Location"] == second["Location"]
    assert Job.objects.filter(kind="reports.annex").count() == 1


def test_small_plans_and_csv_are_still_rendered_in_the_request(world, client_staff_a, settings):
    settings.ANNEX_JOB_MIN_ACTIVITIES = 300
    response = client_staff_a.get(annex_url(world.plan_a, "especifico", "pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    settings.ANNEX_JOB_MIN_ACTIVITIES = 0
    assert client_staff_a.get(annex_url(world.plan_a, "avance", "csv")).status_code == 200
    assert not Job.objects.filter(kind="reports.annex").exists()


def test_a_job_for_a_plan_deleted_meanwhile_says_so(worker, large, client_staff_a):
    from jobs.services import start_job

    job = wait_for(
        start_job(
            kind="reports.annex",
            params={"plan": 999999, "table": "especifico", "fmt": "pdf", "layout": "anexo", "period": None},
            by=large.staff_a,
        )
    )
    assert job.status == Status.FAILED
    assert job.error == "El programa de trabajo ya no existe o usted ya no tiene acceso a él."
    page = client_staff_a.get(job.get_absolute_url()).content.decode()
    assert job.error in page


# The open-data ZIP. --------------------------------------------------------------------------


def test_until_the_zip_is_built_the_public_is_told_to_come_back_and_a_build_starts(client_anonymous, db):
    response = client_anonymous.get(ZIP_URL)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "El archivo se está preparando" in response.content.decode()
    assert Job.objects.get().kind == "public.open_data"


def test_many_anonymous_requests_start_at_most_one_build_a_minute(client_anonymous, db):
    for _ in range(5):
        assert client_anonymous.get(ZIP_URL).status_code == 503
    job = Job.objects.get()
    Job.objects.filter(pk=job.pk).update(status=Status.FAILED, finished_at=timezone.now(), error="Falló.")
    assert client_anonymous.get(ZIP_URL).status_code == 503
    assert Job.objects.count() == 1  # it failed a moment ago: no new build yet
    Job.objects.filter(pk=job.pk).update(finished_at=timezone.now() - timedelta(minutes=2))
    client_anonymous.get(ZIP_URL)
    assert Job.objects.count() == 2


@pytest.fixture
def rebuild_at_once(settings):
    """Rebuilds start as soon as an authorisation commits (asked for before `world`, whose
    own authorisations would otherwise queue one that waits a minute)."""
    settings.OPEN_DATA_REBUILD_DELAY = 0


def zip_settled() -> None:
    """Every rebuild asked for so far has run."""
    eventually(
        lambda: not Job.objects.filter(kind="public.open_data", status__in=[Status.QUEUED, Status.RUNNING]).exists()
    )


def test_an_authorisation_rebuilds_the_zip_which_is_served_with_etag_and_304(
    worker, rebuild_at_once, world, client_anonymous
):
    plan = make.plan(world.program_a)
    make.activity(make.aspect(plan, text="Crear el padrón único zxnuevo."), units=[world.unit_a])
    make.authorised(plan, world.staff_a, world.supervisor_a)
    zip_settled()

    response = client_anonymous.get(ZIP_URL)
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert "zxnuevo" in archive.read("asm.csv").decode("utf-8-sig")
    etag, modified = response["ETag"], response["Last-Modified"]
    stored = PublishedFile.objects.get(key=OPEN_DATA_KEY)
    assert etag == f'"{stored.sha256}"' and modified == http_date(stored.built_at.timestamp())

    assert client_anonymous.get(ZIP_URL, headers={"if-none-match": etag}).status_code == 304
    assert client_anonymous.get(ZIP_URL, headers={"if-modified-since": modified}).status_code == 304
    unchanged = client_anonymous.get(ZIP_URL, headers={"if-none-match": etag})
    assert unchanged["ETag"] == etag

    # A later authorisation changes the content, so the ETag; the client that had the old one
    # gets the new file.
    another = make.plan(world.program_a)
    make.activity(make.aspect(another, text="Otro ASM zxsegundo."), units=[world.unit_a])
    make.authorised(another, world.staff_a, world.supervisor_a)
    zip_settled()
    fresh = client_anonymous.get(ZIP_URL, headers={"if-none-match": etag})
    assert fresh.status_code == 200 and fresh["ETag"] != etag
    archive = zipfile.ZipFile(io.BytesIO(b"".join(fresh.streaming_content)))
    assert "zxsegundo" in archive.read("asm.csv").decode("utf-8-sig")
    assert not stored.file.storage.exists(stored.file.name)  # the old file is gone


def test_authorisations_in_a_row_queue_one_rebuild(world, settings, django_capture_on_commit_callbacks):
    settings.OPEN_DATA_REBUILD_DELAY = 60
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            plan = make.plan(world.program_a)
            make.activity(make.aspect(plan), units=[world.unit_a])
            make.authorised(plan, world.staff_a, world.supervisor_a)
    assert Job.objects.filter(kind="public.open_data", status=Status.QUEUED).count() == 1


def test_returning_or_submitting_rebuilds_nothing(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        world.plan_a.submit(by=world.staff_a)
        world.plan_a.return_(by=world.supervisor_a, comment="Precise las fechas.")
    assert not Job.objects.exists()


def test_the_command_builds_the_zip_now(db):
    out = io.StringIO()
    call_command("build_open_data", stdout=out)
    assert "Se generó el archivo de datos abiertos." in out.getvalue()
    assert PublishedFile.objects.get(key=OPEN_DATA_KEY).filename == "asm-tracker-datos-abiertos.zip"


# Public annexes of a large plan. ---------------------------------------------------------------


def public_annex_url(world, table: str, fmt: str) -> str:
    return reverse(
        "public:annex-download",
        kwargs={"key": world.program_a.key, "plan_pk": world.live_plan_a.pk, "table": table, "fmt": fmt},
    )


def test_a_large_plans_public_annex_is_never_rendered_in_the_request(world, client_anonymous, settings):
    settings.ANNEX_JOB_MIN_ACTIVITIES = 0
    response = client_anonymous.get(public_annex_url(world, "especifico", "pdf"))
    assert response.status_code == 503 and response["Retry-After"] == "60"
    job = Job.objects.get()
    assert (job.kind, job.params, job.owner) == ("public.annexes", {"plan": world.live_plan_a.pk}, None)


def test_authorising_a_large_plans_round_builds_its_public_annexes(
    worker, rebuild_at_once, world, client_anonymous, settings
):
    settings.ANNEX_JOB_MIN_ACTIVITIES = 0
    make.report(world.live_activity_a, world.march, percent=80)
    make.authorised(world.live_plan_a.rounds.get(period=world.march), world.staff_a, world.supervisor_a)
    job = wait_for(Job.objects.get(kind="public.annexes"), timeout=60)  # some thirty files, a loaded machine
    assert job.status == Status.DONE, job.error
    # PDF, XLSX and DOCX of 5 tables, and of 2 progress tables × 2 periods; and the combined document
    # in each of its formats.
    assert job.unit == "archivos" and job.total == job.done == 3 * (5 + 2 * 2) + len(COMBINED_WRITERS)
    response = client_anonymous.get(public_annex_url(world, "especifico", "pdf"))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    progress = client_anonymous.get(public_annex_url(world, "avance", "xlsx"))  # the latest authorised period
    assert progress.status_code == 200 and progress["Content-Disposition"].endswith('marzo.xlsx"')
    word = client_anonymous.get(public_annex_url(world, "avance", "docx"))
    assert word.status_code == 200 and word["Content-Disposition"].endswith('marzo.docx"')
    assert (
        client_anonymous.get(
            public_annex_url(world, "especifico", "pdf"), headers={"if-none-match": response["ETag"]}
        ).status_code
        == 304
    )
    combined = client_anonymous.get(
        reverse(
            "public:combined-download",
            kwargs={"key": world.program_a.key, "plan_pk": world.live_plan_a.pk, "fmt": "pdf"},
        )
    )
    assert combined.status_code == 200 and combined["ETag"]  # served from the stored file
    assert b"".join(combined.streaming_content).startswith(b"%PDF")


# Reminders. ---------------------------------------------------------------------------------------


def test_the_reminders_command_queues_a_job_that_the_worker_sends(worker, world):
    world.unit_a.email = "planeacion@ejemplo.gob.mx"
    world.unit_a.save()
    out = io.StringIO()
    call_command("send_reminders", "--today", "2017-12-20", stdout=out)
    assert "Recordatorios en cola" in out.getvalue()
    job = wait_for(Job.objects.get(kind="aspects.reminders"))
    assert job.status == Status.DONE and job.owner is None
    assert job.params == {"today": "2017-12-20", "days": 30}
    assert (job.unit, job.done, job.total) == ("correos", 1, 1)
    [reminder] = [m for m in mail.outbox if m.subject.startswith("Recordatorio")]
    assert reminder.to == ["planeacion@ejemplo.gob.mx"]
    assert date(2017, 12, 20).strftime("%d/%m/%Y") in reminder.body
