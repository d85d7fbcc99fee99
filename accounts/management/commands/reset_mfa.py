from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts import mfa


class Command(BaseCommand):
    help = (
        "Borra la aplicación de autenticación y los códigos de recuperación de un usuario (p. ej., perdió su "
        "teléfono). En su próximo acceso configurará un segundo factor nuevo."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="Nombre de usuario de la cuenta.")

    def handle(self, *args, username: str, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No existe el usuario «{username}».") from None
        removed = mfa.reset(user)
        if removed:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Se borró el segundo factor de «{username}» ({removed} dispositivo(s)). En su próximo acceso "
                    "configurará uno nuevo."
                )
            )
        else:
            self.stdout.write(f"«{username}» no tenía segundo factor configurado; no se borró nada.")
