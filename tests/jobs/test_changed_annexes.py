"""The annexes of the plans changed since a moment, in a ZIP made by a job with its progress in
files: the coordinator asks for it from the panel and follows it in «Mis descargas», and
`export_annex --all --en-segundo-plano` enqueues the same job and follows it on the console."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, models, transaction
from django.urls import reverse
from django.utils import timezone

from aspects.models import Plan
from audit.models import AuditEntry
from jobs.models import Job, Status
from jobs.services import KINDS, run_job, start_job
from reports.bulk import annex_files
from reports.tables import TABLES
from reports.tasks import ANNEXES_JOB
from tests.conftest import client_for

from .conftest import wait_for

EXPORT = reverse("reports:annex-export")


def history_is_old() -> None:
    """Everything the world recorded happened three days ago. The trail refuses changes, so the
    test writes past it: past the ORM with a plain queryset, and on PostgreSQL past the trigger as
    a DBA would (docs/audit-trail.md), for this transaction only."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
        models.QuerySet(AuditEntry).update(at=timezone.now() - timedelta(days=3))


def change_the_draft(world) -> None:
    world.activity_a.description = "Descripción corregida zxcambio."
    world.activity_a.save()


def params(*, since, formats=("csv",), agency=None, cycles=(), include_drafts=True) -> dict:
    """A job's parameters; drafts included unless said, since the plan the tests change is a draft."""
    return {
        "cycles": list(cycles),
        "agency": agency,
        "changed_since": since.isoformat(),
        "formats": list(formats),
        "include_drafts": include_drafts,
    }


def zip_of(job: Job) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(job.result.read()))


def names_of(plan, writers=("csv",), include_drafts=True) -> list[str]:
    """The files of one plan's annexes, as any export names them."""
    files = annex_files(Plan.objects.filter(pk=plan.pk), list(writers), include_drafts=include_drafts)
    return sorted(name for name, _, _ in files)


def run_in_process(job: Job) -> Job:
    run_job(job.pk, KINDS[job.kind].work)
    job.refresh_from_db()
    return job


# The job. ---------------------------------------------------------------------------------------


def test_the_job_writes_only_the_plans_changed_since_its_moment(worker, world):
    moment = timezone.now()
    change_the_draft(world)
    job = wait_for(start_job(kind=ANNEXES_JOB, params=params(since=moment), by=world.coordinator))
    assert job.status == Status.DONE, job.error
    assert (job.unit, job.done, job.total) == ("archivos", len(TABLES), len(TABLES))
    archive = zip_of(job)
    assert sorted(archive.namelist()) == names_of(world.plan_a)  # the draft changed, the authorised plan did not
    draft = archive.read("especifico-A001-2017-datos.csv").decode("utf-8-sig")
    assert "zxcambio" in draft
    assert "Estado del documento" in draft.splitlines()[0] and ",BORRADOR," in draft.splitlines()[1]
    assert job.result_name == f"anexos-desde-{timezone.localdate():%Y-%m-%d}.zip"
    assert job.result_type == "application/zip"


def test_the_job_reports_each_file_done_of_the_total(world, monkeypatch):
    moment = timezone.now()
    change_the_draft(world)
    seen = []
    original = Job.advance

    def record(self, done, total=None, **kwargs):
        seen.append((done, total, kwargs.get("unit")))
        original(self, done, total, **kwargs)

    monkeypatch.setattr(Job, "advance", record)
    job = Job.objects.create(kind=ANNEXES_JOB, params=params(since=moment, formats=("html", "csv")), title="Anexos")
    assert run_in_process(job).status == Status.DONE, job.error
    total = 2 * len(TABLES)
    assert seen == [(done, total, "archivos") for done in range(total + 1)]


def test_a_scope_where_nothing_changed_fails_with_the_reason(world):
    job = Job.objects.create(
        kind=ANNEXES_JOB, params=params(since=timezone.now(), agency=world.agency_a.pk), title="Anexos"
    )
    job = run_in_process(job)
    assert job.status == Status.FAILED
    today = f"{timezone.localdate():%d/%m/%Y}"
    assert job.error == f"Ningún programa de trabajo de SSA cambió desde el {today}: no hay anexos que exportar."


