"""Measurements go through the workflow as progress reports do: recorded in an open period into the
plan's round for that period, submitted, returned or authorised with a history row each, in the
audit trail, and public only once the round is authorised."""

import pytest

from audit.models import AuditEntry
from indicators.models import (
    AchievementGap,
    Indicator,
    IndicatorTarget,
    Measurement,
    MeasurementRound,
    PlanNarrative,
    ProductChange,
)
from indicators.rating import Rating
from programs.workflow import LockedError, NotPermitted, NotReady, State
from tests import factories as make


def test_recording_a_measurement_gives_the_plan_its_round_for_the_period(measured):
    make.measurement(measured.first, measured.september, numerator=7, denominator=10)
    make.measurement(measured.second, measured.september, value=45)
    round_ = MeasurementRound.objects.get(plan=measured.plan, period=measured.september)
    assert round_.state == State.DRAFT
    assert set(round_.measurements()) == set(Measurement.objects.filter(indicator__aspect=measured.aspect))


def test_a_round_is_submitted_returned_and_authorised_with_a_history_row_each(measured, world):
    make.measurement(measured.first, measured.september, value=70)
    round_ = MeasurementRound.objects.get(plan=measured.plan)
    round_.submit(by=world.staff_a)
    round_.return_(by=world.supervisor_a, comment="Revise el denominador.")
    round_.submit(by=world.staff_a)
    round_.authorise(by=world.supervisor_a)
    steps = [(step.from_state, step.to_state) for step in round_.transitions]
    assert steps == [
        (State.DRAFT, State.IN_REVIEW),
        (State.IN_REVIEW, State.RETURNED),
        (State.RETURNED, State.IN_REVIEW),
        (State.IN_REVIEW, State.AUTHORISED),
    ]
    assert (round_.prepared_by_name, round_.authorised_by_name) == ("Ana Pérez", "Saúl Ríos")


def test_the_preparer_cannot_authorise_their_own_round(measured, world):
    make.measurement(measured.first, measured.september, value=70)
    round_ = MeasurementRound.objects.get(plan=measured.plan)
    round_.submit(by=world.supervisor_a)
    with pytest.raises(NotPermitted):
        round_.authorise(by=world.supervisor_a)


def test_another_agency_cannot_submit_or_review_the_round(measured, world):
    make.measurement(measured.first, measured.september, value=70)
    round_ = MeasurementRound.objects.get(plan=measured.plan)
    with pytest.raises(NotPermitted):
        round_.submit(by=world.staff_b)
    round_.submit(by=world.staff_a)
    with pytest.raises(NotPermitted):
        round_.authorise(by=world.supervisor_b)


def test_a_round_without_measurements_or_in_a_closed_period_is_not_submitted(measured, world):
    empty = MeasurementRound.objects.create(plan=measured.plan, period=measured.september)
    with pytest.raises(NotReady, match="no hay mediciones registradas"):
        empty.submit(by=world.staff_a)
    make.measurement(measured.first, measured.september, value=70)
    make.closed(measured.september)
    with pytest.raises(NotReady, match="está cerrado"):
        MeasurementRound.objects.get(pk=empty.pk).submit(by=world.staff_a)


def test_a_draft_measurement_never_shows_to_the_public(measured, world):
    make.measurement(measured.first, measured.september, value=70)
    round_ = MeasurementRound.objects.get(plan=measured.plan)
    assert not Measurement.objects.public().exists()
    round_.submit(by=world.staff_a)
    assert not Measurement.objects.public().exists()
    assert not MeasurementRound.objects.public().exists()
    round_.authorise(by=world.supervisor_a)
    assert list(Measurement.objects.public()) == [measured.first.measurements.get()]
    assert list(MeasurementRound.objects.public()) == [round_]


