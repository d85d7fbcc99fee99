from django.contrib import admin

from audit.admin import ReadOnlyAdmin

from .models import (
    Agency,
    CutOffPeriod,
    Cycle,
    Evaluation,
    EvaluationType,
    ManagementScope,
    Membership,
    Program,
    Recommendation,
    Unit,
)
from .workflow import Transition

SIGNATURE_FIELDS = [
    "state",
    "prepared_by_name",
    "prepared_by_position",
    "prepared_at",
    "authorised_by_name",
    "authorised_by_position",
    "authorised_at",
]


class ReviewableAdmin(admin.ModelAdmin):
    """State and signatures are shown, never edited: only the workflow's transitions set them."""

    readonly_fields = SIGNATURE_FIELDS


@admin.register(Transition)
class TransitionAdmin(ReadOnlyAdmin):
    list_display = ["at", "content_type", "object_id", "from_state", "to_state", "by_name"]
    list_filter = ["to_state", "content_type"]


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "order", "state"]
    list_filter = ["order", "state"]
    search_fields = ["name", "acronym"]
    inlines = [UnitInline]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "agency", "email"]
    list_filter = ["agency"]
    search_fields = ["name", "acronym"]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["key", "name", "acronym", "kind", "agency"]
    list_filter = ["kind", "agency"]
    search_fields = ["key", "name", "acronym"]


@admin.register(EvaluationType)
class EvaluationTypeAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(ManagementScope)
class ManagementScopeAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class RecommendationInline(admin.TabularInline):
    model = Recommendation
    extra = 0
    fk_name = "evaluation"
    raw_id_fields = ["duplicates"]


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["program", "type", "year", "fiscal_year", "evaluator"]
    list_filter = ["type", "year", "program__agency"]
    search_fields = ["program__key", "program__name", "evaluator"]
    list_select_related = ["program", "type"]
    inlines = [RecommendationInline]


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["number", "short_text", "evaluation", "scope", "attended"]
    list_filter = ["attended", "scope", "evaluation__program"]
    search_fields = ["text", "justification"]
    list_select_related = ["evaluation__program", "evaluation__type", "scope"]
    raw_id_fields = ["duplicates"]

    @admin.display(description="recomendación")
    def short_text(self, obj: Recommendation) -> str:
        return obj.text[:100]


class CutOffPeriodInline(admin.TabularInline):
    model = CutOffPeriod
    extra = 0


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["name", "year"]
    search_fields = ["name"]
    inlines = [CutOffPeriodInline]


@admin.register(CutOffPeriod)
class CutOffPeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "cycle", "start", "end", "status"]
    list_filter = ["cycle", "status"]
    readonly_fields = ["status"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "agency", "position"]
    list_filter = ["role", "agency"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "position"]
    list_select_related = ["user", "agency"]
