from django.apps import AppConfig
from django.db.models.signals import post_save, pre_delete, pre_save


class AspectsConfig(AppConfig):
    name = "aspects"
    verbose_name = "Aspectos susceptibles de mejora"

    def ready(self) -> None:
        from programs.models import CutOffPeriod
        from programs.workflow import refuse_deleting_locked, transitioned

        from .models import Activity, Aspect, ChangeRequest, Objective, Participant, Plan, ProgressReport, ReportRound
        from .unreported import recount_after_period_saved, recount_after_transition, remember_period_dates

        for model in (Plan, Objective, Participant, Aspect, Activity, ProgressReport, ReportRound, ChangeRequest):
            pre_delete.connect(
                refuse_deleting_locked, sender=model, dispatch_uid=f"refuse-deleting-locked-{model.__name__}"
            )
        # The stored counts of missing reports (MissingReports) move with a plan's authorisation and a
        # period's dates, rows of programs, which does not import aspects: it tells through signals.
        transitioned.connect(recount_after_transition, sender=Plan, dispatch_uid="aspects-missing-after-transition")
        pre_save.connect(remember_period_dates, sender=CutOffPeriod, dispatch_uid="aspects-missing-period-before")
        post_save.connect(recount_after_period_saved, sender=CutOffPeriod, dispatch_uid="aspects-missing-period-after")
