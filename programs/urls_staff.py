from django.urls import path

from . import views

app_name = "programs"

urlpatterns = [
    path("programas/", views.ProgramList.as_view(), name="program-list"),
    path("programas/nuevo/", views.ProgramCreate.as_view(), name="program-create"),
    path("programas/<int:pk>/", views.ProgramDetail.as_view(), name="program-detail"),
    path("programas/<int:pk>/editar/", views.ProgramUpdate.as_view(), name="program-update"),
    path("programas/<int:pk>/eliminar/", views.ProgramDelete.as_view(), name="program-delete"),
    path("programas/<int:parent_pk>/evaluaciones/nueva/", views.EvaluationCreate.as_view(), name="evaluation-create"),
    path("evaluaciones/<int:pk>/", views.EvaluationDetail.as_view(), name="evaluation-detail"),
    path("evaluaciones/<int:pk>/editar/", views.EvaluationUpdate.as_view(), name="evaluation-update"),
    path("evaluaciones/<int:pk>/eliminar/", views.EvaluationDelete.as_view(), name="evaluation-delete"),
    path("ciclos/", views.cycle_list, name="cycle-list"),
    path("ciclos/nuevo/", views.CycleCreate.as_view(), name="cycle-create"),
    path("ciclos/<int:pk>/editar/", views.CycleUpdate.as_view(), name="cycle-update"),
    path("ciclos/<int:parent_pk>/periodos/nuevo/", views.PeriodCreate.as_view(), name="period-create"),
    path("periodos/<int:pk>/editar/", views.PeriodUpdate.as_view(), name="period-update"),
    # GET: the confirmation page; POST: the step.
    path("periodos/<int:pk>/abrir/", views.period_step, {"step": "open"}, name="period-open"),
    path("periodos/<int:pk>/cerrar/", views.period_step, {"step": "close"}, name="period-close"),
    path("periodos/<int:pk>/reabrir/", views.period_step, {"step": "reopen"}, name="period-reopen"),
    path("opciones/<slug:source>.json", views.choices, name="choices"),
]
