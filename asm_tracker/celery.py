"""The Celery application: wiring only. Tasks live in each app's `tasks.py` (found by
`autodiscover_tasks`); their settings are the `CELERY_*` names of `asm_tracker.settings`.

    celery -A asm_tracker worker        # production, on Redis (CELERY_BROKER_URL)
    scripts/run                         # starts a worker on the filesystem broker beside runserver
"""

from __future__ import annotations

import gc
import os
from pathlib import Path

from celery import Celery
from celery.signals import worker_process_init
from kombu.transport import TRANSPORT_ALIASES

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asm_tracker.settings")
# filesystem:// URLs use our transport, whose messages appear in the queue folder whole (jobs/broker.py).
TRANSPORT_ALIASES["filesystem"] = "jobs.broker:Transport"

app = Celery("asm_tracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def make_folders(conf) -> None:
    """The filesystem broker and the file result backend write in folders they do not create."""
    if (conf.broker_url or "").startswith("filesystem://"):
        options = conf.broker_transport_options or {}
        for key in ("data_folder_in", "data_folder_out", "control_folder", "processed_folder"):
            if options.get(key):
                Path(options[key]).mkdir(parents=True, exist_ok=True)
    backend = conf.result_backend or ""
    if isinstance(backend, str) and backend.startswith("file://"):
        Path(backend.removeprefix("file://")).mkdir(parents=True, exist_ok=True)


@app.on_after_configure.connect
def _prepare_folders(sender: Celery, **kwargs) -> None:
    # Once the settings are read (not at import, which would load Django's settings early).
    make_folders(sender.conf)


@worker_process_init.connect
def _freeze_what_is_loaded(**kwargs) -> None:
    # In each worker process, once Django and the tasks are loaded, as asm_tracker/wsgi.py does in
    # the server: a job's export of a country's rows does not make the collector walk them over and over.
    gc.freeze()
