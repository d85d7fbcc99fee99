"""The committed activities still without a report in an open cut-off period, as the
coordinator's page, its downloads (reports.views) and its reminders choose them. Their stored
counts, and the pages read through them, are `unreported.py`."""

from __future__ import annotations

from programs.models import Agency, CutOffPeriod

from .filters import MissingReportFilter
from .unreported import ROW_ORDER

COORDINATION_ONLY = "Solo la coordinación de evaluación consulta quién no ha reportado."


def missing_in_order(missing):
    """The page's and the downloads' order: by agency, program, ASM and activity."""
    return missing.select_related("aspect__plan__program__agency").order_by(*ROW_ORDER)


def missing_report_scope(request) -> tuple[CutOffPeriod | None, Agency | None, MissingReportFilter]:
    """The open period asked for (`?periodo=`; by default the one that closes first) and the
    agency (`?dependencia=`), as the page, its downloads and its reminders read them."""
    open_periods = CutOffPeriod.objects.open().select_related("cycle").order_by("end", "pk")
    form = MissingReportFilter(request.GET or None, periods=open_periods)
    chosen = form.cleaned_data if form.is_valid() else {}
    return chosen.get("periodo") or open_periods.first(), chosen.get("dependencia"), form
