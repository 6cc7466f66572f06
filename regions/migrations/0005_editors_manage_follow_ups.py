"""Let Wagtail's Editors group keep the follow-up rounds and the counties' reporters."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ACTIONS = ["add", "change", "delete", "view"]
MODELS = ["followupround", "programmereporter"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations have run; create them now.
    app_config = apps.get_app_config("regions")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is None:
        return
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="regions",
            codename__in=[f"{action}_{model}" for action in ACTIONS for model in MODELS],
        )
    )


class Migration(migrations.Migration):
    dependencies = [("regions", "0004_followups")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
