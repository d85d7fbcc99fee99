from django.urls import path
from django.views.decorators.http import require_safe

from .bulk import FILENAME, bulk_download
from .cache import cached_page
from .feeds import ProgramFeed

app_name = "open-data"

urlpatterns = [
    path("programas/<str:key>/feed/", require_safe(cached_page(ProgramFeed())), name="program-feed"),
    path(f"datos/{FILENAME}", bulk_download, name="bulk-download"),
]
