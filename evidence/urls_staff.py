from django.urls import path

from programs.transitions import transition_urls

from . import views
from .models import Evidence

app_name = "evidence"

urlpatterns = [
    path("avances/<int:report_pk>/evidencias/nueva/", views.report_upload, name="report-upload"),
    path("evaluaciones/<int:evaluation_pk>/documentos/nuevo/", views.evaluation_upload, name="evaluation-upload"),
    path("evidencias/<int:pk>/", views.EvidenceDetail.as_view(), name="evidence-detail"),
    path("evidencias/<int:pk>/editar/", views.EvidenceUpdate.as_view(), name="evidence-update"),
    path("evidencias/<int:pk>/eliminar/", views.EvidenceDelete.as_view(), name="evidence-delete"),
    path("evidencias/<int:pk>/reemplazar/", views.replace, name="evidence-replace"),
    path("evidencias/<int:pk>/descargar/", views.download, name="evidence-download"),
]

# A replacement of authorised evidence is authorised on its own (POST only).
urlpatterns += transition_urls("evidencias", "evidence", Evidence)
