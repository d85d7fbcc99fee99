"""The rating of a measured indicator: derived from its result and the target of the year measured
(indicators/rating.py), overridden only with a justification, picked by the user when the
measurement has only a text result."""

from decimal import Decimal

import pytest

from indicators.rating import Direction, Rating, derive_rating
from tests import factories as make

D = Decimal


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        ("90", Rating.MET),  # above the target
        ("70", Rating.MET),  # at the target
        ("69.99", Rating.PARTLY_MET),  # just under the target
        ("56", Rating.PARTLY_MET),  # at 80 % of the target (0.80 × 70)
        ("55.99", Rating.NOT_MET),  # just under 80 % of the target
        ("0", Rating.NOT_MET),
    ],
)
def test_a_result_is_rated_against_the_target_at_the_documented_thresholds(result, expected):
    assert derive_rating(result=D(result), target=D("70")) == expected


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        ("70.01", Rating.MET),  # just over the target: more is better
        ("70", Rating.MET),  # at the target
        ("69.99", Rating.PARTLY_MET),  # just under the target
        ("56.01", Rating.PARTLY_MET),  # just over 80 % of the target
        ("56", Rating.PARTLY_MET),  # at 80 % of the target (0.80 × 70)
        ("55.99", Rating.NOT_MET),  # just under 80 % of the target
    ],
)
def test_a_mayor_es_mejor_indicator_is_rated_at_and_just_around_each_threshold(result, expected):
    assert derive_rating(result=D(result), target=D("70"), direction=Direction.HIGHER) == expected


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        ("0", Rating.MET),
        ("9.99", Rating.MET),  # just under the target: fewer days is better
        ("10", Rating.MET),  # at the target
        ("10.01", Rating.PARTLY_MET),  # just over the target
        ("12.49", Rating.PARTLY_MET),  # just under the target ÷ 0.80
        ("12.5", Rating.PARTLY_MET),  # at the target ÷ 0.80 (10 ÷ 0.80)
        ("12.51", Rating.NOT_MET),  # just over the target ÷ 0.80
        ("40", Rating.NOT_MET),
    ],
)
def test_a_menor_es_mejor_indicator_is_rated_at_and_just_around_each_mirrored_threshold(result, expected):
    assert derive_rating(result=D(result), target=D("10"), direction=Direction.LOWER) == expected


def test_menor_es_mejor_compares_without_rounding_a_share_that_does_not_divide_evenly(settings):
    # 70 ÷ 0.9 = 77.77…: 77.7777 is within it, 77.7778 is not (77.7778 × 0.9 = 70.00002).
    settings.INDICATOR_PARTIAL_SHARE = "0.90"
    assert derive_rating(result=D("77.7777"), target=D("70"), direction=Direction.LOWER) == Rating.PARTLY_MET
    assert derive_rating(result=D("77.7778"), target=D("70"), direction=Direction.LOWER) == Rating.NOT_MET


def test_a_menor_es_mejor_target_of_zero_is_met_by_zero_only():
    assert derive_rating(result=D("0"), target=D("0"), direction=Direction.LOWER) == Rating.MET
    assert derive_rating(result=D("0.01"), target=D("0"), direction=Direction.LOWER) == Rating.NOT_MET


def test_either_direction_without_a_target_is_sin_meta_and_without_a_result_underived():
    for direction in Direction:
        assert derive_rating(result=D("5"), target=None, direction=direction) == Rating.NO_TARGET
        assert derive_rating(result=None, target=D("5"), direction=direction) is None


def test_without_a_target_for_the_year_the_rating_is_sin_meta():
    assert derive_rating(result=D("70"), target=None) == Rating.NO_TARGET


def test_without_a_result_there_is_nothing_to_derive():
    assert derive_rating(result=None, target=D("70")) is None


def test_the_share_for_cumple_parcialmente_is_a_setting(settings):
    settings.INDICATOR_PARTIAL_SHARE = "0.90"
    assert derive_rating(result=D("63"), target=D("70")) == Rating.PARTLY_MET
    assert derive_rating(result=D("62.99"), target=D("70")) == Rating.NOT_MET


