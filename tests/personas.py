"""The personas of every test, and the world they work in.

Six personas: the anonymous public; the capturista (`staff_a`) and the supervisor of agency A;
the coordinator; the capturista and the supervisor of agency B. `world.staff_a` and the like
are Users; the fixtures `client_staff_a` … `client_anonymous` (tests/conftest.py) are test
clients logged in as them.

The world (`build_world`): agency A runs program A with an evaluation and two plans:
- `plan_a`, a draft, with one ASM (`aspect_a`) and one activity (`activity_a`): content to edit;
- `live_plan_a`, authorised, with `live_aspect_a` and `live_activity_a`, whose progress
  `report_a` (40 %) was authorised in the closed «Septiembre» period; «Marzo» is open.
Agency B has its own program. Tests that need more build it with tests.factories.
"""

from __future__ import annotations

import itertools
from types import SimpleNamespace

from django.contrib.auth.models import AbstractBaseUser
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import mfa
from aspects import progress
from programs.models import Agency
from tests import factories as make

# The names the personas go by in `world`, in parametrized tests and after `client_` in fixtures.
NAMES = ("anonymous", "staff_a", "supervisor_a", "coordinator", "staff_b", "supervisor_b")

_seq = itertools.count(1)


def people(agency_a: Agency, agency_b: Agency) -> dict[str, AbstractBaseUser]:
    """The five personas who log in, by name: a capturista and a supervisor of each agency, and
    the coordinator, who belongs to none. Those whose role requires a second factor (supervisors,
    the coordinator) have set up their authenticator app; the capturistas have not."""
    persona = {
        "staff_a": make.user("staff_a", agency_a, first_name="Ana", last_name="Pérez"),
        "supervisor_a": make.user(
            "supervisor_a",
            agency_a,
            position="Director de Planeación",
            role="supervisor",
            first_name="Saúl",
            last_name="Ríos",
        ),
        "coordinator": make.user(
            "coordinador",
            position="Coordinadora de evaluación",
            role="coordinador",
            first_name="Coral",
            last_name="Domínguez",
        ),
        "staff_b": make.user("staff_b", agency_b, first_name="Beatriz", last_name="Solís"),
        "supervisor_b": make.user(
            "supervisor_b", agency_b, position="Director", role="supervisor", first_name="Bruno", last_name="Salas"
        ),
    }
    for user in persona.values():
        if mfa.requires_second_factor(user):
            TOTPDevice.objects.create(user=user, name="Teléfono", confirmed=True)
    return persona


def pair(agency: Agency) -> tuple[AbstractBaseUser, AbstractBaseUser]:
    """A capturista (Ana Pérez) and a supervisor (Saúl Ríos) of one more agency, under usernames
    of their own (`capturista7`, `supervisor7`) that say which role they play."""
    n = next(_seq)
    preparer = make.user(f"capturista{n}", agency, first_name="Ana", last_name="Pérez")
    supervisor = make.user(f"supervisor{n}", agency, role="supervisor", first_name="Saúl", last_name="Ríos")
    return preparer, supervisor


def client_for(user: AbstractBaseUser | None, *, second_factor: bool = True) -> Client:
    """A test client logged in as `user`; anonymous for None. With `second_factor` a user whose role
    requires one (or who set one up) has verified it this session, as after the login's second
    step; without it the client stops after the password (tests/accounts/test_mfa.py)."""
    client = Client()
    if user is not None:
        client.force_login(user)
        if second_factor:
            verify_second_factor(client, user)
    return client


def verify_second_factor(client: Client, user: AbstractBaseUser) -> None:
    """Mark the client's session verified with the user's authenticator app (enrolled now if the
    user had none), which is what `django_otp.login` records after a good code."""
    if not mfa.must_verify(user):
        return
    device = mfa.enrolled_device(user) or TOTPDevice.objects.create(user=user, name="Pruebas", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


# Progress, status and summaries computed once, when the world is built (as load_demo does).
@progress.deferred()
def build_world() -> SimpleNamespace:
    agency_a = make.agency(name="Servicios de Salud A", acronym="SSA")
    agency_b = make.agency(name="Secretaría B", acronym="SB")
    persona = people(agency_a, agency_b)
    unit_a = make.unit(agency_a, name="Dirección de Planeación")
    program_a = make.program(agency_a, key="A001")
    evaluation_a = make.evaluation(program_a)
    recommendation_a = make.recommendation(evaluation_a, number=1)
    plan_a = make.plan(program_a, evaluation=evaluation_a)
    aspect_a = make.aspect(plan_a, number=1, responsible_unit=unit_a)
    activity_a = make.activity(aspect_a, units=[unit_a], number=1)

    live_plan_a = make.plan(program_a)
    live_aspect_a = make.aspect(live_plan_a, number=1, responsible_unit=unit_a)
    live_activity_a = make.activity(live_aspect_a, units=[unit_a], number=1)
    make.authorised(live_plan_a, persona["staff_a"], persona["supervisor_a"])
    september, march = live_plan_a.cycle.periods.order_by("end")
    make.opened(september)
    report_a = make.report(live_activity_a, september, percent=40)
    make.authorised(
        report_a.activity.aspect.plan.rounds.get(period=september), persona["staff_a"], persona["supervisor_a"]
    )
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
        **persona,
    )


def two_rounds_in_review(world: SimpleNamespace) -> list:
    """Two progress rounds of agency A submitted by its capturista, in two plans: the world's live
    plan and a new one authorised for them, each with a report in its cycle's last period, opened."""
    from aspects.models import Plan
    from programs.workflow import State

    rounds = []
    for plan in [world.live_plan_a, make.plan(world.program_a)]:
        plan = Plan.objects.get(pk=plan.pk)
        if plan.state != State.AUTHORISED:
            activity = make.activity(make.aspect(plan), units=[world.unit_a])
            make.authorised(plan, world.staff_a, world.supervisor_a)
        else:
            activity = world.live_activity_a
        period = plan.cycle.periods.order_by("end").last()
        make.opened(period)
        make.report(activity, period, percent=30)
        round_ = plan.rounds.get(period=period)
        round_.submit(by=world.staff_a)
        rounds.append(round_)
    return rounds
