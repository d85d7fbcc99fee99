from django.contrib import admin

from .models import Activity, Aspect, Plan, ProgressReport, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["program", "cycle", "title", "responsible_name", "prepared_on"]
    list_filter = ["cycle", "program__agency"]
    search_fields = ["program__key", "program__name", "title", "responsible_name"]
    list_select_related = ["program", "cycle"]


class ActivityInline(admin.StackedInline):
    model = Activity
    extra = 0
    filter_horizontal = ["units"]


@admin.register(Aspect)
class AspectAdmin(admin.ModelAdmin):
    list_display = ["number", "short_text", "plan", "kind", "priority", "scope"]
    list_filter = ["kind", "priority", "action_type", "topic", "scope", "plan__cycle", "plan__program"]
    search_fields = ["text", "expected_results", "observations"]
    list_select_related = ["plan__program", "plan__cycle", "scope"]
    filter_horizontal = ["recommendations"]
    inlines = [ActivityInline]

    @admin.display(description="ASM")
    def short_text(self, obj: Aspect) -> str:
        return obj.text[:100]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["number", "short_description", "aspect", "start_date", "end_date", "actual_end_date"]
    list_filter = ["aspect__plan__cycle", "aspect__plan__program", "end_date"]
    search_fields = ["description", "product", "expected_results", "results_obtained"]
    list_select_related = ["aspect__plan__program", "aspect__plan__cycle"]
    filter_horizontal = ["units"]

    @admin.display(description="actividad")
    def short_description(self, obj: Activity) -> str:
        return obj.description[:100]


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["activity", "period", "percent", "replanning", "reported_on"]
    list_filter = ["period__cycle", "period", "replanning"]
    search_fields = ["justification", "observations", "activity__description"]
    list_select_related = ["activity", "period__cycle"]
