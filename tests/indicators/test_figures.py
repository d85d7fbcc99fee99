"""The figures of a plan's indicators at a cut-off (indicators/figures.py): counts per rating for
the plan, each objective and each region, the share rated cumple among the measurable, the
indicators without a measurement; in the same few queries however many indicators there are."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.figures import plan_figures
from indicators.models import MeasurementRound
from indicators.rating import Rating
from tests import factories as make


@pytest.fixture
def rated(measured, world):
    """Five indicators over two objectives: cumple, cumple parcialmente, no cumple, pendiente, and
    one not measured at all; a sixth measured only in a region."""
    other_objective = make.objective(measured.plan, number=2)
    other_aspect = make.aspect(measured.plan, number=2, objective=other_objective)
    third = make.indicator(other_aspect, number=3, targets={2017: 90})
    fourth = make.indicator(other_aspect, number=4, targets={2017: 90})
    fifth = make.indicator(other_aspect, number=5, targets={2017: 90})
    regional = make.indicator(other_aspect, number=6, targets={2017: 90})
    north = make.region(world.agency_a, name="Norte")
    september = measured.september
    make.measurement(measured.first, september, numerator=7, denominator=10)  # 70 % of 70: cumple
    make.measurement(measured.second, september, value=45)  # 45 of 50: cumple parcialmente
    make.measurement(third, september, value=10)  # no cumple
    make.measurement(fourth, september, result_text="Se medirá en 2018.", rating=Rating.PENDING)
    make.measurement(regional, september, value=95, region=north)  # cumple, in the north only
    return measured, other_objective, fifth, regional, north


def test_the_plan_counts_each_indicator_once_in_its_rating(rated):
    measured, *_ = rated
    figures = plan_figures(measured.plan, measured.september)
    assert figures.overall.counts == {
        Rating.MET: 1,
        Rating.PARTLY_MET: 1,
        Rating.NOT_MET: 1,
        Rating.PENDING: 1,
        Rating.NO_TARGET: 0,
    }
    assert figures.overall.unmeasured == 2
    assert figures.overall.total == 6


def test_the_share_rated_cumple_is_among_the_measurable_only(rated):
    measured, *_ = rated
    overall = plan_figures(measured.plan, measured.september).overall
    assert overall.measurable == 3
    assert overall.met_share == Decimal(1) / 3


def test_each_objective_counts_its_own_indicators(rated):
    measured, other_objective, *_ = rated
    by_objective = dict(plan_figures(measured.plan, measured.september).by_objective)
    first = by_objective[measured.objective]
    assert (first.met, first.counts[Rating.PARTLY_MET], first.unmeasured) == (1, 1, 0)
    second = by_objective[other_objective]
    assert (second.counts[Rating.NOT_MET], second.counts[Rating.PENDING], second.unmeasured) == (1, 1, 2)


def test_a_regional_measurement_counts_for_its_region_not_for_the_plan(rated):
    measured, _, fifth, regional, north = rated
    figures = plan_figures(measured.plan, measured.september)
    assert [(region, counts.met) for region, counts in figures.by_region] == [(north, 1)]
    assert figures.unmeasured == [fifth, regional]


def test_all_regions_and_the_plans_own_region_count_for_the_plan(measured, world):
    everywhere = make.region(world.agency_a, name="Todas las regiones", all_regions=True)
    make.measurement(measured.first, measured.september, value=70, region=everywhere)
    measured.plan.region = make.region(world.agency_a, name="Centro")
    measured.plan.save()
    make.measurement(measured.second, measured.september, value=10, region=measured.plan.region)
    figures = plan_figures(measured.plan, measured.september)
    assert (figures.overall.met, figures.overall.counts[Rating.NOT_MET], figures.unmeasured) == (1, 1, [])
    assert figures.by_region == []


def test_the_cut_off_reads_each_indicators_latest_measurement_up_to_that_period(measured, world):
    make.measurement(measured.first, measured.september, value=10)
    make.authorised(MeasurementRound.objects.get(plan=measured.plan), world.staff_a, world.supervisor_a)
    make.closed(measured.september)
    make.opened(measured.march)
    make.measurement(measured.first, measured.march, value=75)
    assert plan_figures(measured.plan, measured.september).overall.counts[Rating.NOT_MET] == 1
    assert plan_figures(measured.plan, measured.march).overall.met == 1


def test_the_publics_figures_read_only_authorised_rounds(measured, world):
    make.measurement(measured.first, measured.september, value=70)
    assert plan_figures(measured.plan, measured.september, public=True).overall.met == 0
    assert plan_figures(measured.plan, measured.september).overall.met == 1
    make.authorised(MeasurementRound.objects.get(plan=measured.plan), world.staff_a, world.supervisor_a)
    assert plan_figures(measured.plan, measured.september, public=True).overall.met == 1


def test_without_a_measurable_indicator_there_is_no_share(measured):
    assert plan_figures(measured.plan, measured.september).overall.met_share is None


def count_queries(plan, period) -> int:
    with CaptureQueriesContext(connection) as captured:
        figures = plan_figures(plan, period)
        [(counts.total, counts.met_share) for _, counts in figures.by_objective + figures.by_region]
        [indicator.aspect.objective_id for indicator in figures.unmeasured]
    return len(captured)


def test_the_figures_take_the_same_queries_with_more_indicators(rated, world):
    measured, other_objective, *_ = rated
    before = count_queries(measured.plan, measured.september)
    south = make.region(world.agency_a, name="Sur")
    for n in range(10):
        aspect = make.aspect(measured.plan, objective=make.objective(measured.plan))
        indicator = make.indicator(aspect, targets={2017: 50})
        make.measurement(indicator, measured.september, value=n * 10)
        make.measurement(indicator, measured.september, value=n * 10, region=south)
    assert count_queries(measured.plan, measured.september) == before == 3
