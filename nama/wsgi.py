"""WSGI entry point (gunicorn nama.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nama.settings")
application = get_wsgi_application()
