from django.apps import AppConfig
from django.db.models.signals import pre_delete


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = "Compromisos medidos por indicadores"

    def ready(self) -> None:
        from programs.workflow import refuse_deleting_locked

        from .models import (
            AchievementGap,
            Indicator,
            IndicatorTarget,
            Measurement,
            MeasurementRound,
            PlanNarrative,
            ProductChange,
        )

        for model in (
            Indicator,
            IndicatorTarget,
            Measurement,
            MeasurementRound,
            ProductChange,
            AchievementGap,
            PlanNarrative,
        ):
            pre_delete.connect(
                refuse_deleting_locked, sender=model, dispatch_uid=f"refuse-deleting-locked-{model.__name__}"
            )
