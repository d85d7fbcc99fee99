"""Bad input is refused by the models' clean(), field by field, in Spanish, before anything is saved."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from indicators.models import Indicator, IndicatorTarget, Measurement
from indicators.rating import Rating
from tests import factories as make


def errors_of(obj) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        obj.full_clean()
    return refused.value.message_dict


@pytest.fixture
def draft_indicator(world):
    return make.indicator(make.aspect(world.plan_a), number=1)


@pytest.mark.parametrize("value", [-1, Decimal("100.01"), 150])
def test_a_percent_target_outside_0_to_100_is_refused(draft_indicator, value):
    target = IndicatorTarget(indicator=draft_indicator, year=2017, value=value)
    assert errors_of(target)["value"] == ["Para un indicador en porcentaje la meta debe estar entre 0 y 100."]


@pytest.mark.parametrize("value", [0, 100])
def test_a_percent_target_may_be_0_or_100(draft_indicator, value):
    IndicatorTarget(indicator=draft_indicator, year=2017, value=value).full_clean()


def test_a_value_target_may_pass_100(draft_indicator):
    draft_indicator.kind = Indicator.Kind.VALUE
    draft_indicator.save()
    IndicatorTarget(indicator=draft_indicator, year=2017, value=1500).full_clean()


def test_two_targets_for_the_same_year_are_refused(draft_indicator):
    IndicatorTarget.objects.create(indicator=draft_indicator, year=2017, value=70)
    errors = errors_of(IndicatorTarget(indicator=draft_indicator, year=2017, value=80))
    assert "Este indicador ya tiene una meta para el año 2017." in errors["year"]


def test_a_percent_baseline_outside_0_to_100_is_refused(draft_indicator):
    draft_indicator.baseline = 120
    assert errors_of(draft_indicator)["baseline"] == [
        "Para un indicador en porcentaje la línea base debe estar entre 0 y 100."
    ]


def measurement(measured, **values) -> Measurement:
    return Measurement(indicator=measured.first, period=measured.september, year=2017, **values)


def test_a_denominator_of_0_is_refused(measured):
    assert errors_of(measurement(measured, numerator=3, denominator=0))["denominator"] == [
        "El denominador no puede ser 0."
    ]


def test_a_numerator_without_its_denominator_is_refused(measured):
    assert "denominator" in errors_of(measurement(measured, numerator=3))


def test_values_and_numerator_together_are_refused(measured):
    errors = errors_of(measurement(measured, numerator=3, denominator=4, value=75))
    assert errors["value"] == ["Indique el numerador y el denominador, o un valor, no ambos."]


def test_an_override_without_a_justification_is_refused(measured):
    errors = errors_of(measurement(measured, value=50, rating=Rating.MET, rating_overridden=True))
    assert errors["override_justification"] == ["Justifique por qué cambia la calificación calculada."]


def test_an_override_with_a_justification_is_accepted(measured):
    measurement(
        measured, value=50, rating=Rating.MET, rating_overridden=True, override_justification="Criterio de la unidad."
    ).full_clean()


def test_a_text_only_measurement_needs_a_rating_picked(measured):
    errors = errors_of(measurement(measured, result_text="No se formula indicador 2007."))
    assert errors["rating"] == ["Sin valores medidos, elija la calificación."]


def test_a_measurement_with_neither_values_nor_text_is_refused(measured):
    assert "result_text" in errors_of(measurement(measured, rating=Rating.PENDING))


def test_a_measurement_outside_an_open_period_is_refused(measured):
    errors = errors_of(Measurement(indicator=measured.first, period=measured.march, year=2017, value=70))
    assert errors["period"] == ["El periodo de corte «Marzo» está por abrir: no admite mediciones."]


def test_a_measurement_of_a_plan_not_yet_authorised_is_refused(world, draft_indicator):
    period = make.opened(world.plan_a.cycle.periods.first())
    errors = errors_of(Measurement(indicator=draft_indicator, period=period, year=2017, value=70))
    assert errors["period"] == ["El programa de trabajo aún no está autorizado: todavía no se registran mediciones."]


def test_a_measurement_of_a_period_of_another_cycle_is_refused(measured, world):
    errors = errors_of(Measurement(indicator=measured.first, period=world.march, year=2017, value=70))
    assert errors["period"] == ["El periodo de corte debe ser del ciclo del programa de trabajo."]


def test_a_second_measurement_of_the_same_indicator_and_period_is_refused(measured):
    make.measurement(measured.first, measured.september, value=70)
    errors = errors_of(measurement(measured, value=75))
    assert errors["period"] == ["Este indicador ya tiene una medición en el periodo Septiembre."]


def test_one_measurement_per_region_is_allowed(measured, world):
    north, south = make.region(world.agency_a, name="Norte"), make.region(world.agency_a, name="Sur")
    make.measurement(measured.first, measured.september, value=70, region=north)
    measurement(measured, value=60, region=south).full_clean()
    errors = errors_of(measurement(measured, value=60, region=north))
    assert errors["period"] == ["Este indicador ya tiene una medición para la región «Norte» en el periodo Septiembre."]


def test_a_region_of_another_agency_is_refused(measured, world):
    errors = errors_of(measurement(measured, value=70, region=make.region(world.agency_b)))
    assert errors["region"] == ["La región debe ser del catálogo de la dependencia."]


def test_an_agency_has_one_entry_for_all_its_regions(world):
    make.region(world.agency_a, name="Todas las regiones", all_regions=True)
    second = make.region(world.agency_a, name="Todo el país")
    second.all_regions = True
    assert errors_of(second)["all_regions"] == ["La dependencia ya tiene la entrada «Todas las regiones»."]


def test_an_aspects_objective_must_be_of_its_plan(world):
    other = make.objective(world.live_plan_a)
    world.aspect_a.objective = other
    assert errors_of(world.aspect_a)["objective"] == ["El objetivo debe ser del mismo programa de trabajo."]


def test_a_plans_region_must_be_of_its_agency(world):
    world.plan_a.region = make.region(world.agency_b)
    assert errors_of(world.plan_a)["region"] == ["La región debe ser del catálogo de la dependencia del programa."]