def test_a_job_asked_for_by_someone_who_is_not_the_coordinator_refuses(world):
    change_the_draft(world)
    job = Job.objects.create(
        owner=world.supervisor_a, kind=ANNEXES_JOB, params=params(since=timezone.now() - timedelta(hours=1)), title="x"
    )
    job = run_in_process(job)
    assert job.status == Status.FAILED
    assert job.error == "Solo la coordinación de evaluación exporta los anexos de todas las dependencias."


def test_without_drafts_the_job_writes_only_what_is_authorised_as_the_public_reads_it(world):
    moment = timezone.now()
    change_the_draft(world)
    world.live_activity_a.description = "Descripción autorizada zxpublica."
    world.live_activity_a.save()
    job = Job.objects.create(
        kind=ANNEXES_JOB, params=params(since=moment, include_drafts=False), title="Anexos autorizados"
    )
    job = run_in_process(job)
    assert job.status == Status.DONE, job.error
    archive = zip_of(job)
    names = sorted(archive.namelist())
    # The authorised plan only, its progress annexes at its authorised round (September).
    assert names == names_of(world.live_plan_a, include_drafts=False)
    assert "avance-A001-2017-septiembre-datos.csv" in names and job.total == len(names) == len(TABLES)
    texts = [archive.read(name).decode("utf-8-sig") for name in names]
    assert any("zxpublica" in text for text in texts)
    assert not any("zxcambio" in text or "BORRADOR" in text for text in texts)


# The coordinator's form in the panel. -------------------------------------------------------------


def test_the_coordinator_asks_from_the_panel_and_follows_it_in_mis_descargas(worker, world):
    coordinator = client_for(world.coordinator)
    page = coordinator.get(EXPORT).content.decode()
    assert "Exportar anexos que cambiaron" in page and 'name="changed_since"' in page
    assert f'href="{EXPORT}"' in page  # in the menu
    today = timezone.localdate()
    response = coordinator.post(
        EXPORT,
        {
            "changed_since": today.isoformat(),
            "agency": world.agency_a.pk,
            "formats": ["csv", "html"],
            "include_drafts": "on",
        },
    )
    job = Job.objects.get(kind=ANNEXES_JOB)
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.owner == world.coordinator
    assert job.params["formats"] == ["html", "csv"]  # always in the same order
    assert job.params["agency"] == world.agency_a.pk and job.params["cycles"] == []
    assert job.params["include_drafts"] is True
    assert (
        job.title
        == f"Anexos de los programas de trabajo que cambiaron desde el {today:%d/%m/%Y} · SSA · con borradores "
        "(HTML, CSV (datos))"
    )
    assert job.title in coordinator.get(reverse("jobs:job-list")).content.decode()
    job = wait_for(job)
    assert job.status == Status.DONE, job.error
    # Both of agency A's plans were made today; agency B has none.
    assert job.total == 2 * len(TABLES) * 2 and len(zip_of(job).namelist()) == job.total
    download = coordinator.get(reverse("jobs:job-download", kwargs={"pk": job.pk}))
    assert download["Content-Disposition"] == f'attachment; filename="anexos-SSA-desde-{today:%Y-%m-%d}.zip"'


def test_the_form_says_what_is_wrong(world):
    coordinator = client_for(world.coordinator)
    tomorrow = timezone.localdate() + timedelta(days=1)
    page = coordinator.post(EXPORT, {"changed_since": tomorrow.isoformat()}).content.decode()
    assert "La fecha no puede ser posterior a hoy." in page and "Elija al menos un formato." in page
    assert not Job.objects.filter(kind=ANNEXES_JOB).exists()


