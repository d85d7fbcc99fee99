"""Steps that write more than one model, in one place whoever takes them: the staff pages, the
admin, the demo loader and the tests' factories all call these."""

from __future__ import annotations

from django.db import models, transaction

from audit.models import acting_as_if_given
from programs.models import CutOffPeriod

from .models import Activity, ProgressReport, ReportRound

# What a report says, besides its activity and period, in the order the staff form asks it.
PROGRESS_FIELDS = (
    "percent",
    "justification",
    "observations",
    "replanning",
    "replanning_justification",
    "evidence_note",
    "printed_text",
    "reported_on",
)


def record_progress(
    *, activity: Activity, period: CutOffPeriod, by, report: ProgressReport | None = None, **values
) -> ProgressReport:
    """Write an activity's progress at a cut-off period (a new report, or `report` changed) with
    the given `PROGRESS_FIELDS` values, and give the plan its round for that period if it has
    none: the round is what is submitted and authorised, so no report is left without one.
    `by` is who records it (None where the caller already says who acts, as a script does).

    It validates nothing: the form and the admin have, before they call it."""
    unknown = set(values).difference(PROGRESS_FIELDS)
    if unknown:
        raise TypeError(f"record_progress() got unexpected fields: {', '.join(sorted(unknown))}")
    report = report or ProgressReport()
    report.activity, report.period = activity, period
    save_in_round(report, values, round_model=ReportRound, plan_id=activity.aspect.plan_id, period=period, by=by)
    return report


def save_in_round(
    record: models.Model,
    values: dict,
    *,
    round_model: type[models.Model],
    plan_id: int,
    period: CutOffPeriod,
    by,
) -> None:
    """Set `values` on `record` and save it, in one transaction with the plan's round of `period`
    (a `round_model`, the `PeriodRound` that holds such records), created if the plan has none:
    the round is what is submitted and authorised, so nothing recorded at a period is left
    without one. `by` is who records it (None keeps whoever the caller already acts as)."""
    for name, value in values.items():
        setattr(record, name, value)
    with acting_as_if_given(by), transaction.atomic():
        record.save()
        round_model._default_manager.get_or_create(plan_id=plan_id, period=period)
