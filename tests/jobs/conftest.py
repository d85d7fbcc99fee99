"""A real Celery worker for the job tests, in a thread of the test process, consuming from a
real broker: the filesystem transport in a temporary folder (the embedded default), and Redis
when it answers (TEST_CELERY_REDIS_URL, redis://127.0.0.1:6379/15 unless set; .ci/run sets it;
under pytest-xdist each test process prefixes its keys with its name).

The worker reads the database from its own thread, so these tests use `transactional_db`:
what the test writes is committed, as it is when a request enqueues a job.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator

import pytest
from celery.contrib.testing.worker import start_worker
from kombu import pools
from kombu.transport import filesystem

from asm_tracker.celery import app, make_folders
from jobs.models import Job

REDIS_URL = os.environ.get("TEST_CELERY_REDIS_URL", "redis://127.0.0.1:6379/15")


def use_broker(**conf) -> None:
    """Point the app at another broker. `app.close()` is not enough: the producer pool would
    keep publishing to the previous one. kombu keeps its pools by broker URL: they are closed and
    forgotten, so that going back to a broker used before (as a pytest-xdist process may, module
    by module) opens new ones instead of finding them closed."""
    app.conf.update(conf)
    make_folders(app.conf)
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


def redis_reachable(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture(scope="session", params=["filesystem", "redis"])
def broker(request, tmp_path_factory) -> Iterator[str]:
    """The broker the worker consumes from; the app publishes to it too."""
    saved = {key: app.conf[key] for key in ("broker_url", "broker_transport_options")}
    if request.param == "filesystem":
        folder = tmp_path_factory.mktemp("celery")
        options = {
            "data_folder_in": str(folder / "cola"),
            "data_folder_out": str(folder / "cola"),
            "control_folder": str(folder / "control"),
            "polling_interval": 0.05,
        }
        use_broker(broker_url="filesystem://localhost/", broker_transport_options=options)
    else:
        if not redis_reachable(REDIS_URL):
            pytest.skip(
                f"Redis no responde en {REDIS_URL}: las pruebas con Redis se omiten (defina TEST_CELERY_REDIS_URL)."
            )
        # The worker waits for a message 0.1 s at a time (1 s by default), so that it stops at the
        # end of a test at once. Under pytest-xdist each process has a worker of its own: its keys
        # (queues, bindings) carry the process's name, so that no worker takes another's jobs.
        options = {"polling_interval": 0.1}
        if prefix := os.environ.get("PYTEST_XDIST_WORKER", ""):
            options["global_keyprefix"] = f"{prefix}:"
        use_broker(broker_url=REDIS_URL, broker_transport_options=options)
    yield request.param
    use_broker(**saved)


@pytest.fixture
def worker(broker, transactional_db, settings, monkeypatch) -> Iterator[None]:
    """A worker consumes for the length of the test; jobs enqueued by the test run for real.
    It stops with the test, so that no other test's enqueued work runs behind its back."""
    settings.JOB_PROGRESS_INTERVAL = 0
    if broker == "filesystem":
        # The worker's loop waits up to 2 s for a message before it looks whether to stop, which
        # made each test 4 s longer; waiting 0.1 s at a time, it stops at once.
        drain = filesystem.Transport.drain_events
        monkeypatch.setattr(
            filesystem.Transport,
            "drain_events",
            lambda self, connection, timeout=None: drain(self, connection, timeout=timeout and min(timeout, 0.1)),
        )
    with app.connection_for_write() as connection:
        connection.default_channel.queue_purge(app.conf.task_default_queue)  # what earlier tests left
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=15, loglevel="WARNING"):
        yield


def wait_for(job: Job, *, timeout: float = 20) -> Job:
    """The job once the worker has finished it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            return job
        time.sleep(0.05)
    raise AssertionError(f"The job {job} did not finish in {timeout} s (status {job.status}, {job.done}/{job.total}).")


def eventually(check: Callable[[], bool], *, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError("The condition did not hold in time.")
