"""load_demo's plan measured by indicators (demo/indicator_plan.py): three stages, nine specific
objectives with yearly targets, every rating among the authorised 2008 measurements, products, gaps,
narrative sections, and a draft 2009 round in its open period."""

import pytest
from django.urls import reverse

from aspects.models import Plan
from indicators.figures import plan_figures
from indicators.models import IndicatorTarget, Measurement, MeasurementRound
from indicators.rating import Rating
from programs.workflow import State
from tests.personas import client_for


@pytest.fixture
def plan(demo):
    return Plan.objects.get(program__key="PMG-SEDESOL")


def test_the_plan_has_three_stages_and_at_least_eight_specific_objectives(plan):
    assert plan.state == State.AUTHORISED
    assert plan.objectives.count() == 3
    assert plan.aspects.filter(objective__isnull=False).count() == 9
    assert IndicatorTarget.objects.filter(indicator__aspect__plan=plan).values("year").distinct().count() == 3


def test_the_authorised_2008_round_has_every_rating(plan):
    round_ = MeasurementRound.objects.get(plan=plan, state=State.AUTHORISED)
    figures = plan_figures(plan, round_.period, public=True)
    assert figures.overall.counts == {
        Rating.MET: 3,
        Rating.PARTLY_MET: 2,
        Rating.NOT_MET: 2,
        Rating.PENDING: 1,
        Rating.NO_TARGET: 1,
    }
    assert figures.unmeasured == []
    assert [(str(region), counts.met) for region, counts in figures.by_region] == [
        ("Región Centro", 1),
        ("Región Norte", 1),
        ("Región Sur", 0),
    ]
    overridden = Measurement.objects.get(indicator__aspect__plan=plan, rating_overridden=True)
    assert (overridden.rating, overridden.derived_rating) == (Rating.NOT_MET, Rating.PARTLY_MET)


def test_the_2009_round_is_a_draft_in_its_open_period_and_not_public(plan):
    draft = MeasurementRound.objects.get(plan=plan, state=State.DRAFT)
    assert draft.period.is_open
    assert draft.measurements().count() == 3
    assert not Measurement.objects.public().filter(period=draft.period).exists()


def test_products_gaps_and_narrative_are_there(plan):
    assert plan.product_changes.count() == 3
    assert set(plan.product_changes.values_list("incorporated", flat=True)) == {True, False}
    assert plan.achievement_gaps.count() == 3
    assert len(plan.narrative.achievement_list()) == 4


def test_the_demo_capturista_can_record_in_the_draft_round(plan):
    from django.contrib.auth import get_user_model

    capturista = get_user_model().objects.get(username="capturista.sedesol")
    draft = MeasurementRound.objects.get(plan=plan, state=State.DRAFT)
    client = client_for(capturista)
    assert client.get(draft.get_absolute_url()).status_code == 200
    indicator = plan.aspects.get(number=2).indicators.get()
    assert client.get(reverse("indicators:measurement-create", args=[indicator.pk])).status_code == 200
