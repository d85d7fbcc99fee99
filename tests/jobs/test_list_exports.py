"""Public list downloads longer than LIST_EXPORT_JOB_ROWS are written by a job: a signed-in
user's own, in «Mis descargas»; for the public, one shared build per list, filters, format and
version of the public data, served as a stored file to everyone who asks. At or under the limit
the download still streams in the request.

The world has one public activity and one public ASM (`live_plan_a`); `plan_a` is a draft."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jobs.models import Job, Status
from jobs.services import KINDS, run_job
from public import list_exports
from public.list_exports import LIST_EXPORT_JOB
from public.throttle import Slot
from tests import factories as make
from tests.conftest import client_for

from .conftest import wait_for

ACTIVITIES = reverse("public:activity-list")
ASPECTS = reverse("public:aspect-list")


@pytest.fixture
def long_lists(settings):
    """Every list of more than one row is long; the world's lists have one row each."""
    settings.LIST_EXPORT_JOB_ROWS = 1


@pytest.fixture
def world_with_two(world, long_lists):
    """A second public activity makes the world's activity list long; a draft one never counts."""
    make.activity(world.live_aspect_a, units=[world.unit_a], number=2, description="Publicar el padrón zxpublica.")
    make.activity(world.aspect_a, units=[world.unit_a], number=2, description="Borrador zxborrador.")
    return world


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def csv_ids(content: bytes) -> list[str]:
    return [row["id"] for row in csv.DictReader(io.StringIO(content.decode("utf-8-sig")))]


def visitor(address: str = "127.0.0.1") -> Client:
    return Client(REMOTE_ADDR=address)


def run_in_process(job: Job) -> Job:
    """Run a queued job here, as the worker would (for the tests that need no worker)."""
    run_job(job.pk, KINDS[job.kind].work)
    job.refresh_from_db()
    return job


# At or under the limit: streamed, as before. -----------------------------------------------------


def test_a_list_at_the_limit_still_streams_in_the_request(world, long_lists):
    for url in (ACTIVITIES, ASPECTS):
        response = visitor().get(url, {"formato": "csv"})
        assert response.status_code == 200 and type(response) is StreamingHttpResponse
        assert len(csv_ids(body(response))) == 1
    assert not Job.objects.exists()


def test_filters_that_narrow_a_long_list_to_the_limit_stream_it(world_with_two):
    response = visitor().get(ACTIVITIES, {"formato": "json", "q": "zxpublica"})
    assert response.status_code == 200 and len(json.loads(body(response))) == 1
    assert not Job.objects.exists()


def test_the_list_page_says_a_long_download_is_prepared_in_the_background(world_with_two):
    assert "se prepara en segundo plano" in visitor().get(ACTIVITIES).content.decode()
    assert "se prepara en segundo plano" not in visitor().get(ASPECTS).content.decode()


# A signed-in user: their own job. ---------------------------------------------------------------


def test_a_signed_in_user_gets_a_job_of_their_own_in_mis_descargas(worker, world_with_two):
    ana = client_for(world_with_two.staff_a)
    response = ana.get(ACTIVITIES, {"formato": "csv", "estado": ""})
    job = Job.objects.get(kind=LIST_EXPORT_JOB)
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.owner == world_with_two.staff_a and job.share_token is None
    assert job.title == "Actividades (CSV) · lista completa"
    assert job.title in ana.get(reverse("jobs:job-list")).content.decode()
    job = wait_for(job)
    assert job.status == Status.DONE, job.error
    assert (job.done, job.total, job.unit) == (2, 2, "filas")
    content = body(ana.get(reverse("jobs:job-download", kwargs={"pk": job.pk})))
    assert len(csv_ids(content)) == 2
    assert "zxpublica" in content.decode("utf-8-sig")
    assert "zxborrador" not in content.decode("utf-8-sig")  # Ana may see the draft in the panel, not here

    # Asking again for the same list at the same version leads to the same job.
    again = ana.get(ACTIVITIES, {"formato": "csv"})
    assert again["Location"] == job.get_absolute_url()
    assert Job.objects.filter(kind=LIST_EXPORT_JOB).count() == 1


def test_a_signed_in_users_job_describes_its_filters(world_with_two, settings):
    settings.LIST_EXPORT_JOB_ROWS = 0
    client_for(world_with_two.staff_a).get(
        ACTIVITIES, {"oportunidad": "vencida", "formato": "xlsx", "programa": world_with_two.program_a.key, "q": ""}
    )
    job = Job.objects.get(kind=LIST_EXPORT_JOB)
    program = world_with_two.program_a
    assert job.title == f"Actividades (XLSX) · Programa: {program.key} · {program.name}; Oportunidad: Vencida"
    assert job.params["filters"] == {"programa": "A001", "oportunidad": "vencida"}


