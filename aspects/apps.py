from django.apps import AppConfig
from django.db.models.signals import pre_delete


class AspectsConfig(AppConfig):
    name = "aspects"
    verbose_name = "Aspectos susceptibles de mejora"

    def ready(self) -> None:
        from programs.workflow import refuse_deleting_locked

        from .models import Activity, Aspect, ChangeRequest, Objective, Participant, Plan, ProgressReport, ReportRound

        for model in (Plan, Objective, Participant, Aspect, Activity, ProgressReport, ReportRound, ChangeRequest):
            pre_delete.connect(
                refuse_deleting_locked, sender=model, dispatch_uid=f"refuse-deleting-locked-{model.__name__}"
            )
