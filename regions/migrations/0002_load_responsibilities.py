"""Load the fixed responsibilities a contact person can have: reference data every install needs."""

from django.db import migrations

CODES = ["rsp", "stod", "investeringsstod"]


def load_responsibilities(apps, schema_editor):
    Responsibility = apps.get_model("regions", "Responsibility")
    for position, code in enumerate(CODES):
        Responsibility.objects.update_or_create(code=code, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]

    operations = [migrations.RunPython(load_responsibilities, migrations.RunPython.noop)]
