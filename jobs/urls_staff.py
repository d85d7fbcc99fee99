from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("descargas/", views.job_list, name="job-list"),
    path("descargas/<int:pk>/", views.job_detail, name="job-detail"),
    path("descargas/<int:pk>/estado.json", views.job_status, name="job-status"),
    path("descargas/<int:pk>/archivo", views.job_download, name="job-download"),
]
