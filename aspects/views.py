from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.shortcuts import render
from django.utils import timezone

from programs.staff import (
    StaffCreateView,
    StaffDeleteView,
    StaffDetailView,
    StaffListView,
    StaffUpdateView,
    breadcrumbs,
)

from .filters import ActivityFilter, AspectFilter, PlanFilter
from .forms import ActivityInlineFormSet, AspectForm, PlanForm, ProgressReportForm
from .models import Activity, Aspect, Plan, ProgressReport
from .progress import Timeliness


@login_required
def staff_home(request):
    """What is overdue and what falls due soon, for the user's agency."""
    today = timezone.localdate()
    activities = (
        Activity.objects.visible_to(request.user)
        .with_progress()
        .select_related("aspect__plan__program", "aspect__plan__cycle")
        .order_by("end_date", "pk")
    )
    context = {
        "overdue": activities.filter(timeliness=Timeliness.OVERDUE)[:50],
        "due_soon": activities.filter(timeliness=Timeliness.DUE_SOON)[:50],
        "overdue_count": activities.filter(timeliness=Timeliness.OVERDUE).count(),
        "due_soon_count": activities.filter(timeliness=Timeliness.DUE_SOON).count(),
        "days": settings.DUE_SOON_DAYS,
        "today": today,
        "horizon": today + timedelta(days=settings.DUE_SOON_DAYS),
        "crumbs": breadcrumbs(None),
    }
    return render(request, "aspects/staff_home.html", context)


class PlanList(StaffListView):
    model = Plan
    filterset_class = PlanFilter
    title = "Programas de trabajo de ASM"
    template_name = "aspects/plan_list.html"

    def get_queryset(self):
        return (
            super().get_queryset().select_related("program", "cycle").annotate(aspect_count=Count("aspects"))
            .order_by("program__key", "-cycle__year")
        )


class PlanDetail(StaffDetailView):
    model = Plan

    def get_queryset(self):
        return super().get_queryset().select_related("program__agency", "cycle", "evaluation__type")

    def get_context_data(self, **kwargs):
        aspects = (
            self.object.aspects.with_progress()
            .select_related("scope", "topic", "responsible_unit")
            .annotate(activity_count=Count("activities"))
            .order_by("number")
        )
        return super().get_context_data(aspects=aspects, **kwargs)


class PlanCreate(StaffCreateView):
    model = Plan
    form_class = PlanForm

    def get_initial(self):
        return {"program": self.request.GET.get("program")}


class PlanUpdate(StaffUpdateView):
    model = Plan
    form_class = PlanForm


class PlanDelete(StaffDeleteView):
    model = Plan


class AspectList(StaffListView):
    model = Aspect
    filterset_class = AspectFilter
    title = "Aspectos susceptibles de mejora"
    template_name = "aspects/aspect_list.html"

    def get_queryset(self):
        queryset = (
            Aspect.objects.visible_to(self.request.user)
            .with_progress()
            .select_related("plan__program", "plan__cycle", "scope")
            .order_by("plan__program__key", "-plan__cycle__year", "number")
        )
        return self.filter(queryset)


class AspectDetail(StaffDetailView):
    model = Aspect

    def get_queryset(self):
        return super().get_queryset().with_progress().select_related(
            "plan__program__agency", "plan__cycle", "topic", "scope", "responsible_unit", "coordinating_unit"
        )

    def get_context_data(self, **kwargs):
        activities = (
            self.object.activities.with_progress()
            .prefetch_related("units", Prefetch("reports", ProgressReport.objects.select_related("period")))
        )
        return super().get_context_data(
            activities=activities,
            recommendations=self.object.recommendations.select_related("evaluation__type", "scope"),
            **kwargs,
        )


class AspectCreate(StaffCreateView):
    model = Aspect
    form_class = AspectForm
    parent_model = Plan
    parent_field = "plan"
    formset_classes = {"activities": ActivityInlineFormSet}


class AspectUpdate(StaffUpdateView):
    model = Aspect
    form_class = AspectForm
    formset_classes = {"activities": ActivityInlineFormSet}


class AspectDelete(StaffDeleteView):
    model = Aspect


class ActivityList(StaffListView):
    model = Activity
    filterset_class = ActivityFilter
    title = "Actividades"
    template_name = "aspects/activity_list.html"

    def get_queryset(self):
        queryset = (
            Activity.objects.visible_to(self.request.user)
            .with_progress()
            .select_related("aspect__plan__program", "aspect__plan__cycle")
            .prefetch_related("units")
            .order_by("end_date", "pk")
        )
        return self.filter(queryset)


class ActivityDetail(StaffDetailView):
    model = Activity

    def get_queryset(self):
        return super().get_queryset().with_progress().select_related("aspect__plan__program", "aspect__plan__cycle")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            reports=self.object.reports.select_related("period"), units=self.object.units.all(), **kwargs
        )


class ProgressReportCreate(StaffCreateView):
    model = ProgressReport
    form_class = ProgressReportForm
    parent_model = Activity
    parent_field = "activity"
    success_message = "Se registró el avance."

    def get_success_url(self) -> str:
        return self.object.activity.get_absolute_url()


class ProgressReportUpdate(StaffUpdateView):
    model = ProgressReport
    form_class = ProgressReportForm
    success_message = "Se actualizó el avance."

    def get_success_url(self) -> str:
        return self.object.activity.get_absolute_url()


class ProgressReportDelete(StaffDeleteView):
    model = ProgressReport
