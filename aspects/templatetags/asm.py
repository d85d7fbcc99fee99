from datetime import date

from django import template
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils.dateformat import format as format_date
from django.utils.html import format_html

from aspects.models import DatePrecision, MissingReports
from aspects.progress import Status, Timeliness

register = template.Library()

# Keyed by the stored values, which is what the templates pass.
_STATUS_CLASS: dict[str, str] = {Status.NOT_STARTED: "secondary", Status.IN_PROGRESS: "primary", Status.DONE: "success"}
_TIMELINESS_CLASS: dict[str, str] = {
    Timeliness.ON_TIME: "success",
    Timeliness.DUE_SOON: "warning text-dark",
    Timeliness.OVERDUE: "danger",
}


@register.filter
def percent(value) -> str:
    if value is None:
        return "—"
    return f"{value:.0f} %" if isinstance(value, float) else f"{value} %"


@register.filter
def status_badge(value: str) -> str:
    if not value:
        return "—"
    return format_html('<span class="badge bg-{}">{}</span>', _STATUS_CLASS[value], Status(value).label)


@register.filter
def timeliness_badge(value: str | None) -> str:
    if not value:
        return "—"
    return format_html('<span class="badge bg-{}">{}</span>', _TIMELINESS_CLASS[value], Timeliness(value).label)


@register.simple_tag
def written_date(value: date | None, precision: str = DatePrecision.DAY) -> str:
    """A date as the documents write it: 31/12/2008, or «diciembre de 2009» when only the month is known."""
    if value is None:
        return "—"
    if precision == DatePrecision.MONTH:
        return format_date(value, "F \\d\\e Y").lower()
    return format_date(value, "d/m/Y")


@register.simple_tag
def missing_report_count(period) -> int:
    """How many committed activities of the period's cycle have no progress report in it yet
    (for the confirmation page of a period's step, which the programs app renders), added up from
    the plans' stored counts (MissingReports)."""
    return MissingReports.objects.filter(period=period).aggregate(n=Coalesce(Sum("activities"), 0))["n"]
