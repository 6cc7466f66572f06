"""A reminder before each occurrence of a series: remember which occurrence was reminded."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def reminded_first_occurrence(apps, schema_editor):
    """Reminders sent so far were for the meeting's first occurrence."""
    Registration = apps.get_model("events", "Registration")
    EventPage = apps.get_model("events", "EventPage")
    Registration.objects.filter(reminder_sent_at__isnull=False).update(
        reminded_for=Subquery(EventPage.objects.filter(pk=OuterRef("event_id")).values("start")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_registration"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="reminded_for",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="registrationemail",
            name="occurrence_start",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(reminded_first_occurrence, migrations.RunPython.noop),
    ]
