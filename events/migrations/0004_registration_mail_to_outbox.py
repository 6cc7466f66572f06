"""Registration e-mail joins the outbox: each RegistrationEmail row becomes a Message.

The message is composed when sent (``events.registration.emails.build``) from its
params. Unsent rows become pending and due at once, keeping their attempts and last
error; sent rows are kept as sent, for the outbox's retention to delete in time.
Rows whose member is gone are not copied: there is no one to write to.
"""

from django.conf import settings
from django.core.mail import DNS_NAME, make_msgid
from django.db import migrations
from django.utils import timezone


def copy_to_outbox(apps, schema_editor):
    RegistrationEmail = apps.get_model("events", "RegistrationEmail")
    Message = apps.get_model("outbox", "Message")
    now = timezone.now()
    rows = RegistrationEmail.objects.filter(registration__user__isnull=False).select_related(
        "registration__user"
    )
    for email in rows.order_by("pk").iterator(chunk_size=500):
        user = email.registration.user
        params = {"registration": email.registration_id, "kind": email.kind, "legacy_id": email.pk}
        if email.occurrence_start:
            params["occurrence_start"] = email.occurrence_start.isoformat()
        if email.kind == "message":
            params |= {"subject": email.subject, "body": email.body}
        sent = email.sent_at is not None
        message = Message.objects.create(
            kind=f"events.registration.{email.kind}",
            user=user,
            language=user.language,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
            subject="",
            headers={"Auto-Submitted": "auto-generated", "Message-ID": make_msgid(domain=DNS_NAME)},
            params=params,
            status="sent" if sent else "pending",
            attempts=email.attempts,
            next_attempt_at=None if sent else now,
            last_attempt_at=email.sent_at,
            last_error=email.last_error,
            sent_at=email.sent_at,
        )
        # created_at is set on creation; keep when the change happened.
        Message.objects.filter(pk=message.pk).update(created_at=email.created_at)


def copy_back(apps, schema_editor):
    """Undo: the messages that were registration e-mail go back to their table."""
    RegistrationEmail = apps.get_model("events", "RegistrationEmail")
    Message = apps.get_model("outbox", "Message")
    copied = Message.objects.filter(kind__startswith="events.registration.")
    for message in copied.order_by("pk").iterator(chunk_size=500):
        params = message.params
        RegistrationEmail.objects.create(
            registration_id=params["registration"],
            kind=params["kind"],
            occurrence_start=params.get("occurrence_start"),
            subject=params.get("subject", ""),
            body=params.get("body", ""),
            sent_at=message.sent_at,
            attempts=message.attempts,
            last_error=message.last_error,
        )
    copied.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_registration_reminded_for"),
        ("outbox", "0003_message_params"),
    ]

    operations = [migrations.RunPython(copy_to_outbox, copy_back)]
