from django.urls import path

from . import views

app_name = "aspects"

urlpatterns = [
    path("planes/", views.PlanList.as_view(), name="plan-list"),
    path("planes/nuevo/", views.PlanCreate.as_view(), name="plan-create"),
    path("planes/<int:pk>/", views.PlanDetail.as_view(), name="plan-detail"),
    path("planes/<int:pk>/editar/", views.PlanUpdate.as_view(), name="plan-update"),
    path("planes/<int:pk>/eliminar/", views.PlanDelete.as_view(), name="plan-delete"),
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
]