def test_a_long_lists_file_is_named_after_its_filters_like_a_streamed_one(world_with_two, settings):
    settings.LIST_EXPORT_JOB_ROWS = 0
    program = world_with_two.program_a
    client_for(world_with_two.staff_a).get(
        ACTIVITIES, {"oportunidad": "vencida", "formato": "xlsx", "programa": program.key}
    )
    job = run_in_process(Job.objects.get(kind=LIST_EXPORT_JOB))
    assert job.status == Status.DONE, job.error
    assert job.result_name == f"actividades-{program.key}-vencida.xlsx"


# The public: one shared build, then a stored file. -------------------------------------------------


def test_the_public_is_sent_to_the_page_of_a_shared_build_which_explains_it(world_with_two):
    response = visitor().get(ACTIVITIES, {"formato": "csv"})
    job = Job.objects.get(kind=LIST_EXPORT_JOB)
    assert job.owner is None and len(job.share_token) >= 32
    assert response.status_code == 302 and response["Location"] == job.get_shared_url()
    assert job.get_shared_url() == f"/descargas/{job.share_token}/"  # a token, not an id that could be guessed

    page = visitor("10.0.0.5").get(job.get_shared_url()).content.decode()
    assert "Su descarga se está preparando" in page and "Actividades (CSV) · lista completa" in page
    assert "información autorizada" in page and "En cola" in page
    assert reverse("jobs-public:status", kwargs={"token": job.share_token}) in page
    state = visitor().get(reverse("jobs-public:status", kwargs={"token": job.share_token})).json()
    assert (state["status"], state["download_url"]) == ("en_cola", None)

    # Anyone else asking meanwhile joins the same build.
    other = visitor("10.0.0.9").get(ACTIVITIES, {"formato": "csv", "pagina": "3"})
    assert other.status_code == 302 and other["Location"] == job.get_shared_url()
    assert Job.objects.filter(kind=LIST_EXPORT_JOB).count() == 1


def test_the_same_export_is_built_once_and_rebuilt_after_an_authorisation(worker, world_with_two):
    world = world_with_two
    first = visitor().get(ACTIVITIES, {"formato": "csv"})
    job = wait_for(Job.objects.get(kind=LIST_EXPORT_JOB))
    assert job.status == Status.DONE, job.error
    state = visitor().get(reverse("jobs-public:status", kwargs={"token": job.share_token})).json()
    assert state["download_url"] == reverse("jobs-public:download", kwargs={"token": job.share_token})
    assert first["Location"] == job.get_shared_url()

    # Now everyone who asks, with the filters written in any way, gets the stored file.
    served = [
        visitor(f"10.0.0.{n}").get(ACTIVITIES, query)
        for n, query in enumerate([{"formato": "csv"}, {"pagina": "2", "formato": "csv", "q": " ", "ciclo": ""}])
    ]
    for response in served:
        assert (
            response.status_code == 200 and response["Content-Disposition"] == 'attachment; filename="actividades.csv"'
        )
    contents = {body(response) for response in served}
    assert len(contents) == 1
    [content] = contents
    assert len(csv_ids(content)) == 2 and "zxborrador" not in content.decode("utf-8-sig")
    assert body(visitor().get(state["download_url"])) == content
    assert Job.objects.filter(kind=LIST_EXPORT_JOB).count() == 1

    # Another format or other filters are other exports.
    assert visitor().get(ACTIVITIES, {"formato": "json"}).status_code == 302
    assert Job.objects.filter(kind=LIST_EXPORT_JOB).count() == 2
    wait_for(Job.objects.get(kind=LIST_EXPORT_JOB, params__fmt="json"))

    # An authorisation moves the public version: the next request builds the export again.
    plan = make.plan(world.program_a)
    make.activity(make.aspect(plan), units=[world.unit_a], description="Recién autorizada zxnueva.")
    make.authorised(plan, world.staff_a, world.supervisor_a)
    rebuilt = visitor().get(ACTIVITIES, {"formato": "csv"})
    fresh = Job.objects.filter(kind=LIST_EXPORT_JOB, params__fmt="csv").latest("pk")
    assert fresh.pk != job.pk and fresh.params["version"] > job.params["version"]
    assert rebuilt.status_code == 302 and rebuilt["Location"] == fresh.get_shared_url()
    assert wait_for(fresh).status == Status.DONE
    content = body(visitor().get(ACTIVITIES, {"formato": "csv"}))
    assert len(csv_ids(content)) == 3 and "zxnueva" in content.decode("utf-8-sig")
    assert "zxborrador" not in content.decode("utf-8-sig")


