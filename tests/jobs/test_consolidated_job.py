"""The consolidated annex as a job: asked for from the panel («Anexo consolidado»), followed in
«Mis descargas»; the coordinator for any agency or cycle, an agency's staff for their own."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jobs.models import Job, Status
from jobs.services import KINDS, run_job
from reports.tasks import CONSOLIDATED_JOB, NOT_YOUR_AGENCY
from tests.conftest import client_for

from .conftest import wait_for

PAGE = reverse("reports:consolidated-export")


def run_in_process(job: Job) -> Job:
    run_job(job.pk, KINDS[job.kind].work)
    job.refresh_from_db()
    return job


def job_for(owner, **params) -> Job:
    return Job.objects.create(
        owner=owner, kind=CONSOLIDATED_JOB, params={"cycles": [], "agency": None, "fmt": "xlsx", **params}, title="x"
    )


def test_the_coordinator_asks_from_the_panel_and_downloads_it_from_mis_descargas(worker, world):
    coordinator = client_for(world.coordinator)
    page = coordinator.get(PAGE).content.decode()
    assert "Anexo consolidado" in page and 'name="agency"' in page and 'name="cycle"' in page
    assert f'href="{PAGE}"' in coordinator.get(reverse("aspects:plan-list")).content.decode()
    response = coordinator.post(PAGE, {"agency": world.agency_a.pk, "fmt": "xlsx"})
    job = Job.objects.get(kind=CONSOLIDATED_JOB)
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.params == {"cycles": [], "agency": world.agency_a.pk, "fmt": "xlsx"}
    assert job.title == "Anexo consolidado de los programas de trabajo autorizados SSA (XLSX)"
    job = wait_for(job)
    assert job.status == Status.DONE, job.error
    assert job.unit == "anexos" and job.done == job.total == 7  # agency A's one authorised plan, every table
    download = coordinator.get(reverse("jobs:job-download", kwargs={"pk": job.pk}))
    assert download["Content-Disposition"] == 'attachment; filename="anexo-consolidado-SSA.xlsx"'
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    summary = list(book["Resumen"].values)
    assert summary[0][:2] == ("Dependencia", "Programa")
    # The authorised plan only: the draft plan_a of the same program is not in it.
    assert {row[1] for row in summary[1:]} == {world.live_plan_a.program.key}
    assert {row[summary[0].index("Estado del documento")] for row in summary[1:]} == {"Autorizado"}


def test_the_coordinator_must_say_which_agency_or_cycle(world):
    page = client_for(world.coordinator).post(PAGE, {"fmt": "xlsx"}).content.decode()
    assert "Elija una dependencia, un ciclo o ambos" in page
    assert not Job.objects.filter(kind=CONSOLIDATED_JOB).exists()


@pytest.mark.parametrize("persona", ["staff_a", "supervisor_a"])
def test_agency_staff_are_offered_their_own_agency_only(world, persona):
    client = client_for(getattr(world, persona))
    page = client.get(PAGE).content.decode()
    assert world.agency_a.name in page and world.agency_b.name not in page
    refused = client.post(PAGE, {"agency": world.agency_b.pk, "fmt": "xlsx"}).content.decode()
    assert "Seleccione una opción válida" in refused
    assert not Job.objects.filter(kind=CONSOLIDATED_JOB).exists()
    assert client.post(PAGE, {"agency": world.agency_a.pk, "fmt": "pdf"}).status_code == 302
    assert Job.objects.get(kind=CONSOLIDATED_JOB).params["agency"] == world.agency_a.pk


def test_a_job_of_another_agency_asked_for_by_agency_staff_refuses(world):
    job = run_in_process(job_for(world.staff_b, agency=world.agency_a.pk))
    assert job.status == Status.FAILED and job.error == NOT_YOUR_AGENCY
    job = run_in_process(job_for(world.staff_b, cycles=[world.plan_a.cycle_id]))  # a cycle across agencies
    assert job.status == Status.FAILED and job.error == NOT_YOUR_AGENCY


def test_a_scope_without_authorised_plans_fails_with_the_reason(world):
    job = run_in_process(job_for(world.coordinator, agency=world.agency_b.pk))
    assert job.status == Status.FAILED
    assert job.error == "No hay programas de trabajo autorizados de SB: no hay anexos que exportar."


def test_the_job_reports_each_annex_read(world, monkeypatch):
    seen = []
    original = Job.advance

    def record(self, done, total=None, **kwargs):
        seen.append((done, total))
        original(self, done, total, **kwargs)

    monkeypatch.setattr(Job, "advance", record)
    job = run_in_process(job_for(world.supervisor_a, agency=world.agency_a.pk))
    assert job.status == Status.DONE, job.error
    assert seen == [(0, None), *[(done, 7) for done in range(1, 8)]]
