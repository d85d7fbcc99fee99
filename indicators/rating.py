"""The rating of a measured indicator, derived once, here, from its result and its target.

Thresholds (the result and the target in the indicator's unit, a percent or a value):

- **cumple**: the result reaches the target (result ≥ target);
- **cumple parcialmente**: the result reaches `settings.INDICATOR_PARTIAL_SHARE` of the target
  (80 % by default: result ≥ 0.80 × target) but not the target;
- **no cumple**: below that share;
- **sin meta**: the indicator has no target for the year measured («no se formula indicador 2007»);
- **pendiente** is never derived: it is what the agency writes when the indicator cannot be
  measured yet («sólo será posible de medir el año 2008»), a measurement with a text result only.

The thresholds assume that more is better, as every indicator of the seed forms does. A
measurement with values takes the derived rating unless the user overrides it with a written
justification; a measurement with only a text result takes the rating the user picks.
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


# The ratings of an indicator that could be measured against a target this year: the share
# rated «cumple» is counted among these (figures.py).
MEASURABLE = (Rating.MET, Rating.PARTLY_MET, Rating.NOT_MET)


def partial_share() -> Decimal:
    """The share of the target that rates «cumple parcialmente» (settings, 0.80 by default)."""
    return Decimal(str(settings.INDICATOR_PARTIAL_SHARE))


def derive_rating(*, result: Decimal | None, target: Decimal | None, share: Decimal | None = None) -> Rating | None:
    """The rating the thresholds of this module's docstring give to `result` against `target`;
    None when there is no result to rate (a text-only measurement, whose rating the user picks)."""
    if result is None:
        return None
    if target is None:
        return Rating.NO_TARGET
    share = partial_share() if share is None else share
    if result >= target:
        return Rating.MET
    if result >= share * target:
        return Rating.PARTLY_MET
    return Rating.NOT_MET
