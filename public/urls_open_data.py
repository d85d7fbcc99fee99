from django.urls import path
from django.views.decorators.http import require_safe

from .bulk import FILENAME, bulk_download
from .feeds import ProgramFeed

app_name = "open-data"

urlpatterns = [
    path("programas/<str:key>/feed/", require_safe(ProgramFeed()), name="program-feed"),
    path(f"datos/{FILENAME}", bulk_download, name="bulk-download"),
]
