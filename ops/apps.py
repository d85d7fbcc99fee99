from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the site: the health check, the logs (one line per request, failed logins, transitions,
    admin actions) and the guards every request passes before any view (NUL bytes, Permissions-Policy).
    It listens to the workflow's signal; no app imports it."""

    name = "ops"
    verbose_name = "Operación"

    def ready(self) -> None:
        from ops import events

        events.connect()
