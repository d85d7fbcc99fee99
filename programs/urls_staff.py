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
]
