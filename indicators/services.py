"""Steps that write more than one model, whoever takes them: the staff pages, the admin, the demo
loader and the tests' factories."""

from __future__ import annotations

from aspects.services import save_in_round
from programs.models import CutOffPeriod

from .models import Indicator, Measurement, MeasurementRound

# What a measurement says, besides its indicator and period (in the order its form shows it).
MEASUREMENT_FIELDS = (
    "region",
    "year",
    "numerator",
    "denominator",
    "value",
    "result_text",
    "rating",
    "rating_overridden",
    "override_justification",
)


def record_measurement(
    *, indicator: Indicator, period: CutOffPeriod, by, measurement: Measurement | None = None, **values
) -> Measurement:
    """Write an indicator's measurement at a cut-off period (a new one, or `measurement` changed)
    with the given `MEASUREMENT_FIELDS` values, and give the plan its measurement round for that
    period if it has none: the round is what is submitted and authorised. The rating is derived
    on save (`Measurement.apply_rating`). `by` is who records it (None where the caller already
    says who acts). It validates nothing: the form and the admin have, before they call it."""
    unknown = set(values).difference(MEASUREMENT_FIELDS)
    if unknown:
        raise TypeError(f"record_measurement() got unexpected fields: {', '.join(sorted(unknown))}")
    measurement = measurement or Measurement()
    measurement.indicator, measurement.period = indicator, period
    if "year" not in values and not measurement.year:
        measurement.year = period.end.year
    save_in_round(
        measurement, values, round_model=MeasurementRound, plan_id=indicator.aspect.plan_id, period=period, by=by
    )
    return measurement
