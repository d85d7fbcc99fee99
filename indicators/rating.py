"""The rating of a measured indicator, derived once, here, from its result and its target.

Thresholds (the result and the target in the indicator's unit, a percent or a value), with
`share` = `settings.INDICATOR_PARTIAL_SHARE` (0.80 by default). They depend on the indicator's
direction (`Indicator.direction`):

- **mayor es mejor** (the default: «70 % de los ministerios traspasan la información»):
  - **cumple**: the result reaches the target (result ≥ target);
  - **cumple parcialmente**: the result reaches the share of the target but not the target
    (share × target ≤ result < target: 56 ≤ result < 70 for a target of 70);
  - **no cumple**: below that (result < share × target);
- **menor es mejor** («tiempo de respuesta en días»: fewer days is better):
  - **cumple**: the result does not pass the target (result ≤ target);
  - **cumple parcialmente**: the result passes the target but not the target divided by the
    share (target < result ≤ target ÷ share: 10 < result ≤ 12.5 days for a target of 10);
  - **no cumple**: above that (result > target ÷ share).

  The rule is the mirror of the first one: there the ratio result ÷ target must reach the share,
  here the ratio target ÷ result must. It is computed as result × share ≤ target, so that no
  division rounds (target ÷ 0.9 has no exact decimal) and a share of 0 means no limit, as it
  does for «mayor es mejor». A target of 0 days is met by 0 only, and any other result is
  «no cumple» (a share of 0 aside).
- **sin meta**: the indicator has no target for the year measured («no se formula indicador 2007»);
- **pendiente** is never derived: it is what the agency writes when the indicator cannot be
  measured yet («sólo será posible de medir el año 2008»), a measurement with a text result only.

Every indicator of the seed forms is «mayor es mejor». A measurement with values takes the
derived rating unless the user overrides it with a written justification; a measurement with
only a text result takes the rating the user picks.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models


class Rating(models.TextChoices):
    MET = "cumple", "Cumple"
    PARTLY_MET = "cumple_parcialmente", "Cumple parcialmente"
    NOT_MET = "no_cumple", "No cumple"
    PENDING = "pendiente", "Pendiente"
    NO_TARGET = "sin_meta", "Sin meta"


class Direction(models.TextChoices):
    """Which way an indicator improves: most are «mayor es mejor»; a response time in days, a
    cost or an error rate is «menor es mejor»."""

    HIGHER = "mayor_es_mejor", "Mayor es mejor"
    LOWER = "menor_es_mejor", "Menor es mejor"


# The ratings of an indicator that could be measured against a target this year: the share
# rated «cumple» is counted among these (figures.py).
MEASURABLE = (Rating.MET, Rating.PARTLY_MET, Rating.NOT_MET)


def partial_share() -> Decimal:
    """The share of the target that rates «cumple parcialmente» (settings, 0.80 by default)."""
    return Decimal(str(settings.INDICATOR_PARTIAL_SHARE))


def derive_rating(
    *,
    result: Decimal | None,
    target: Decimal | None,
    share: Decimal | None = None,
    direction: str = Direction.HIGHER,
) -> Rating | None:
    """The rating the thresholds of this module's docstring give to `result` against `target`
    for an indicator of `direction`; None when there is no result to rate (a text-only
    measurement, whose rating the user picks)."""
    if result is None:
        return None
    if target is None:
        return Rating.NO_TARGET
    share = partial_share() if share is None else share
    if direction == Direction.LOWER:
        if result <= target:
            return Rating.MET
        if result * share <= target:
            return Rating.PARTLY_MET
        return Rating.NOT_MET
    if result >= target:
        return Rating.MET
    if result >= share * target:
        return Rating.PARTLY_MET
    return Rating.NOT_MET
