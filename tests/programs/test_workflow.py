"""The transitions themselves (programs.workflow.Reviewable), on plans, progress rounds and
replanning requests: who may move what, from which state, and what each step leaves behind."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from aspects.models import ChangeRequest, Plan, ProgressReport
from programs.models import CutOffPeriod
from programs.workflow import NotPermitted, NotReady, State, WrongState
from tests import factories as make

# Every scenario here ends with the stored derived values equal to a computation from scratch.
pytestmark = pytest.mark.usefixtures("stored_progress_agrees")


def test_submit_signs_elaboro_and_authorise_signs_autorizo(world):
    world.plan_a.submit(by=world.staff_a)
    assert (world.plan_a.state, world.plan_a.prepared_by_name, world.plan_a.prepared_by_position) == (
        State.IN_REVIEW,
        "Ana Pérez",
        "Enlace",
    )
    assert world.plan_a.prepared_at is not None and world.plan_a.authorised_by is None
    world.plan_a.authorise(by=world.supervisor_a)
    assert (world.plan_a.authorised_by_name, world.plan_a.authorised_by_position) == (
        "Saúl Ríos",
        "Director de Planeación",
    )


@pytest.mark.parametrize("action", ["authorise", "return_"])
def test_self_authorisation_is_refused(world, action):
    world.plan_a.submit(by=world.supervisor_a)
    with pytest.raises(NotPermitted, match="usted mismo elaboró"):
        getattr(world.plan_a, action)(by=world.supervisor_a, comment="x")
    assert Plan.objects.get(pk=world.plan_a.pk).state == State.IN_REVIEW


@pytest.mark.parametrize("actor", ["staff_a", "coordinator", "supervisor_b", "staff_b"])
def test_only_a_supervisor_of_the_agency_authorises(world, actor):
    world.plan_a.submit(by=world.staff_a)
    with pytest.raises(NotPermitted):
        world.plan_a.authorise(by=getattr(world, actor))


@pytest.mark.parametrize("actor", ["coordinator", "staff_b", "supervisor_b"])
def test_only_the_agencys_staff_submit(world, actor):
    with pytest.raises(NotPermitted):
        world.plan_a.submit(by=getattr(world, actor))


@pytest.mark.parametrize(
    "state,action",
    [
        (State.DRAFT, "authorise"),
        (State.DRAFT, "return_"),
        (State.AUTHORISED, "submit"),
        (State.AUTHORISED, "authorise"),
        (State.IN_REVIEW, "submit"),
    ],
)
def test_a_transition_from_the_wrong_state_is_refused_and_changes_nothing(world, state, action):
    plan = world.live_plan_a if state == State.AUTHORISED else world.plan_a
    if state == State.IN_REVIEW:
        plan.submit(by=world.staff_a)
    steps = plan.transitions.count()
    actor = world.staff_a if action == "submit" else world.supervisor_a
    with pytest.raises(WrongState):
        getattr(plan, action)(by=actor, comment="x")
    assert Plan.objects.get(pk=plan.pk).state == state
    assert plan.transitions.count() == steps


def test_a_returned_plan_is_editable_and_can_be_submitted_again(world):
    world.plan_a.submit(by=world.staff_a)
    world.plan_a.return_(by=world.supervisor_a, comment="Faltan fechas.")
    assert Plan.objects.editable_by(world.staff_a).filter(pk=world.plan_a.pk).exists()
    world.plan_a.submit(by=world.staff_a)
    assert world.plan_a.state == State.IN_REVIEW


def test_a_plan_without_aspects_cannot_be_submitted(world):
    empty = make.plan(world.program_a)
    with pytest.raises(NotReady, match="no tiene ASM"):
        empty.submit(by=world.staff_a)


def test_a_round_cannot_be_submitted_once_its_period_is_closed(world):
    make.report(world.live_activity_a, world.march, percent=60)
    round_ = world.live_plan_a.rounds.get(period=world.march)
    make.closed(world.march)
    with pytest.raises(NotReady, match="está cerrado"):
        round_.submit(by=world.staff_a)


def test_a_round_in_review_when_its_period_closes_can_be_authorised_but_not_returned(world):
    make.report(world.live_activity_a, world.march, percent=60)
    round_ = world.live_plan_a.rounds.get(period=world.march)
    round_.submit(by=world.staff_a)
    make.closed(world.march)
    with pytest.raises(NotReady, match="solo puede autorizarse"):
        round_.return_(by=world.supervisor_a, comment="Corrija")
    round_.authorise(by=world.supervisor_a)
    assert round_.state == State.AUTHORISED


def test_a_closed_period_refuses_reports(world):
    other = make.activity(world.live_aspect_a, units=[world.unit_a], number=2)
    report = ProgressReport(activity=other, period=world.september, percent=80, reported_on=date(2017, 9, 30))
    with pytest.raises(ValidationError) as refused:
        report.full_clean()
    assert "El periodo de corte «Septiembre» está cerrado: no admite reportes." in refused.value.message_dict["period"]


def test_reports_wait_for_the_plan_to_be_authorised(world):
    period = make.opened(world.plan_a.cycle.periods.first())
    report = ProgressReport(activity=world.activity_a, period=period, percent=10, reported_on=period.end)
    with pytest.raises(ValidationError, match="aún no está autorizado"):
        report.full_clean()


def test_only_the_coordinator_opens_and_closes_periods(world):
    with pytest.raises(NotPermitted):
        world.march.close(by=world.supervisor_a)
    world.march.close(by=world.coordinator)
    assert world.march.status == "cerrado"
    with pytest.raises(WrongState):
        world.march.open(by=world.coordinator)


def test_opening_and_closing_a_period_each_write_a_history_row(world):
    period = CutOffPeriod.objects.create(
        cycle=world.march.cycle, name="Junio", start=date(2018, 4, 1), end=date(2018, 6, 30)
    )
    period.open(by=world.coordinator, overlap=True)
    period.close(by=world.coordinator, comment="Fin del ejercicio.")
    assert [(step.from_state, step.to_state, step.by) for step in period.transitions] == [
        ("por_abrir", "abierto", world.coordinator),
        ("abierto", "cerrado", world.coordinator),
    ]
    assert period.transitions.last().comment == "Fin del ejercicio."
    assert str(period.transitions.first()) == "Por abrir → Abierto (Coral Domínguez)"


def test_a_refused_period_move_writes_no_history(world):
    with pytest.raises(NotPermitted):
        world.march.close(by=world.supervisor_a)
    with pytest.raises(WrongState):
        world.march.open(by=world.coordinator)
    assert not world.march.transitions.exists()


def test_a_replanning_keeps_the_old_values_and_counts(world):
    activity = world.live_activity_a
    first = ChangeRequest.objects.create(activity=activity, justification="Retraso.", new_end_date=date(2018, 3, 31))
    assert activity.end_date == date(2017, 12, 31)  # nothing changes before authorisation
    make.authorised(first, world.staff_a, world.supervisor_a)
    second = ChangeRequest.objects.create(
        activity=activity,
        justification="Otro retraso.",
        new_end_date=date(2018, 6, 30),
        new_description="Nueva redacción.",
    )
    make.authorised(second, world.staff_a, world.supervisor_a)
    activity.refresh_from_db()
    assert (activity.end_date, activity.original_end_date, activity.replan_count) == (
        date(2018, 6, 30),
        date(2017, 12, 31),
        2,
    )
    assert activity.description == "Nueva redacción."
    assert second.previous == {"description": "Elaborar el documento.", "end_date": "2018-03-31", "cancelled": False}


def test_a_cancelled_activity_leaves_its_aspects_progress(world):
    done = make.activity(world.live_aspect_a, units=[world.unit_a], number=2)
    make.report(done, world.march, percent=100, evidence_note="acta.pdf")
    change = ChangeRequest.objects.create(activity=world.live_activity_a, justification="Ya no aplica.", cancel=True)
    make.authorised(change, world.staff_a, world.supervisor_a)
    world.live_activity_a.refresh_from_db()
    assert world.live_activity_a.cancelled
    assert type(world.live_aspect_a).objects.with_progress().get(pk=world.live_aspect_a.pk).progress == 100


def test_one_pending_replanning_per_activity_and_only_for_authorised_plans(world):
    ChangeRequest.objects.create(
        activity=world.live_activity_a, justification="Retraso.", new_end_date=date(2018, 3, 31)
    )
    with pytest.raises(ValidationError, match="ya tiene un replanteamiento pendiente"):
        ChangeRequest(activity=world.live_activity_a, justification="Otro.", cancel=True).full_clean()
    with pytest.raises(ValidationError, match="Solo se replantean actividades de un programa de trabajo autorizado"):
        ChangeRequest(activity=world.activity_a, justification="Otro.", cancel=True).full_clean()


def nameless(user):
    user.first_name = user.last_name = ""
    user.save(update_fields=["first_name", "last_name"])
    return user


def test_a_user_without_a_full_name_cannot_sign_a_submission(world):
    with pytest.raises(NotPermitted, match="no tiene registrados nombre y apellidos"):
        world.plan_a.submit(by=nameless(world.staff_a))
    world.plan_a.refresh_from_db()
    assert (world.plan_a.state, world.plan_a.prepared_by_name) == (State.DRAFT, "")
    assert not world.plan_a.transitions.exists()


def test_a_supervisor_without_a_full_name_cannot_sign_an_authorisation(world):
    world.plan_a.submit(by=world.staff_a)
    with pytest.raises(NotPermitted, match="pida al administrador del sistema que los registre"):
        world.plan_a.authorise(by=nameless(world.supervisor_a))
    world.plan_a.refresh_from_db()
    assert (world.plan_a.state, world.plan_a.authorised_by_name) == (State.IN_REVIEW, "")


def test_a_first_name_alone_is_not_a_full_name(world):
    world.staff_a.last_name = " "
    world.staff_a.save()
    with pytest.raises(NotPermitted, match="nombre y apellidos"):
        world.plan_a.submit(by=world.staff_a)
