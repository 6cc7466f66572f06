"""Background work of the events app: feed rebuilding and registration e-mail.

Each registration e-mail is a ``RegistrationEmail`` row written with the change it
reports; the task sends it and marks it sent. When the mail server is down the task
fails, the row stays unsent and ``manage.py send_pending_emails`` (or the next run of
it from cron) retries, so no message is lost.
"""

from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation

from core.mail import DELIVERY_MAILER

from .emails import build_message
from .feeds import feed_body_gzip
from .forms import EventFilters
from .models import EventIndexPage
from .registration_models import RegistrationEmail


@task()
def feed_warm(index_id: int) -> None:
    """Build the whole-site feed of an index into the cache, so subscribers never wait."""
    index = EventIndexPage.objects.filter(pk=index_id).select_related("locale").first()
    if index is None:
        return
    with translation.override(index.locale.language_code):
        feed_body_gzip(index=index, filters=EventFilters())


@task
def deliver_registration_email(email_id: int) -> bool:
    """Send one queued e-mail; raise (and record the error) when the server refuses."""
    email = (
        RegistrationEmail.objects.select_related("registration__event", "registration__user")
        .filter(pk=email_id, sent_at__isnull=True)
        .first()
    )
    if email is None or email.registration.user is None:
        return False
    try:
        build_message(email).send(using=DELIVERY_MAILER)
    except Exception as error:
        RegistrationEmail.objects.filter(pk=email.pk).update(
            attempts=email.attempts + 1, last_error=str(error)[:1000]
        )
        raise
    with transaction.atomic():
        RegistrationEmail.objects.filter(pk=email.pk).update(
            sent_at=timezone.now(), attempts=email.attempts + 1, last_error=""
        )
    return True
