from django.contrib import admin

from programs.admin import ReviewableAdmin, SignedContentAdmin

from .models import (
    AchievementGap,
    Indicator,
    IndicatorTarget,
    Measurement,
    MeasurementRound,
    PlanNarrative,
    ProductChange,
)
from .services import MEASUREMENT_FIELDS, record_measurement


class IndicatorTargetInline(admin.TabularInline):
    model = IndicatorTarget
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(SignedContentAdmin):
    list_display = ["number", "short_text", "aspect", "kind", "direction", "unit"]
    list_filter = ["kind", "direction", "aspect__plan__cycle", "aspect__plan__program"]
    search_fields = ["text", "numerator_description", "denominator_description"]
    list_select_related = ["aspect__plan__program"]
    inlines = [IndicatorTargetInline]
    locked_parents = ("aspect",)

    @admin.display(description="indicador")
    def short_text(self, obj: Indicator) -> str:
        return obj.text[:100]


@admin.register(MeasurementRound)
class MeasurementRoundAdmin(ReviewableAdmin):
    list_display = ["plan", "period", "state", "prepared_by_name", "authorised_by_name"]
    list_filter = ["state", "period__cycle"]
    list_select_related = ["plan__program", "plan__cycle", "period"]


@admin.register(Measurement)
class MeasurementAdmin(SignedContentAdmin):
    list_display = ["indicator", "period", "region", "year", "rating", "derived_rating", "rating_overridden"]
    list_filter = ["rating", "rating_overridden", "period__cycle", "period"]
    search_fields = ["result_text", "override_justification", "indicator__text"]
    list_select_related = ["indicator", "period__cycle", "region"]
    readonly_fields = ["derived_rating"]

    def save_model(self, request, obj: Measurement, form, change: bool) -> None:
        # As the staff form does: the rating derived, and the plan's round for the period made.
        values = {name: getattr(obj, name) for name in MEASUREMENT_FIELDS}
        record_measurement(indicator=obj.indicator, period=obj.period, measurement=obj, by=request.user, **values)


class PlanContentAdmin(SignedContentAdmin):
    list_select_related = ["plan__program", "plan__cycle"]
    list_filter = ["plan__cycle", "plan__program"]
    locked_parents = ("plan",)


@admin.register(ProductChange)
class ProductChangeAdmin(PlanContentAdmin):
    list_display = ["number", "plan", "product", "incorporated"]
    search_fields = ["product", "subproduct", "modification", "note"]


@admin.register(AchievementGap)
class AchievementGapAdmin(PlanContentAdmin):
    list_display = ["number", "plan", "committed", "reached"]
    search_fields = ["committed", "reached", "gap", "causes"]


@admin.register(PlanNarrative)
class PlanNarrativeAdmin(PlanContentAdmin):
    list_display = ["plan"]
    search_fields = ["contribution", "difficulties", "recommendations", "achievements"]
