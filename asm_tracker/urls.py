from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from aspects.views import staff_home

admin.site.site_header = "ASM Tracker · Administración"
admin.site.site_title = "ASM Tracker"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="staff-home", permanent=False), name="root"),
    path("cuenta/entrar/", auth_views.LoginView.as_view(template_name="registration/login.html"), name="login"),
    path("cuenta/salir/", auth_views.LogoutView.as_view(), name="logout"),
    path("panel/", staff_home, name="staff-home"),
    path("panel/", include("programs.urls_staff")),
    path("panel/", include("aspects.urls_staff")),
    path("admin/", admin.site.urls),
]
