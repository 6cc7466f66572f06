"""Let Wagtail's Editors group see undelivered e-mail and send it again."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["view_message", "change_message"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations have run; create them now.
    app_config = apps.get_app_config("outbox")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is None:
        return
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="outbox", codename__in=CODENAMES)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("outbox", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        # The migration that creates the Editors group.
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