@pytest.mark.parametrize("persona", ["staff_a", "supervisor_a", "staff_b"])
def test_only_the_coordinator_may_ask_for_it(world, persona):
    client = client_for(getattr(world, persona))
    assert client.get(EXPORT).status_code == 403
    today = timezone.localdate().isoformat()
    assert client.post(EXPORT, {"changed_since": today, "formats": ["csv"]}).status_code == 403
    assert f'href="{EXPORT}"' not in client.get(reverse("staff-home")).content.decode()
    assert not Job.objects.filter(kind=ANNEXES_JOB).exists()


# The command. -----------------------------------------------------------------------------------------


def test_the_command_enqueues_the_job_follows_it_and_extracts_the_files(worker, world, tmp_path):
    history_is_old()
    change_the_draft(world)
    yesterday = f"{timezone.localdate() - timedelta(days=1):%d/%m/%Y}"
    out = io.StringIO()
    call_command(
        "export_annex",
        "--all",
        "--changed-since",
        yesterday,
        "--format",
        "csv",
        "--en-segundo-plano",
        "--include-drafts",
        "--output",
        str(tmp_path / "anexos"),
        stdout=out,
    )
    job = Job.objects.get(kind=ANNEXES_JOB)
    assert job.status == Status.DONE and job.owner is None and job.unit == "archivos"
    assert f"Trabajo {job.pk} en cola: {job.title}." in out.getvalue()
    assert f"Se escribieron {len(TABLES)} archivos en {tmp_path / 'anexos'}." in out.getvalue()
    files = sorted(path.name for path in (tmp_path / "anexos").iterdir())
    assert files == names_of(world.plan_a)
    assert "zxcambio" in (tmp_path / "anexos" / "especifico-A001-2017-datos.csv").read_text(encoding="utf-8-sig")


def test_the_command_shows_the_progress_of_its_job(world, tmp_path, monkeypatch):
    """The console gets a line each time the job moves (here the «worker» is the command's
    own pause, which moves the job one file at a time)."""
    from reports.management.commands import export_annex

    change_the_draft(world)
    started = []

    def start(**kwargs):
        job = start_job(**kwargs)
        started.append(job)
        return job

    def one_more_file(seconds):
        [job] = started
        job.refresh_from_db()
        if job.status == Status.QUEUED:
            Job.objects.filter(pk=job.pk).update(status=Status.RUNNING, total=3, unit="archivos")
        elif job.done < 3:
            Job.objects.filter(pk=job.pk).update(done=job.done + 1)
        else:
            archive = io.BytesIO()
            with zipfile.ZipFile(archive, "w") as zipped:
                zipped.writestr("A001_resumen_2017_datos.csv", "x")
            job.store_result(archive, filename="anexos.zip", content_type="application/zip")
            job.status, job.finished_at = Status.DONE, timezone.now()
            job.save()

    monkeypatch.setattr(export_annex, "start_job", start)
    monkeypatch.setattr(export_annex.time, "sleep", one_more_file)
    out = io.StringIO()
    call_command("export_annex", "--all", "--background", "--format", "csv", "--output", str(tmp_path), stdout=out)
    lines = out.getvalue().splitlines()
    progress = [line for line in lines if "archivos (" in line or line.startswith("En ")]
    assert progress == [
        "En cola…",
        "0 de 3 archivos (0 %)",
        "1 de 3 archivos (33 %)",
        "2 de 3 archivos (66 %)",
        "3 de 3 archivos (100 %)",
    ]
    assert lines[-1] == f"Se escribieron 1 archivos en {tmp_path}."


def test_the_command_with_nothing_changed_enqueues_nothing(world, tmp_path):
    tomorrow = f"{timezone.localdate() + timedelta(days=1):%Y-%m-%d}"
    out = io.StringIO()
    call_command(
        "export_annex", "--all", "--changed-since", tomorrow, "--background", "--output", str(tmp_path), stdout=out
    )
    assert "Se escribieron 0 archivos" in out.getvalue()
    assert not Job.objects.filter(kind=ANNEXES_JOB).exists()


def test_the_command_says_background_goes_with_all(world, tmp_path):
    with pytest.raises(CommandError, match="--en-segundo-plano se usa con --all."):
        call_command(
            "export_annex", "--program", "A001", "--table", "resumen", "--background", "--output", str(tmp_path)
        )