def test_a_draft_never_reaches_a_shared_file_in_any_format(world_with_two):
    world = world_with_two
    make.aspect(world.live_plan_a, number=2)  # the ASM list is long too
    make.aspect(world.plan_a, number=2, text="Borrador zxborrador.")
    for n, (fmt, url) in enumerate((fmt, url) for fmt in ("csv", "json", "xlsx") for url in (ACTIVITIES, ASPECTS)):
        assert visitor(f"10.0.1.{n}").get(url, {"formato": fmt}).status_code == 302  # one client, one build at once
    jobs = [run_in_process(job) for job in Job.objects.filter(kind=LIST_EXPORT_JOB)]
    assert len(jobs) == 6
    # ASM and activities number their ids apart: each list is checked against its own drafts.
    draft_ids = {
        list_exports.ACTIVITIES.slug: {str(pk) for pk in world.plan_a.aspects.values_list("activities", flat=True)},
        list_exports.ASPECTS.slug: {str(pk) for pk in world.plan_a.aspects.values_list("pk", flat=True)},
    }
    for job in jobs:
        assert job.status == Status.DONE, job.error
        content = job.result.read()
        if job.params["fmt"] == "xlsx":
            from openpyxl import load_workbook

            sheet = load_workbook(io.BytesIO(content)).active
            ids = {str(row[0]) for row in sheet.iter_rows(min_row=2, values_only=True)}
        elif job.params["fmt"] == "json":
            ids = {str(record["id"]) for record in json.loads(content)}
        else:
            ids = set(csv_ids(content))
        assert len(ids) == 2 and not ids & draft_ids[job.params["list"]], job.title
        assert b"zxborrador" not in content


def test_a_failed_build_is_shown_for_a_minute_then_tried_again(world_with_two):
    visitor().get(ACTIVITIES, {"formato": "csv"})
    job = Job.objects.get(kind=LIST_EXPORT_JOB)
    Job.objects.filter(pk=job.pk).update(status=Status.FAILED, error="Falló el disco.", finished_at=timezone.now())
    response = visitor().get(ACTIVITIES, {"formato": "csv"})
    assert response["Location"] == job.get_shared_url()
    assert "Falló el disco." in visitor().get(job.get_shared_url()).content.decode()
    Job.objects.filter(pk=job.pk).update(finished_at=timezone.now() - timedelta(minutes=2))
    retried = visitor().get(ACTIVITIES, {"formato": "csv"})
    assert Job.objects.filter(kind=LIST_EXPORT_JOB).count() == 2
    assert retried["Location"] == Job.objects.latest("pk").get_shared_url()


# No unbounded work per anonymous client. -------------------------------------------------------------


def test_a_client_may_not_start_more_builds_at_once_than_heavy_downloads(world_with_two, settings):
    settings.PUBLIC_HEAVY_CONCURRENCY = 1
    settings.LIST_EXPORT_JOB_ROWS = 0  # the ASM list is long too
    assert visitor().get(ACTIVITIES, {"formato": "csv"}).status_code == 302
    refused = visitor().get(ASPECTS, {"formato": "csv"})
    assert refused.status_code == 429 and refused["Retry-After"] == "10"
    assert "Demasiadas descargas a la vez" in refused.content.decode()
    assert Job.objects.count() == 1
    # Joining a build already started costs nothing; another client starts its own.
    assert visitor().get(ACTIVITIES, {"formato": "csv"}).status_code == 302
    assert visitor("10.0.0.7").get(ASPECTS, {"formato": "csv"}).status_code == 302
    # Once the first build has ended, its client may start another.
    run_in_process(Job.objects.get(params__list="actividades"))
    assert visitor().get(ASPECTS, {"formato": "json"}).status_code == 302
    assert Job.objects.count() == 3


def test_a_build_that_could_not_be_queued_frees_its_clients_slot(
    transactional_db, world_with_two, settings, monkeypatch
):
    from public.tasks import build_list_export

    settings.PUBLIC_HEAVY_CONCURRENCY = 1

    def broker_down(*args, **kwargs):
        raise ConnectionError("Redis no responde")

    monkeypatch.setattr(build_list_export, "apply_async", broker_down)
    response = visitor().get(ACTIVITIES, {"formato": "csv"})
    job = Job.objects.get(kind=LIST_EXPORT_JOB)
    assert job.status == Status.FAILED and "no responde" in job.error
    assert response["Location"] == job.get_shared_url()
    assert Slot("127.0.0.1").acquire()  # the client's one slot is free


# Shared pages answer only to their token. --------------------------------------------------------------


def test_a_users_job_has_no_shared_page_and_a_wrong_token_is_404(world_with_two):
    client_for(world_with_two.staff_a).get(ACTIVITIES, {"formato": "csv"})
    own = Job.objects.get()
    assert own.share_token is None
    for name in ("detail", "status", "download"):
        assert visitor().get(reverse(f"jobs-public:{name}", kwargs={"token": "x" * 32})).status_code == 404
    visitor().get(ACTIVITIES, {"formato": "csv"})
    shared = Job.objects.get(owner=None)
    assert visitor().get(reverse("jobs-public:download", kwargs={"token": shared.share_token})).status_code == 404
    ana = client_for(world_with_two.staff_a)
    assert shared.get_absolute_url() not in ana.get(reverse("jobs:job-list")).content.decode()
    assert ana.get(shared.get_absolute_url()).status_code == 404  # nobody's own job
