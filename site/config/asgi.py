"""ASGI entry point."""

import os
import sys
from pathlib import Path

# site/ cannot be a package (`site` is a standard-library module); put it on the path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

from django.core.asgi import get_asgi_application  # noqa: E402

application = get_asgi_application()
