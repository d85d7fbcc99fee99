"""The code an authenticator app would show now for the demo accounts' secret (load_demo)."""

import time

from django.core.management.base import BaseCommand
from django_otp.oath import TOTP

from .load_demo import DEMO_TOTP_KEY, DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = (
        "Muestra el código de verificación vigente de las cuentas de demostración (admin, coordinador, "
        "supervisor.*), el que daría una aplicación de autenticación con su clave pública de demostración. No sirve "
        "para ninguna otra cuenta."
    )

    def handle(self, *args, **options) -> None:
        totp = TOTP(bytes.fromhex(DEMO_TOTP_KEY))
        left = totp.step - int(time.time() - totp.t0) % totp.step
        self.stdout.write(f"{totp.token():06d}")
        self.stderr.write(f"Válido {left} s más (clave de demostración {DEMO_TOTP_SECRET}).")
