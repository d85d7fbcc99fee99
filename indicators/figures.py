"""The figures derived from a plan's indicators at a cut-off period, defined once here (as
`aspects/progress.py` defines progress) and read by the staff pages, the annexes, the informe
ejecutivo and the public pages alike.

- Each indicator's measurement **at the cut-off** is its latest measurement in a period of the
  plan's cycle that ends on or before the cut-off period's end, one per region.
- The **plan's** and each **objective's** counts read the measurement of the plan's whole
  territory: a measurement without a region, for «Todas las regiones» or for the plan's own
  region. The counts **per region** read the measurements of each other region.
- An indicator is counted once per scope, in the rating of that measurement; one without such a
  measurement is **unmeasured** (not in any rating).
- The share rated «cumple» is taken among the indicators measurable this year: those rated
  «cumple», «cumple parcialmente» or «no cumple» (not «pendiente», not «sin meta»).

The public's figures (`public=True`) read only indicators of an authorised plan and
measurements of an authorised round. Three queries, whatever the number of indicators.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from aspects.models import Objective, Plan
from programs.models import CutOffPeriod, Region

from .models import Indicator, Measurement
from .rating import MEASURABLE, Rating


@dataclass
class RatingCounts:
    """How many indicators of a scope are in each rating, and how many have no measurement."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Rating.values, 0))
    unmeasured: int = 0

    def add(self, rating: str) -> None:
        self.counts[rating] = self.counts.get(rating, 0) + 1

    @property
    def rated(self) -> int:
        return sum(self.counts.values())

    @property
    def total(self) -> int:
        """Every indicator of the scope, measured or not."""
        return self.rated + self.unmeasured

    @property
    def measurable(self) -> int:
        return sum(self.counts[rating] for rating in MEASURABLE)

    @property
    def met(self) -> int:
        return self.counts[Rating.MET]

    @property
    def met_share(self) -> Decimal | None:
        """Share (0–1) rated «cumple» among the measurable; None when none is measurable."""
        return Decimal(self.met) / self.measurable if self.measurable else None

    def rows(self) -> list[tuple[str, str, int]]:
        """(code, label, count) of every rating, in the order of `Rating`: for tables and charts."""
        return [(rating.value, str(rating.label), self.counts[rating]) for rating in Rating]


@dataclass
class PlanFigures:
    plan: Plan
    period: CutOffPeriod
    overall: RatingCounts
    # In the objectives' order; None gathers the indicators of ASM without an objective.
    by_objective: list[tuple[Objective | None, RatingCounts]]
    # In the regions' order; only regions with a measurement at the cut-off.
    by_region: list[tuple[Region, RatingCounts]]
    # Indicators without a measurement of the plan's territory at the cut-off, in plan order.
    unmeasured: list[Indicator]
    # The measurement of the plan's territory that each indicator's rating comes from, by indicator id.
    measurements: dict[int, Measurement]


def _covers_plan(measurement: Measurement, plan: Plan) -> bool:
    region = measurement.region
    return region is None or region.all_regions or region.pk == plan.region_id


def plan_figures(plan: Plan, period: CutOffPeriod, *, public: bool = False) -> PlanFigures:
    """The figures of `plan` at the cut-off `period` (the module's docstring says how they are read)."""
    indicator_rows = Indicator.objects.public() if public else Indicator.objects.all()
    indicators = list(
        indicator_rows.filter(aspect__plan=plan).select_related("aspect").order_by("aspect__number", "number", "pk")
    )
    objectives = list(Objective.objects.filter(plan=plan).order_by("number"))
    measurements = Measurement.objects.public() if public else Measurement.objects.all()
    rows = (
        measurements.filter(indicator__aspect__plan=plan, period__cycle_id=plan.cycle_id, period__end__lte=period.end)
        .select_related("region", "period")
        .order_by("-period__end", "-pk")
    )
    # The latest at the cut-off per indicator and region (rows come latest first).
    latest: dict[tuple[int, int | None], Measurement] = {}
    for measurement in rows:
        latest.setdefault((measurement.indicator_id, measurement.region_id), measurement)

    general: dict[int, Measurement] = {}
    by_region: dict[int, RatingCounts] = defaultdict(RatingCounts)
    regions: dict[int, Region] = {}
    for (indicator_id, _), measurement in latest.items():
        if _covers_plan(measurement, plan):
            current = general.get(indicator_id)
            # Of two measurements of the whole territory (none and «Todas las regiones»), the latest.
            if current is None or (measurement.period.end, measurement.pk) > (current.period.end, current.pk):
                general[indicator_id] = measurement
        else:
            assert measurement.region is not None
            regions[measurement.region.pk] = measurement.region
            by_region[measurement.region.pk].add(measurement.rating)

    overall = RatingCounts()
    per_objective: dict[int | None, RatingCounts] = defaultdict(RatingCounts)
    unmeasured = []
    for indicator in indicators:
        scope = per_objective[indicator.aspect.objective_id]
        measurement = general.get(indicator.pk)
        if measurement is None:
            unmeasured.append(indicator)
            overall.unmeasured += 1
            scope.unmeasured += 1
        else:
            overall.add(measurement.rating)
            scope.add(measurement.rating)

    objective_rows: list[tuple[Objective | None, RatingCounts]] = [
        (objective, per_objective.get(objective.pk, RatingCounts())) for objective in objectives
    ]
    if None in per_objective:
        objective_rows.append((None, per_objective[None]))
    region_rows = [
        (regions[pk], by_region[pk])
        for pk in sorted(regions, key=lambda pk: (not regions[pk].all_regions, regions[pk].name))
    ]
    return PlanFigures(
        plan=plan,
        period=period,
        overall=overall,
        by_objective=objective_rows,
        by_region=region_rows,
        unmeasured=unmeasured,
        measurements={indicator.pk: general[indicator.pk] for indicator in indicators if indicator.pk in general},
    )
