"""The test world: personas and objects (tests/personas.py), the test clients of the personas,
and what every test starts from: an empty cache, an empty media folder, a temporary broker.

Rows many tests start from (`world`) are built once per module and reused, the demo once per
process (its tests run first, together): they are written in a transaction that stays open,
each test runs in a savepoint inside it that is rolled back, and each test gets its own copy
of the Python objects (what Django's TestCase.setUpTestData does). A test that needs
committed rows (`transactional_db`, a real worker) gets them built afresh instead.
"""

from __future__ import annotations

import copy
import fcntl
import io
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings

from tests.personas import build_world, client_for

__all__ = ["client_for"]  # tests import it from here


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite the test database is a file, not memory: the job tests' worker thread uses its
    own connection, and a shared in-memory database answers two connections with «table is
    locked» instead of waiting its turn."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        name = tmp_path_factory.mktemp("db") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(name)
        _migrated.take(tmp_path_factory, name)


class MigratedOnce:
    """On SQLite the migrations run once per run, not once per process: the first process to set
    up its test database migrates it and leaves a copy beside the other processes' folders; the
    others start from that copy (Django then finds every migration applied and only checks). Each
    process takes a lock while it looks, so that one migrates while the others wait for its copy."""

    def __init__(self) -> None:
        self.lock: Any = None
        self.copy: Path | None = None

    def take(self, tmp_path_factory, name: Path) -> None:
        # Under pytest-xdist each process has its own base folder inside the run's; alone, the run's own.
        shared = tmp_path_factory.getbasetemp()
        if os.environ.get("PYTEST_XDIST_WORKER"):
            shared = shared.parent
        self.copy = shared / "migrated.sqlite3"
        self.lock = open(shared / "migrated.lock", "w")
        fcntl.flock(self.lock, fcntl.LOCK_EX)
        if self.copy.exists():
            shutil.copyfile(self.copy, name)
            self.release()

    @property
    def copied(self) -> bool:
        return self.copy is not None and self.lock is None

    def keep(self) -> None:
        """After this process migrated its database: the copy for the others."""
        if self.lock is None or self.copy is None:
            return
        partial = self.copy.with_suffix(".partial")
        with sqlite3.connect(connection.settings_dict["NAME"]) as source, sqlite3.connect(partial) as target:
            source.backup(target)
        partial.rename(self.copy)
        self.release()

    def release(self) -> None:
        self.lock.close()  # closing the file releases its lock
        self.lock = None


_migrated = MigratedOnce()


@pytest.fixture(scope="session")
def django_db_keepdb(request, django_db_modify_db_settings) -> bool:
    """pytest-django's `--reuse-db`, and a test database copied already migrated (`MigratedOnce`)."""
    return bool(request.config.getvalue("reuse_db")) or _migrated.copied


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's, then the copy of the migrated database for the other processes."""
    with django_db_blocker.unblock():
        _migrated.keep()


@pytest.fixture(scope="session")
def migrated_sqlite(django_db_setup) -> Path | None:
    """On SQLite, a migrated database with nothing in it but what the migrations write (not to be
    changed: copy it); None on another engine."""
    return _migrated.copy if _migrated.copy and _migrated.copy.exists() else None


@pytest.fixture(autouse=True, scope="session")
def broker_folder(tmp_path_factory):
    """Whatever a test enqueues on the embedded (filesystem) broker goes to a temporary folder,
    never to the repository's var/celery; no worker reads it unless a job test starts one."""
    from asm_tracker.celery import app, make_folders

    folder = tmp_path_factory.mktemp("celery")
    if app.conf.broker_url.startswith("filesystem://"):
        app.conf.broker_transport_options = {
            **app.conf.broker_transport_options,
            "data_folder_in": str(folder / "cola"),
            "data_folder_out": str(folder / "cola"),
            "control_folder": str(folder / "control"),
        }
    if app.conf.result_backend.startswith("file://"):
        app.conf.result_backend = f"file://{folder / 'resultados'}"
    make_folders(app.conf)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def cache(settings):
    """Each test starts with an empty cache of its own: no cached public page, and no heavy
    public request counted in flight."""
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
    cache.clear()
    return cache


