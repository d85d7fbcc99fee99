from django.apps import AppConfig
from django.db.backends.signals import connection_created


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Programas y evaluaciones"

    def ready(self) -> None:
        from .folding import register_sqlite_functions

        # SQLite's `asm_fold`, for the public search and the choosers (programs.folding).
        connection_created.connect(register_sqlite_functions, dispatch_uid="asm-fold-sqlite")
