# The Celery app is loaded with Django so that `task.delay()` in a request finds its broker.
from .celery import app as celery_app

__all__ = ("celery_app",)
