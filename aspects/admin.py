from django.contrib import admin

from programs.admin import ReviewableAdmin, SignedContentAdmin

from .models import (
    Activity,
    ActivityUnit,
    Aspect,
    ChangeRequest,
    Objective,
    Participant,
    Plan,
    ProgressReport,
    ReportRound,
    Topic,
)
from .services import record_progress


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Plan)
class PlanAdmin(ReviewableAdmin):
    list_display = ["program", "cycle", "title", "state", "responsible_name", "prepared_on"]
    list_filter = ["state", "cycle", "program__agency"]
    search_fields = ["program__key", "program__name", "title", "responsible_name"]
    list_select_related = ["program", "cycle"]


@admin.register(Objective)
class ObjectiveAdmin(SignedContentAdmin):
    list_display = ["number", "plan", "text"]
    list_filter = ["plan__cycle", "plan__program"]
    search_fields = ["text"]
    list_select_related = ["plan__program", "plan__cycle"]
    locked_parents = ("plan",)


@admin.register(Participant)
class ParticipantAdmin(SignedContentAdmin):
    list_display = ["number", "name", "position", "unit", "email", "plan"]
    list_filter = ["plan__cycle", "plan__program"]
    search_fields = ["name", "position", "unit", "email"]
    list_select_related = ["plan__program", "plan__cycle"]
    locked_parents = ("plan",)


class ActivityInline(admin.StackedInline):
    model = Activity
    extra = 0
    show_change_link = True  # its responsible units, in order, are edited on its own page


class ActivityUnitInline(admin.TabularInline):
    """The responsible units in the order the agency wrote them."""

    model = ActivityUnit
    extra = 0
    fields = ["position", "unit"]
    autocomplete_fields = ["unit"]


@admin.register(Aspect)
class AspectAdmin(SignedContentAdmin):
    list_display = ["number", "short_text", "plan", "kind", "priority", "scope"]
    list_filter = ["kind", "priority", "action_type", "topic", "scope", "plan__cycle", "plan__program"]
    search_fields = ["text", "expected_results", "observations"]
    list_select_related = ["plan__program", "plan__cycle", "scope"]
    filter_horizontal = ["recommendations"]
    inlines = [ActivityInline]
    locked_parents = ("plan",)

    @admin.display(description="ASM")
    def short_text(self, obj: Aspect) -> str:
        return obj.text[:100]


@admin.register(Activity)
class ActivityAdmin(SignedContentAdmin):
    list_display = ["number", "short_description", "aspect", "start_date", "end_date", "actual_end_date"]
    list_filter = ["aspect__plan__cycle", "aspect__plan__program", "end_date"]
    search_fields = ["description", "product", "expected_results", "results_obtained"]
    list_select_related = ["aspect__plan__program", "aspect__plan__cycle"]
    inlines = [ActivityUnitInline]
    locked_parents = ("aspect",)

    @admin.display(description="actividad")
    def short_description(self, obj: Activity) -> str:
        return obj.description[:100]


@admin.register(ProgressReport)
class ProgressReportAdmin(SignedContentAdmin):
    list_display = ["activity", "period", "percent", "replanning", "reported_on"]
    list_filter = ["period__cycle", "period", "replanning"]
    search_fields = ["justification", "observations", "activity__description"]
    list_select_related = ["activity", "period__cycle"]

    def save_model(self, request, obj: ProgressReport, form, change: bool) -> None:
        # As the staff form does: a report added here gets its plan's round for the period too.
        record_progress(activity=obj.activity, period=obj.period, report=obj, by=request.user)


@admin.register(ReportRound)
class ReportRoundAdmin(ReviewableAdmin):
    list_display = ["plan", "period", "state", "prepared_by_name", "authorised_by_name"]
    list_filter = ["state", "period__cycle"]
    list_select_related = ["plan__program", "plan__cycle", "period"]


@admin.register(ChangeRequest)
class ChangeRequestAdmin(ReviewableAdmin):
    list_display = ["activity", "state", "new_end_date", "cancel", "created_at"]
    list_filter = ["state", "cancel"]
    list_select_related = ["activity__aspect"]
