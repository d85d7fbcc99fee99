from django.apps import AppConfig
from django.db.backends.signals import connection_created


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = "Transparencia"

    def ready(self) -> None:
        from .search import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="public-sqlite-functions")
