from django.urls import path

from programs.transitions import transition_urls

from . import views
from .models import ChangeRequest, Plan, ReportRound

app_name = "aspects"

urlpatterns = [
    path("planes/", views.PlanList.as_view(), name="plan-list"),
    path("planes/nuevo/", views.PlanCreate.as_view(), name="plan-create"),
    path("planes/<int:pk>/", views.PlanDetail.as_view(), name="plan-detail"),
    path("planes/<int:pk>/editar/", views.PlanUpdate.as_view(), name="plan-update"),
    path("planes/<int:pk>/eliminar/", views.PlanDelete.as_view(), name="plan-delete"),
    path("planes/<int:pk>/participantes/", views.PlanParticipants.as_view(), name="plan-participants"),
    path("planes/<int:parent_pk>/asm/nuevo/", views.AspectCreate.as_view(), name="aspect-create"),
    path("asm/", views.AspectList.as_view(), name="aspect-list"),
    path("asm/<int:pk>/", views.AspectDetail.as_view(), name="aspect-detail"),
    path("asm/<int:pk>/editar/", views.AspectUpdate.as_view(), name="aspect-update"),
    path("asm/<int:pk>/eliminar/", views.AspectDelete.as_view(), name="aspect-delete"),
    path("actividades/", views.ActivityList.as_view(), name="activity-list"),
    path("actividades/<int:pk>/", views.ActivityDetail.as_view(), name="activity-detail"),
    path("actividades/<int:parent_pk>/avances/nuevo/", views.ProgressReportCreate.as_view(), name="report-create"),
    path("avances/<int:pk>/editar/", views.ProgressReportUpdate.as_view(), name="report-update"),
    path("avances/<int:pk>/eliminar/", views.ProgressReportDelete.as_view(), name="report-delete"),
    path("avances-del-periodo/<int:pk>/", views.RoundDetail.as_view(), name="round-detail"),
    path("avances-del-periodo/autorizar-varios/", views.bulk_authorise, name="round-bulk-authorise"),
    path("coordinacion/sin-reporte/", views.missing_reports, name="missing-reports"),
    path("calendario/", views.due_calendar, name="calendar"),
    path("coordinacion/sin-reporte/recordatorio/", views.missing_reports_remind, name="missing-reports-remind"),
    path(
        "actividades/<int:parent_pk>/replanteamientos/nuevo/", views.ChangeRequestCreate.as_view(), name="change-create"
    ),
    path("replanteamientos/<int:pk>/", views.ChangeRequestDetail.as_view(), name="change-detail"),
    path("replanteamientos/<int:pk>/editar/", views.ChangeRequestUpdate.as_view(), name="change-update"),
    path("replanteamientos/<int:pk>/eliminar/", views.ChangeRequestDelete.as_view(), name="change-delete"),
]

# Workflow transitions, POST only: /panel/planes/7/enviar/, /panel/replanteamientos/3/autorizar/…
urlpatterns += [
    *transition_urls("planes", "plan", Plan),
    *transition_urls("avances-del-periodo", "round", ReportRound),
    *transition_urls("replanteamientos", "change", ChangeRequest),
]
