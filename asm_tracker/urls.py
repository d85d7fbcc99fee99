from django.contrib import admin
from django.urls import include, path

from aspects.views import calendar_feed, staff_home

admin.site.site_header = "ASM Tracker · Administración"
admin.site.site_title = "ASM Tracker"

urlpatterns = [
    path("cuenta/", include("accounts.urls")),
    path("panel/", staff_home, name="staff-home"),
    # Outside /panel/: calendar applications fetch it without a session; the secret address is the key.
    path("calendario/<str:token>.ics", calendar_feed, name="calendar-feed"),
    path("panel/", include("programs.urls_staff")),
    path("panel/", include("aspects.urls_staff")),
    path("panel/", include("indicators.urls_staff")),
    path("panel/", include("evidence.urls_staff")),
    path("panel/", include("reports.urls_staff")),
    path("panel/", include("jobs.urls_staff")),
    path("panel/", include("imports.urls_staff")),
    path("", include("evidence.urls_public")),
    path("", include("jobs.urls_public")),
    path("", include("ops.urls")),
    path("api/", include("public.urls_api")),
    path("", include("public.urls_open_data")),
    path("", include("public.urls")),
    path("admin/", admin.site.urls),
]
