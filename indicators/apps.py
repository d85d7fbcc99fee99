from django.apps import AppConfig
from django.db.models.signals import pre_delete


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = "Compromisos medidos por indicadores"

    def ready(self) -> None:
        from aspects.models import PRINTED_MODELS
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

        content = (
            Indicator,
            IndicatorTarget,
            Measurement,
            MeasurementRound,
            ProductChange,
            AchievementGap,
            PlanNarrative,
        )
        for model in content:
            pre_delete.connect(
                refuse_deleting_locked, sender=model, dispatch_uid=f"refuse-deleting-locked-{model.__name__}"
            )

        # What the plan's annexes will print from here (the indicator tables, the informe ejecutivo)
        # makes the plan «changed since» a day too (PlanQuerySet.changed_since), through each model's
        # `public_plan_path`. aspects cannot name these models (this app sits above it), so they join
        # its registry here.
        PRINTED_MODELS.extend(content)
