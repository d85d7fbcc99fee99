from django.apps import AppConfig
from django.db.backends.signals import connection_created


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = "Transparencia"

    def ready(self) -> None:
        from programs.workflow import transitioned

        from .published import rebuild_after_authorisation
        from .search import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="public-sqlite-functions")
        # After an authorisation commits, the open-data ZIP (and a large plan's annexes) are rebuilt.
        transitioned.connect(rebuild_after_authorisation, dispatch_uid="public-rebuild-after-authorisation")
