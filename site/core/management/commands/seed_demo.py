"""Fill the database with Swedish demo content, safely re-runnable."""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import module_has_submodule


class Command(BaseCommand):
    help = (
        "Skapar eller uppdaterar demoinnehåll. Varje app med en modul `demo` bidrar "
        "genom sin funktion `seed(stdout)`, i INSTALLED_APPS ordning."
    )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("seed_demo fills a demo site and refuses to run with PRODUCTION=1.")
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                if module_has_submodule(app_config.module, "demo"):
                    import_module(f"{app_config.name}.demo").seed(self.stdout)
