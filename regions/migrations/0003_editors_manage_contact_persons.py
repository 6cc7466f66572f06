"""Let Wagtail's Editors group keep the register of contact persons."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ACTIONS = ["add", "change", "delete", "view"]


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
            codename__in=[f"{action}_contactperson" for action in ACTIONS],
        )
    )


class Migration(migrations.Migration):
    # 0001_initial already depends on wagtailcore's migrations that create the Editors group.
    dependencies = [
        ("regions", "0002_load_responsibilities"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
