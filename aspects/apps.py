from collections.abc import Callable

from django.apps import AppConfig
from django.db import models
from django.db.models.signals import post_save, pre_delete, pre_save


class AspectsConfig(AppConfig):
    name = "aspects"
    verbose_name = "Aspectos susceptibles de mejora"

    def ready(self) -> None:
        from programs.models import CutOffPeriod, Cycle, Program
        from programs.workflow import refuse_deleting_locked, transitioned

        from .models import Activity, Aspect, ChangeRequest, Objective, Participant, Plan, ProgressReport, ReportRound
        from .unreported import recount_after_period_saved, recount_after_transition, remember_period_dates

        for model in (Plan, Objective, Participant, Aspect, Activity, ProgressReport, ReportRound, ChangeRequest):
            pre_delete.connect(
                refuse_deleting_locked, sender=model, dispatch_uid=f"refuse-deleting-locked-{model.__name__}"
            )

        # The public lists sort by copies of a program's key and a cycle's year (progress.refresh_keys):
        # a saved program, cycle or plan (moved to another program or cycle) re-keys its rows.
        keyed: list[tuple[type, str]] = [(Program, "plan__program"), (Cycle, "plan__cycle"), (Plan, "plan")]
        for owner, path in keyed:
            post_save.connect(
                rekeyer(Aspect, path, "refresh_keys"), sender=owner, weak=False, dispatch_uid=f"rekey-{owner.__name__}"
            )
        # A plan's summary copies its state, agency and cycle (progress.SUMMARY_KEYS): a saved plan (a
        # transition, another program or cycle) or program (another agency) copies them again.
        for owner, path in [(Program, "program"), (Plan, "pk")]:
            post_save.connect(
                rekeyer(Plan, path, "refresh_summary_keys"),
                sender=owner,
                weak=False,
                dispatch_uid=f"rekey-summary-{owner.__name__}",
            )
        # The stored counts of missing reports (MissingReports) move with a plan's authorisation and a
        # period's dates, rows of programs, which does not import aspects: it tells through signals.
        transitioned.connect(recount_after_transition, sender=Plan, dispatch_uid="aspects-missing-after-transition")
        pre_save.connect(remember_period_dates, sender=CutOffPeriod, dispatch_uid="aspects-missing-period-before")
        post_save.connect(recount_after_period_saved, sender=CutOffPeriod, dispatch_uid="aspects-missing-period-after")


def rekeyer(model: type[models.Model], path: str, refresh: str) -> Callable[..., None]:
    """A post_save receiver that copies the keys again to the rows of `model` under the saved row,
    through `progress.<refresh>` (refresh_keys for ASM and their activities, refresh_summary_keys
    for plans' summaries)."""

    def rekey(sender, instance, created: bool = False, raw: bool = False, **kwargs) -> None:
        if created or raw:
            return  # nothing is keyed under a new row yet; a fixture's rows are loaded as they are
        from . import progress

        getattr(progress, refresh)(model._base_manager.filter(**{path: instance.pk}).values("pk"))

    return rekey