@pytest.fixture
def live_indicator(db):
    agency = make.agency()
    staff, supervisor = make.user("cap", agency), make.user("sup", agency, role="supervisor")
    staff.first_name, staff.last_name = "Ana", "Pérez"
    staff.save()
    supervisor.first_name, supervisor.last_name = "Saúl", "Ríos"
    supervisor.save()
    plan = make.plan(make.program(agency))
    indicator = make.indicator(make.aspect(plan), targets={2017: 70, 2018: 80})
    make.authorised(plan, staff, supervisor)
    make.opened(plan.cycle.periods.order_by("end").first())
    return indicator


def test_a_measurement_with_numerator_and_denominator_takes_the_derived_rating(live_indicator):
    measurement = make.measurement(live_indicator, numerator=7, denominator=10)
    assert measurement.result() == 70
    assert (measurement.rating, measurement.derived_rating) == (Rating.MET, Rating.MET)


def test_the_year_measured_chooses_the_target(live_indicator):
    # 70 % meets 2017's target of 70 %, and is 87.5 % of 2018's 80 %.
    assert make.measurement(live_indicator, numerator=7, denominator=10, year=2018).rating == Rating.PARTLY_MET


def test_a_year_without_a_target_is_rated_sin_meta(live_indicator):
    assert make.measurement(live_indicator, value=95, year=2019).rating == Rating.NO_TARGET


def test_a_value_indicator_rates_its_value_against_its_target(live_indicator):
    live_indicator.kind = live_indicator.Kind.VALUE
    live_indicator.save()
    # Numerator ÷ denominator is a ratio, not a percent, for a value indicator.
    measurement = make.measurement(live_indicator, numerator=140, denominator=2)
    assert measurement.result() == 70
    assert measurement.rating == Rating.MET


def test_a_menor_es_mejor_indicator_rates_its_measurements_the_other_way(live_indicator):
    # Días de respuesta: a target of 70 days; 75 days is within 70 ÷ 0.80 = 87.5, 90 days is not.
    live_indicator.kind, live_indicator.direction = live_indicator.Kind.VALUE, Direction.LOWER
    live_indicator.save()
    assert make.measurement(live_indicator, value=60).rating == Rating.MET
    live_indicator.measurements.all().delete()
    assert make.measurement(live_indicator, value=75).rating == Rating.PARTLY_MET
    live_indicator.measurements.all().delete()
    measurement = make.measurement(live_indicator, value=90)
    assert (measurement.rating, measurement.derived_rating) == (Rating.NOT_MET, Rating.NOT_MET)


def test_an_indicator_is_mayor_es_mejor_unless_said_otherwise(live_indicator):
    assert live_indicator.direction == Direction.HIGHER and not live_indicator.lower_is_better


def test_an_override_keeps_the_users_rating_and_its_justification_beside_the_derived_one(live_indicator):
    measurement = make.measurement(
        live_indicator,
        numerator=5,
        denominator=10,
        rating=Rating.PARTLY_MET,
        rating_overridden=True,
        override_justification="La meta se midió sobre una base menor.",
    )
    measurement.refresh_from_db()
    assert (measurement.rating, measurement.derived_rating) == (Rating.PARTLY_MET, Rating.NOT_MET)
    assert measurement.rating_overridden


def test_without_the_override_a_rating_typed_over_values_is_replaced_by_the_derived_one(live_indicator):
    measurement = make.measurement(live_indicator, numerator=5, denominator=10, rating=Rating.MET)
    assert measurement.rating == Rating.NOT_MET


def test_undoing_an_override_drops_its_justification(live_indicator):
    measurement = make.measurement(
        live_indicator,
        value=50,
        rating=Rating.MET,
        rating_overridden=True,
        override_justification="Criterio de la unidad.",
    )
    measurement.rating_overridden = False
    measurement.save()
    assert (measurement.rating, measurement.override_justification) == (Rating.NOT_MET, "")


def test_a_text_only_measurement_keeps_the_rating_the_user_picked(live_indicator):
    measurement = make.measurement(
        live_indicator, result_text="Este indicador sólo será posible de medir el año 2008.", rating=Rating.PENDING
    )
    assert (measurement.rating, measurement.derived_rating, measurement.rating_overridden) == (
        Rating.PENDING,
        "",
        False,
    )
