"""The account pages: login, second factor (set up, verify, recovery codes), the account page,
and Django's password change and reset with our templates. The rules are in `mfa.py` and
`middleware.py`; these views only ask them."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from . import mfa
from .forms import TokenForm
from .middleware import EXPIRED

WRONG_CODE = "El código no es correcto o ya expiró. Escriba el que muestra ahora la aplicación."


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["expired"] = self.request.session.pop(EXPIRED, False)
        return context


class PasswordResetView(auth_views.PasswordResetView):
    # The link in the email starts from SITE_URL, never from the Host header of whoever asked.
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        self.extra_email_context = {"site_url": settings.SITE_URL}
        return super().form_valid(form)


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a locked-out login. The same page whether or not the username exists,
    since the lock is on what was typed."""
    cool_off = settings.AXES_COOLOFF_TIME
    minutes = round(cool_off.total_seconds() / 60) if cool_off else None
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@never_cache
@login_required
@sensitive_post_parameters("token")
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Scan the QR code, type the first code: the app is this account's second factor from then on."""
    user = request.user
    if mfa.enrolled_device(user):
        # A second device is added only by resetting the first (`reset_mfa`): whoever knows the
        # password alone must not be able to enrol a phone of their own.
        return redirect("account" if mfa.is_verified(user) else "mfa-verify")
    device = mfa.pending_device(user)
    form = TokenForm(request.POST or None)
    if form.is_valid():
        if mfa.confirm(device, form.cleaned_data["token"]):
            otp_login(request, device)
            codes = mfa.new_recovery_codes(user)
            return render(
                request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request), "new": True}
            )
        form.add_error("token", WRONG_CODE)
    return render(
        request,
        "accounts/mfa_setup.html",
        {
            "form": form,
            "qr": mfa.qr_svg(device),
            "secret": mfa.secret_of(device),
            "required": mfa.requires_second_factor(user),
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
    )


@never_cache
@login_required
@sensitive_post_parameters("token")
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of a login: a code from the app, or a recovery code."""
    user = request.user
    if not mfa.enrolled_device(user):
        return redirect_with_next("mfa-setup", request)
    form = TokenForm(request.POST or None)
    if form.is_valid():
        device = mfa.verified_device(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("token", WRONG_CODE)
    return render(
        request,
        "accounts/mfa_verify.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
    )


def redirect_with_next(name: str, request: HttpRequest) -> HttpResponse:
    response = redirect(name)
    target = request.GET.get("next")
    if target:
        response["Location"] += "?" + request.GET.urlencode()
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """How many recovery codes are left; a POST replaces them all with new ones, shown once."""
    user = request.user
    if not mfa.enrolled_device(user):
        return redirect("mfa-setup")
    if request.method == "POST":
        codes = mfa.new_recovery_codes(user)
        return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": resolve_url("account")})
    return render(request, "accounts/recovery_codes_left.html", {"left": mfa.recovery_codes_left(user)})


@never_cache
@login_required
@require_http_methods(["GET"])
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "accounts/account.html",
        {
            "enrolled": mfa.enrolled_device(user) is not None,
            "required": mfa.requires_second_factor(user),
            "codes_left": mfa.recovery_codes_left(user),
        },
    )
