from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

# Django's names for the password views (its templates and views reverse them without a namespace).
urlpatterns = [
    path("", views.account, name="account"),
    path("entrar/", views.LoginView.as_view(), name="login"),
    path("salir/", auth_views.LogoutView.as_view(), name="logout"),
    path("verificacion/", views.verify, name="mfa-verify"),
    path("verificacion/configurar/", views.setup, name="mfa-setup"),
    path("verificacion/codigos/", views.recovery_codes, name="mfa-codes"),
    path("contrasena/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("contrasena/cambiada/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("recuperar/", views.PasswordResetView.as_view(), name="password_reset"),
    path("recuperar/enviado/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "recuperar/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("recuperar/listo/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
