from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Bitácora de cambios"

    def ready(self) -> None:
        from . import capture

        capture.connect()
