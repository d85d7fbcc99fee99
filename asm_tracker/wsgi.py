"""The WSGI application gunicorn serves (scripts/serve). A process that imports this module serves the
site, so the settings treat it as a deployment even when DEBUG is not set: DEBUG off, its own
SECRET_KEY and ALLOWED_HOSTS required (settings.DEPLOYED)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asm_tracker.settings")
application = get_wsgi_application()
