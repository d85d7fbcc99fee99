from django.urls import path

from . import views

app_name = "evidence-public"

urlpatterns = [
    path("evidencia/<int:pk>/", views.public_detail, name="detail"),
    path("evidencia/<int:pk>/descargar/", views.public_download, name="download"),
]
