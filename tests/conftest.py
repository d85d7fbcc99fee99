"""Personas shared by every test: anonymous, capturista (staff) and supervisor of agency A,
the coordinator, capturista and supervisor of agency B.

World: agency A runs program A with an evaluation and two plans:
- `plan_a`, a draft, with one ASM (`aspect_a`) and one activity (`activity_a`): content to edit;
- `live_plan_a`, authorised, with `live_aspect_a` and `live_activity_a`, whose progress
  `report_a` (40 %) was authorised in the closed «Septiembre» period; «Marzo» is open.
Agency B has its own program. Tests that need more build it with tests.factories.
"""

from types import SimpleNamespace

import pytest
from django.test import Client

from tests import factories as make


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite the test database is a file, not memory: the job tests' worker thread uses its
    own connection, and a shared in-memory database answers two connections with «table is
    locked» instead of waiting its turn."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("db") / "test.sqlite3")


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


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Each test stores files (evidence) in its own empty folder, never in the repository's."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


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
    from django.db import connection

    from aspects.progress import differences

    # A test that provoked a database error inside its transaction can read nothing more.
    if not connection.needs_rollback:
        assert differences() == []


@pytest.fixture
def world(db):
    agency_a = make.agency(name="Servicios de Salud A", acronym="SSA")
    agency_b = make.agency(name="Secretaría B", acronym="SB")
    unit_a = make.unit(agency_a, name="Dirección de Planeación")
    program_a = make.program(agency_a, key="A001")
    evaluation_a = make.evaluation(program_a)
    recommendation_a = make.recommendation(evaluation_a, number=1)
    plan_a = make.plan(program_a, evaluation=evaluation_a)
    aspect_a = make.aspect(plan_a, number=1, responsible_unit=unit_a)
    activity_a = make.activity(aspect_a, units=[unit_a], number=1)
    staff_a = make.user("staff_a", agency_a, first_name="Ana", last_name="Pérez")
    supervisor_a = make.user(
        "supervisor_a",
        agency_a,
        position="Director de Planeación",
        role="supervisor",
        first_name="Saúl",
        last_name="Ríos",
    )

    live_plan_a = make.plan(program_a)
    live_aspect_a = make.aspect(live_plan_a, number=1, responsible_unit=unit_a)
    live_activity_a = make.activity(live_aspect_a, units=[unit_a], number=1)
    make.authorised(live_plan_a, staff_a, supervisor_a)
    september, march = live_plan_a.cycle.periods.order_by("end")
    make.opened(september)
    report_a = make.report(live_activity_a, september, percent=40)
    make.authorised(report_a.activity.aspect.plan.rounds.get(period=september), staff_a, supervisor_a)
    make.closed(september)
    make.opened(march)
    return SimpleNamespace(
        agency_a=agency_a,
        agency_b=agency_b,
        unit_a=unit_a,
        program_a=program_a,
        evaluation_a=evaluation_a,
        recommendation_a=recommendation_a,
        plan_a=plan_a,
        aspect_a=aspect_a,
        activity_a=activity_a,
        live_plan_a=live_plan_a,
        live_aspect_a=live_aspect_a,
        live_activity_a=live_activity_a,
        report_a=report_a,
        september=september,
        march=march,
        program_b=make.program(agency_b, key="B001"),
        staff_a=staff_a,
        supervisor_a=supervisor_a,
        coordinator=make.user("coordinador", position="Coordinadora de evaluación", role="coordinador"),
        staff_b=make.user("staff_b", agency_b),
        supervisor_b=make.user("supervisor_b", agency_b, position="Director", role="supervisor"),
    )


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def anonymous():
    return Client()


@pytest.fixture
def staff_a(world):
    return client_for(world.staff_a)


@pytest.fixture
def supervisor_a(world):
    return client_for(world.supervisor_a)


@pytest.fixture
def coordinator(world):
    return client_for(world.coordinator)


@pytest.fixture
def staff_b(world):
    return client_for(world.staff_b)


@pytest.fixture
def supervisor_b(world):
    return client_for(world.supervisor_b)
