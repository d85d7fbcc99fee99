"""The second factor: who needs it, and the two django-otp devices behind it.

A user who verifies has a TOTP device (the authenticator app, set up by scanning a QR code) and a
static device holding single-use recovery codes, for the day the phone is lost. Supervisors,
coordinators and administrators (superusers and anyone with access to the admin) must verify
before any staff or admin page; a capturista may choose to, and once set up must verify too.
"""

from __future__ import annotations

import re
from base64 import b32encode

import segno
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django_otp import verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from programs.roles import Role, role_of

RECOVERY_CODES = 10
APP_DEVICE_NAME = "Aplicación de autenticación"
CODES_DEVICE_NAME = "Códigos de recuperación"
_TOTP = re.compile(r"\d{6}")


def requires_second_factor(user) -> bool:
    """Whether the user's role makes a second factor compulsory."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.is_staff or role_of(user) in (Role.SUPERVISOR, Role.COORDINATOR)


def is_verified(user) -> bool:
    """Whether a second factor verified this request's session (django-otp's OTPMiddleware sets
    `otp_device` on the request's user)."""
    return getattr(user, "otp_device", None) is not None


def enrolled_device(user) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if one was set up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def must_verify(user) -> bool:
    """Whether the user cannot reach staff pages without a second factor: a required role, or a
    capturista who set one up (an optional factor that could be skipped would protect nothing)."""
    return requires_second_factor(user) or TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_device(user) -> TOTPDevice:
    """The device being set up: the same secret however often the setup page is opened, until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def confirm(device: TOTPDevice, token: str) -> bool:
    """Confirm the device being set up with a code from the app; other half-set-up devices go."""
    token = normalise(token)
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not _TOTP.fullmatch(token) or not device.verify_token(token):
            return False
        device.confirmed = True
        device.save()
        TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    return True


def verified_device(user, token: str) -> Device | None:
    """The device that accepts `token`: six digits are the app's code, anything else a recovery
    code (used up by this). Each device throttles its own failures (django-otp)."""
    token = normalise(token)
    if _TOTP.fullmatch(token):
        devices: list[Device] = list(TOTPDevice.objects.filter(user=user, confirmed=True))
    else:
        devices = list(StaticDevice.objects.filter(user=user, confirmed=True))
    for device in devices:
        if verify_token(user, device.persistent_id, token):
            return device
    return None


def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with new ones (the old ones stop working)."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(user=user, defaults={"name": CODES_DEVICE_NAME})
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def reset(user: AbstractBaseUser) -> int:
    """Remove every second-factor device of the user; the next login sets up a new one."""
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=user).delete()[1].get("otp_totp.TOTPDevice", 0)
        removed += StaticDevice.objects.filter(user=user).delete()[1].get("otp_static.StaticDevice", 0)
    return removed


def normalise(token: str) -> str:
    """What a person types: spaces or dashes between groups, any case."""
    return re.sub(r"[\s-]", "", token).lower()


def secret_of(device: TOTPDevice) -> str:
    """The device's secret in base32, in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an inline SVG QR code, drawn here (no external service sees the secret)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, title="Código QR para la aplicación")
