"""Members follow their own county by default: those who have one start following it."""

from django.db import migrations


def follow_own_county(apps, schema_editor):
    User = apps.get_model("members", "User")
    Follow = apps.get_model("members", "Follow")
    Follow.objects.bulk_create(
        [
            Follow(user_id=user_id, county_id=county_id)
            for user_id, county_id in User.objects.filter(county__isnull=False).values_list(
                "pk", "county_id"
            )
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("members", "0006_follows")]

    operations = [migrations.RunPython(follow_own_county, migrations.RunPython.noop)]
