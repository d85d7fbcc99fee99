from django.urls import path

from ops.health import health

urlpatterns = [path("salud/", health, name="health")]
