"""Load Sweden's 21 counties from data/counties.csv: reference data every install needs."""

import csv
from pathlib import Path

from django.db import migrations
from django.utils.text import slugify

CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "counties.csv"


def load_counties(apps, schema_editor):
    County = apps.get_model("core", "County")
    with CSV_PATH.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            County.objects.update_or_create(
                code=row["code"],
                defaults={
                    "letter": row["letter"],
                    "name": row["name"],
                    "slug": slugify(row["name"]),
                    "region_body": row["region_body"],
                },
            )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(load_counties, migrations.RunPython.noop)]