def test_a_measurement_of_another_round_stays_hidden_when_one_is_authorised(measured, world):
    make.measurement(measured.first, measured.september, value=70)
    make.authorised(MeasurementRound.objects.get(plan=measured.plan), world.staff_a, world.supervisor_a)
    make.closed(measured.september)
    make.opened(measured.march)
    make.measurement(measured.first, measured.march, value=80, year=2018)
    assert [m.period for m in Measurement.objects.public()] == [measured.september]


def test_the_plans_indicator_content_is_public_only_with_the_plan(world):
    draft_indicator = make.indicator(make.aspect(world.plan_a), targets={2017: 60})
    ProductChange.objects.create(plan=world.plan_a, number=1, product="Informe", modification="Agregar anexo")
    AchievementGap.objects.create(plan=world.plan_a, number=1, committed="Sistema en línea")
    PlanNarrative.objects.create(plan=world.plan_a, contribution="Mejora la rendición de cuentas.")
    for model in (Indicator, IndicatorTarget, ProductChange, AchievementGap, PlanNarrative):
        assert not model.objects.public().exists(), model
    make.authorised(world.plan_a, world.staff_a, world.supervisor_a)
    assert list(Indicator.objects.public()) == [draft_indicator]
    for model in (IndicatorTarget, ProductChange, AchievementGap, PlanNarrative):
        assert model.objects.public().count() == 1, model


def test_the_plans_indicator_content_is_locked_with_the_plan(measured, world):
    assert Indicator.objects.editable_by(world.staff_a).filter(pk=measured.first.pk).exists() is False
    draft = make.indicator(make.aspect(world.plan_a))
    assert list(Indicator.objects.editable_by(world.staff_a)) == [draft]
    assert not Indicator.objects.editable_by(world.staff_b).exists()
    with pytest.raises(LockedError):
        measured.first.delete()


def test_measurements_are_editable_while_the_period_is_open_and_the_round_a_draft(measured, world):
    measurement = make.measurement(measured.first, measured.september, value=70)
    assert list(Measurement.objects.editable_by(world.staff_a)) == [measurement]
    assert not Measurement.objects.editable_by(world.staff_b).exists()
    MeasurementRound.objects.get(plan=measured.plan).submit(by=world.staff_a)
    assert not Measurement.objects.editable_by(world.staff_a).exists()
    with pytest.raises(LockedError):
        measurement.delete()


def test_an_authorised_rounds_measurements_are_locked_whatever_the_period(measured, world):
    measurement = make.measurement(measured.first, measured.september, value=70)
    make.authorised(MeasurementRound.objects.get(plan=measured.plan), world.staff_a, world.supervisor_a)
    assert (
        measurement.lock_problem()
        == "El reporte de indicadores del periodo «Septiembre» está autorizado: ya no se modifica."
    )


def test_measurements_are_in_the_audit_trail_with_who_recorded_them(measured, world):
    measurement = make.measurement(measured.first, measured.september, value=50)
    from indicators.services import record_measurement

    record_measurement(
        indicator=measured.first,
        period=measured.september,
        by=world.staff_a,
        measurement=measurement,
        rating=Rating.PARTLY_MET,
        rating_overridden=True,
        override_justification="La base cambió.",
    )
    entry = AuditEntry.objects.for_object(measurement).first()
    assert entry.action == AuditEntry.Action.UPDATE
    assert entry.user == world.staff_a
    assert entry.changes["rating"] == [Rating.NOT_MET, Rating.PARTLY_MET]


def test_a_measurement_or_a_target_makes_its_plan_changed_since(measured, world):
    from django.utils import timezone

    from aspects.models import Plan

    moment = timezone.now()
    assert not Plan.objects.changed_since(moment).exists()
    make.measurement(measured.first, measured.september, value=70)
    assert list(Plan.objects.changed_since(moment)) == [measured.plan]
    draft_indicator = make.indicator(make.aspect(world.plan_a), targets={2017: 60})
    moment = timezone.now()
    draft_indicator.targets.get().delete()
    assert list(Plan.objects.changed_since(moment)) == [world.plan_a]
