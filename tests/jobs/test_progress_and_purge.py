"""A job reports progress without writing on every row, and is deleted with its file once
kept JOB_RESULT_HOURS."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from asm_tracker.celery import app
from jobs.models import Job, Status
from jobs.services import purge_expired, start_unique_job
from tests import factories as make

from . import kinds  # noqa: F401  (declares the test kinds)


def writes_while(job: Job, steps) -> int:
    with CaptureQueriesContext(connection) as captured:
        for done, total in steps:
            job.advance(done, total)
    return sum(1 for query in captured if query["sql"].startswith("UPDATE"))


def test_progress_is_written_at_most_once_an_interval_and_when_done(db, settings):
    settings.JOB_PROGRESS_INTERVAL = 3600
    job = Job.objects.create(kind="tests.count", title="Conteo")
    assert writes_while(job, [(n, 1000) for n in range(1, 1001)]) == 2  # the first row and the last
    job.refresh_from_db()
    assert (job.done, job.total, job.percent) == (1000, 1000, 100)


def test_progress_with_no_interval_is_written_every_time(db, settings):
    settings.JOB_PROGRESS_INTERVAL = 0
    job = Job.objects.create(kind="tests.count", title="Conteo")
    assert writes_while(job, [(1, 10), (2, 10), (3, 10)]) == 3
    job.refresh_from_db()
    assert (job.done, job.percent) == (3, 30)


def test_percent_is_unknown_until_there_is_a_total(db):
    assert Job(done=5).percent is None
    assert Job(done=5, total=0).percent is None
    assert Job(status=Status.DONE).percent == 100


def kept_job(owner, *, hours_ago: float, **kw) -> Job:
    job = Job.objects.create(owner=owner, kind="tests.count", title="Conteo", status=Status.DONE, **kw)
    job.store_result(io.BytesIO(b"fila 1\n"), filename="conteo.txt", content_type="text/plain")
    job.finished_at = timezone.now() - timedelta(hours=hours_ago)
    job.save()
    return job


def test_purge_deletes_jobs_kept_past_their_hours_and_their_files(world, settings):
    settings.JOB_RESULT_HOURS = 24
    old = kept_job(world.staff_a, hours_ago=25)
    fresh = kept_job(world.staff_a, hours_ago=23)
    stuck = Job.objects.create(owner=world.staff_a, kind="tests.count", title="Nunca terminó", status=Status.RUNNING)
    Job.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - timedelta(hours=30))
    storage = old.result.storage
    assert storage.exists(old.result.name)

    assert purge_expired() == 2
    assert list(Job.objects.all()) == [fresh]
    assert not storage.exists(old.result.name) and storage.exists(fresh.result.name)


def test_the_purge_command_says_how_many(world, settings):
    settings.JOB_RESULT_HOURS = 1
    kept_job(world.staff_a, hours_ago=2)
    out = io.StringIO()
    call_command("purge_jobs", stdout=out)
    assert "Se eliminaron 1 trabajos vencidos." in out.getvalue()
    assert not Job.objects.exists()


def test_celery_beat_runs_the_purge_hourly():
    assert app.conf.beat_schedule["purge-jobs"] == {"task": "jobs.purge", "schedule": 3600}
    assert "jobs.purge" in app.tasks


def test_a_system_job_already_waiting_covers_a_new_request(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = start_unique_job(kind="tests.count", params={"rows": 1}, countdown=60)
        again = start_unique_job(kind="tests.count", params={"rows": 1}, countdown=60)
        other = start_unique_job(kind="tests.count", params={"rows": 2}, countdown=60)
    assert again == first and other != first
    Job.objects.filter(pk=first.pk).update(status=Status.RUNNING)  # it has started reading: too late to cover
    assert start_unique_job(kind="tests.count", params={"rows": 1}) != first


def test_a_job_that_cannot_be_queued_is_failed_with_a_reason(db, monkeypatch, django_capture_on_commit_callbacks):
    from jobs.services import KINDS

    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("Connection refused")

    monkeypatch.setattr(KINDS["tests.count"].task, "apply_async", broker_down)
    user = make.user("ana", make.agency())
    with django_capture_on_commit_callbacks(execute=True):
        job = start_unique_job(kind="tests.count", params={"rows": 1}, by=user)
    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert "no responde" in job.error
