#!/usr/bin/env python
"""Django's command-line utility for Mötesplats."""

import os
import sys
from pathlib import Path

# `site` is a standard-library module, so the folder site/ cannot be a package:
# its packages (config, core) are put on the import path instead.
sys.path.insert(0, str(Path(__file__).resolve().parent / "site"))

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
