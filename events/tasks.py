"""Background work of the events app: feed rebuilding and registration e-mail.

The database task backend stores each queued task by its import path, so the task
functions stay in this module whichever package does the work: a task moved while
rows wait for it would fail in the worker.

Each registration e-mail is a ``RegistrationEmail`` row written with the change it
reports; the task sends it and marks it sent. When the mail server is down the task
fails, the row stays unsent and ``manage.py send_pending_emails`` (or the next run of
it from cron) retries, so no message is lost.
"""

from django.tasks import task
from django.utils import translation

from .feeds import feed_body_gzip
from .forms import EventFilters
from .models import EventIndexPage
from .registration.emails import send_registration_email


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
    """Send one queued registration e-mail (see ``send_registration_email``)."""
    return send_registration_email(email_id)