@pytest.fixture(autouse=True, scope="session")
def evidence_lands_when_its_transaction_commits():
    """An evidence file is moved into place when the transaction that stored it commits
    (`evidence.services.when_committed`). A test runs inside transactions that are never
    committed (its own, and the shared rows' of its module); here those do not count: the move
    happens when the code's own outermost transaction ends without error, as it would in
    production, and never when that transaction rolls back (Django drops the callback of a
    rolled-back savepoint). django_capture_on_commit_callbacks would run it only at the test's end."""
    from django.db import transaction

    from evidence import services

    class Landing:
        def __init__(self, callback) -> None:
            self.callback = callback

        def __call__(self) -> None:
            self.callback()

    def land() -> None:
        connection = transaction.get_connection()
        if not all(getattr(block, "_from_testcase", False) for block in connection.atomic_blocks):
            return
        ours = [entry for entry in connection.run_on_commit if isinstance(entry[1], Landing)]
        if ours:
            connection.run_on_commit = [entry for entry in connection.run_on_commit if entry not in ours]
            for _, callback, _ in ours:
                callback()

    def when_committed(callback) -> None:
        transaction.on_commit(Landing(callback))
        land()

    original_exit = transaction.Atomic.__exit__

    def exit_then_land(self, exc_type, exc_value, traceback):
        original_exit(self, exc_type, exc_value, traceback)
        land()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(services, "when_committed", when_committed)
        patch.setattr(transaction.Atomic, "__exit__", exit_then_land)
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Each test stores files (evidence) in its own folder, never in the repository's: empty, but
    for the files of the rows it starts from (built once per module)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()  # as on a server, where it exists before the first upload (/salud/ checks it)
    for shared in _alive:
        if shared.is_open and shared.media.exists():
            shutil.copytree(shared.media, settings.MEDIA_ROOT, dirs_exist_ok=True)
    return settings.MEDIA_ROOT


def transactional(item: pytest.Item) -> bool:
    """Whether the test commits what it writes (pytest-django's rule), so that nothing may stay
    open around it."""
    marker = item.get_closest_marker("django_db")
    if marker and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences") or marker.args[:1] == (True,)
    ):
        return True
    return bool({"transactional_db", "live_server", "django_db_reset_sequences"} & set(item.fixturenames))


class Shared:
    """Rows built once for the tests of a module that ask for the module-scoped fixture `name`.

    While open, the rows sit in a transaction that no test commits; `copy()` gives each test its
    own Python objects. Before a test that does not ask for them, or that commits, they are
    rolled back, and built again before the next test that asks for them."""

    def __init__(self, name: str, build: Callable[[], Any], blocker, media: Path) -> None:
        self.name, self.build, self.blocker, self.media = name, build, blocker, media
        self.value: Any = None
        self._atomic: transaction.Atomic | None = None

    @property
    def is_open(self) -> bool:
        return self._atomic is not None

    def wanted_by(self, item: pytest.Item) -> bool:
        return self.name in item.fixturenames and not transactional(item)

    def open(self) -> None:
        shutil.rmtree(self.media, ignore_errors=True)
        with self.blocker.unblock(), built_settings(self.media):
            atomic = transaction.atomic()
            atomic._from_testcase = True  # as TestCase's own: `atomic(durable=True)` may run inside
            atomic.__enter__()
            self._atomic = atomic
            try:
                self.value = self.build()
            except BaseException:
                self.close()
                raise

    def close(self) -> None:
        if self._atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)
        self._atomic, self.value = None, None

    def copy(self) -> Any:
        return copy.deepcopy(self.value)

    def get(self) -> Any:
        """A copy of the shared rows' objects while they are open; else the rows built afresh
        inside the test."""
        return self.copy() if self.is_open else self.build()


_alive: list[Shared] = []  # the shared rows of the running module, outermost first
_item: list[pytest.Item] = []  # the test being set up


def built_settings(media: Path):
    """The settings every test runs with (the autouse fixtures), for rows built outside a test."""
    return override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "shared"}},
        MEDIA_ROOT=media,
    )


