"""Give Wagtail's Editors group the right to manage organisations and members."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["organisation", "membership", "organisationrequest", "consent"]
CONSENT_WRITES = ["add_consent", "change_consent", "delete_consent"]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # Permissions are normally created after migrate; make sure they exist now.
    app_config = apps.get_app_config("members")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    editors = Group.objects.filter(name="Editors").first()
    if editors is None:
        return
    # Consents are evidence: editors may read them, never edit them.
    permissions = Permission.objects.filter(
        content_type__app_label="members", content_type__model__in=MODELS
    ).exclude(content_type__model="consent", codename__in=CONSENT_WRITES)
    editors.permissions.add(*permissions)
    admin_access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    editors.permissions.add(*admin_access)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="members", content_type__model__in=MODELS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0003_profile_membership_consent"),
        ("wagtailcore", "0002_initial_data"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
