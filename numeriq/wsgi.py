"""WSGI entry point for gunicorn: numeriq.wsgi:application."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "numeriq.settings")
application = get_wsgi_application()
