from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Trabajos en segundo plano"

    def ready(self) -> None:
        # Each app's tasks.py declares its kinds of job; the web process needs them to enqueue
        # (the worker finds them through Celery's autodiscovery).
        autodiscover_modules("tasks")
