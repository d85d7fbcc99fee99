from django.apps import AppConfig
from django.db.models.signals import pre_delete


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = "Compromisos medidos por indicadores"

    def ready(self) -> None:
        from aspects.models import PARENTS, PLAN_PATHS, Aspect, Plan
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

        # What the plan's annexes will print from here (the indicator tables, the informe ejecutivo)
        # makes the plan «changed since» a day too (PlanQuerySet.changed_since): how each model leads
        # to its plan, and which parent a deletion's audit entry names. aspects cannot name these
        # models (this app sits above it), so they join its registry here.
        PLAN_PATHS.update(
            {
                Indicator: "aspect__plan",
                IndicatorTarget: "indicator__aspect__plan",
                Measurement: "indicator__aspect__plan",
                MeasurementRound: "plan",
                ProductChange: "plan",
                AchievementGap: "plan",
                PlanNarrative: "plan",
            }
        )
        PARENTS.update(
            {
                Indicator: ("aspect_id", Aspect),
                IndicatorTarget: ("indicator_id", Indicator),
                Measurement: ("indicator_id", Indicator),
                MeasurementRound: ("plan_id", Plan),
                ProductChange: ("plan_id", Plan),
                AchievementGap: ("plan_id", Plan),
                PlanNarrative: ("plan_id", Plan),
            }
        )
