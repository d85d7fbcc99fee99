"""Jobs run for real: a worker consumes them from the broker (filesystem, then Redis) and the
Job row tells how they went."""

from __future__ import annotations

import pytest

from jobs.models import Job, Status
from jobs.services import start_job
from tests import factories as make

from . import kinds  # noqa: F401  (declares the test kinds)
from .conftest import wait_for


@pytest.fixture
def ana(worker):
    return make.user("ana", make.agency())


def test_a_job_runs_on_the_worker_and_keeps_its_file(ana):
    job = start_job(kind="tests.count", params={"rows": 250}, by=ana, title="Conteo")
    assert job.status == Status.QUEUED
    job = wait_for(job)
    assert job.status == Status.DONE
    assert (job.done, job.total, job.percent) == (250, 250, 100)
    assert job.result_name == "conteo.txt"
    assert job.result.name.startswith("generados/trabajos/") and job.result.name.endswith(".txt")
    assert job.result.read().decode().count("fila") == 250
    assert job.started_at and job.finished_at


def test_a_refused_job_is_failed_with_its_reason_and_keeps_no_file(ana):
    job = wait_for(start_job(kind="tests.refuse", params={}, by=ana))
    assert job.status == Status.FAILED
    assert job.error == "El programa de trabajo ya no existe."
    assert (job.done, job.total) == (3, 10)
    assert not job.result


def test_a_broken_job_says_something_unexpected_happened_not_the_bug(ana):
    job = wait_for(start_job(kind="tests.crash", params={}, by=ana))
    assert job.status == Status.FAILED
    assert "error inesperado" in job.error and "bug" not in job.error


def test_a_job_deleted_before_it_ran_is_skipped(ana):
    job = start_job(kind="tests.count", params={"rows": 1}, by=ana, countdown=0.5)
    Job.objects.filter(pk=job.pk).delete()
    later = wait_for(start_job(kind="tests.count", params={"rows": 1}, by=ana))
    assert later.status == Status.DONE
    assert not Job.objects.filter(pk=job.pk).exists()
