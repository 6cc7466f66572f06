"""WSGI entry point for gunicorn and other WSGI servers."""

import os
import sys
from pathlib import Path

# site/ cannot be a package (`site` is a standard-library module); put it on the path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
