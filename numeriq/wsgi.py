"""WSGI entry point for gunicorn: numeriq.wsgi:application."""

import os
import sys

from django.core.wsgi import get_wsgi_application

from numeriq.config import SettingError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "numeriq.settings")
try:
    application = get_wsgi_application()
except SettingError as error:
    # One line instead of a traceback; 3 is gunicorn's "worker failed to boot": it stops.
    print(f"numeriq: error: {error}", file=sys.stderr)
    sys.exit(3)
