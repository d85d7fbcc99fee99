from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = "Transparencia"

    def ready(self) -> None:
        from programs.workflow import transitioned

        from .published import rebuild_after_authorisation

        # After an authorisation commits, the open-data ZIP (and a large plan's annexes) are rebuilt.
        transitioned.connect(rebuild_after_authorisation, dispatch_uid="public-rebuild-after-authorisation")
