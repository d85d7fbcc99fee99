"""How a target, a result and a rating are shown on the staff pages."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.html import format_html

from ..models import as_decimal, format_number
from ..rating import Rating

register = template.Library()

_RATING_CLASS: dict[str, str] = {
    Rating.MET: "success",
    Rating.PARTLY_MET: "warning text-dark",
    Rating.NOT_MET: "danger",
    Rating.PENDING: "secondary",
    Rating.NO_TARGET: "light text-dark border",
}


@register.filter
def number(value, unit: str = "") -> str:
    """70, 87.5 (at most two decimals), with « %» for a percent; «—» for nothing."""
    if value is None or value == "":
        return "—"
    rounded = as_decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{format_number(rounded)}{' %' if unit == '%' else ''}"


@register.filter
def share(value) -> str:
    """A share (0–1) as a percent with one decimal; «—» when there is none."""
    if value is None:
        return "—"
    return f"{format_number((as_decimal(value) * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP))} %"


@register.filter
def rating_badge(value: str) -> str:
    if not value:
        return "—"
    return format_html('<span class="badge bg-{}">{}</span>', _RATING_CLASS[value], Rating(value).label)