def starts_from_demo(item: pytest.Item) -> bool:
    return "shared_demo" in getattr(item, "fixturenames", ()) and not transactional(item)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests of many seconds (`long`) run first: one of them started last would keep the
    other processes waiting for it. Then the tests that start from the demo, one module after
    another, then the other tests of their modules, then the rest in their order: the demo
    (session-scoped) is then built once, not once per module. Each group keeps the order pytest
    gave it."""
    demo_modules = {item.nodeid.split("::")[0] for item in items if starts_from_demo(item)}

    def group(item: pytest.Item) -> int:
        if item.get_closest_marker("long"):
            return -1
        if starts_from_demo(item):
            return 0
        return 1 if item.nodeid.split("::")[0] in demo_modules else 2

    items[:] = sorted(items, key=group)  # sorted() is stable: each group keeps pytest's order


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Before the test's fixtures: roll back the shared rows it does not start from (it may
    count rows, or commit), and open those it does, outermost first."""
    _item[:] = [item]
    wanted = [shared for shared in _alive if shared.wanted_by(item)]
    if [shared for shared in _alive if shared.is_open] != wanted:
        for shared in reversed(_alive):
            shared.close()
        for shared in wanted:
            shared.open()


def shared_fixture(request, build: Callable[[], Any]) -> Iterator[Shared]:
    """The body of a module-scoped (or session-scoped) fixture that shares `build()`'s rows with
    the tests that ask for it, directly or through another fixture."""
    shared = Shared(
        request.fixturename,
        build,
        request.getfixturevalue("django_db_blocker"),
        request.getfixturevalue("tmp_path_factory").mktemp("shared-media"),
    )
    request.getfixturevalue("django_db_setup")
    if request.scope == "session":
        # Rows kept for the whole run are the outermost: whatever is open now is rolled back and
        # opened again inside them (pytest sets up a test's session fixtures before its module ones).
        for other in reversed(_alive):
            other.close()
        _alive.insert(0, shared)
        for other in _alive:
            if _item and other.wanted_by(_item[0]):
                other.open()
    else:
        if _item and shared.wanted_by(_item[0]):
            shared.open()
        _alive.append(shared)
    yield shared
    shared.close()
    _alive.remove(shared)


@pytest.fixture(scope="module")
def shared_world(request) -> Iterator[Shared]:
    yield from shared_fixture(request, build_world)


@pytest.fixture(scope="module")
def shared_indicator_plan(request) -> Iterator[Shared]:
    """`tests.indicator_plans.indicator_plan`, its draft round marked with `DRAFT_MARK`: the plan
    the annexes, the informe ejecutivo and the public pages of indicators are read from."""
    from tests.indicator_plans import DRAFT_MARK, indicator_plan

    yield from shared_fixture(request, lambda: indicator_plan(draft_marker=DRAFT_MARK))


def load_demo() -> None:
    from django.core.management import call_command

    call_command("load_demo", force=True, stdout=io.StringIO())


@pytest.fixture(scope="session")
def shared_demo(request) -> Iterator[Shared]:
    """The demo is built once per process (about 4 s each time): the tests that start from it run
    first and together (pytest_collection_modifyitems), so that it stays open from one module to
    the next."""
    yield from shared_fixture(request, load_demo)


@pytest.fixture
def demo(db, shared_demo) -> None:
    """The seed programs, accounts and files of `load_demo`."""
    shared_demo.get()


@pytest.fixture
def stored_progress_agrees(request):
    """After the test, whatever it wrote, the stored derived values equal a computation from
    scratch (what `verify_progress` checks). The modules of workflow scenarios use it on every
    test (`pytestmark`)."""
    uses_db = request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(request.fixturenames)
    if not uses_db:
        yield
        return
    request.getfixturevalue("transactional_db" if "transactional_db" in request.fixturenames else "db")
    yield
    from aspects.progress import differences

    # A test that provoked a database error inside its transaction can read nothing more.
    if not connection.needs_rollback:
        assert differences() == []


@pytest.fixture
def world(db, shared_world) -> SimpleNamespace:
    """The personas and agency A's objects (tests/personas.py), as Users and model instances."""
    return shared_world.get()


@pytest.fixture
def client_anonymous() -> Client:
    return Client()


@pytest.fixture
def client_staff_a(world) -> Client:
    return client_for(world.staff_a)


@pytest.fixture
def client_supervisor_a(world) -> Client:
    return client_for(world.supervisor_a)


@pytest.fixture
def client_coordinator(world) -> Client:
    return client_for(world.coordinator)


@pytest.fixture
def client_staff_b(world) -> Client:
    return client_for(world.staff_b)


@pytest.fixture
def client_supervisor_b(world) -> Client:
    return client_for(world.supervisor_b)
