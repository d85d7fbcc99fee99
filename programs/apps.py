from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import pre_delete


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Programas y evaluaciones"

    def ready(self) -> None:
        from .folding import register_sqlite_functions
        from .models import Evaluation, Recommendation, Unit, refuse_deleting_named_unit
        from .notifications import on_transition
        from .workflow import refuse_deleting_locked, transitioned

        # SQLite's `asm_fold`, for the public search and the choosers (programs.folding).
        connection_created.connect(register_sqlite_functions, dispatch_uid="asm-fold-sqlite")
        # The workflow's emails listen to it: the workflow does not know about them.
        transitioned.connect(on_transition, dispatch_uid="programs-notify-transition")
        # An evaluation and its recommendations behind a submitted or authorised plan are signed content.
        for model in (Evaluation, Recommendation):
            pre_delete.connect(
                refuse_deleting_locked, sender=model, dispatch_uid=f"refuse-deleting-locked-{model.__name__}"
            )
        pre_delete.connect(refuse_deleting_named_unit, sender=Unit, dispatch_uid="refuse-deleting-named-unit")
