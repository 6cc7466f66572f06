"""Background work of the events app: feed rebuilding, telling of new meetings.

The database task backend stores each queued task by its import path, so a task
function stays in this module whichever package does the work: a task moved or
removed while rows wait for it would fail in the worker.

Registration e-mail is in the outbox (``events.registration.emails``);
``deliver_registration_email`` stays one release for tasks queued before it moved.
"""

from django.tasks import task
from django.utils import translation

from .feeds import feed_body_gzip
from .forms import EventFilters
from .models import EventIndexPage


@task()
def feed_warm(index_id: int) -> None:
    """Build the whole-site feed of an index into the cache, so subscribers never wait."""
    index = EventIndexPage.objects.filter(pk=index_id).select_related("locale").first()
    if index is None:
        return
    with translation.override(index.locale.language_code):
        feed_body_gzip(index=index, filters=EventFilters())


@task()
def announce_meeting(page_id: int) -> int:
    """Mail the members who want new meetings at once about this newly published one.

    Read after the publication committed: a meeting no longer live, public or to come
    is told to no one.
    """
    from django.utils import timezone

    from members.follows.emails import announce_new_meeting

    from .digest import new_meeting

    item = new_meeting(page_id, timezone.now())
    return announce_new_meeting(item) if item else 0


@task
def deliver_registration_email(email_id: int) -> bool:
    """Send the outbox message that registration e-mail ``email_id`` became (migration 0004).

    Kept for tasks queued before registration mail moved to the outbox; remove it in
    the release after. Whatever it does not send, ``send_outbox`` does.
    """
    from core.outbox.delivery import Outcome, deliver
    from core.outbox.models import Message

    message = Message.objects.filter(params__legacy_id=email_id).only("pk").first()
    return message is not None and deliver.call(message.pk) == Outcome.SENT
