from django.urls import path

from . import views

app_name = "jobs-public"

# A shared job (a public file built once for whoever asks): no login, the token is the key.
urlpatterns = [
    path("descargas/<slug:token>/", views.shared_job_detail, name="detail"),
    path("descargas/<slug:token>/estado.json", views.shared_job_status, name="status"),
    path("descargas/<slug:token>/archivo", views.shared_job_download, name="download"),
]
