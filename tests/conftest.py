"""Personas shared by every test: staff and supervisor of agency A, staff of agency B, anonymous.

World: agency A runs program A with an evaluation, a plan, one ASM and one activity with a
report; agency B has its own program. Tests that need more build it with tests.factories.
"""

from types import SimpleNamespace

import pytest
from django.test import Client

from tests import factories as make


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
    report_a = make.report(activity_a, percent=40)
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
        report_a=report_a,
        program_b=make.program(agency_b, key="B001"),
        staff_a=make.user("staff_a", agency_a, first_name="Ana", last_name="Pérez"),
        supervisor_a=make.user("supervisor_a", agency_a, position="Director de Planeación"),
        staff_b=make.user("staff_b", agency_b),
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
def staff_b(world):
    return client_for(world.staff_b)
