"""The WSGI application gunicorn serves (scripts/serve). A process that imports this module serves the
site, so the settings treat it as a deployment even when DEBUG is not set: DEBUG off, its own
SECRET_KEY and ALLOWED_HOSTS required (settings.DEPLOYED)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asm_tracker.settings")
application = get_wsgi_application()
# What is loaded by now (Django, the apps and their modules) lives as long as the process: out of the
# garbage collector's passes, which would otherwise walk it again and again during a long download.
gc.freeze()
