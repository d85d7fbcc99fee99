from django.apps import AppConfig
from django.db.models.signals import post_delete, pre_delete


class EvidenceConfig(AppConfig):
    name = "evidence"
    verbose_name = "Evidencias"

    def ready(self) -> None:
        from programs.workflow import refuse_deleting_locked

        from .models import Evidence, delete_stored_file

        pre_delete.connect(refuse_deleting_locked, sender=Evidence, dispatch_uid="refuse-deleting-locked-Evidence")
        post_delete.connect(delete_stored_file, sender=Evidence, dispatch_uid="evidence-delete-stored-file")
