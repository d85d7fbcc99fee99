from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from .api import router

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("", include(router.urls)),
]
