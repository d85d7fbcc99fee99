from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("importar/", views.import_list, name="import-list"),
    path("importar/nueva/", views.import_upload, name="import-upload"),
    path("importar/<int:pk>/", views.import_detail, name="import-detail"),
    path("importar/<int:pk>/descartar/", views.import_discard, name="import-discard"),
    path("importar/<int:pk>/archivo", views.import_file, name="import-file"),
]
