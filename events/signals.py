"""Publishing a meeting whose time, place or status changed tells its participants."""

from django.dispatch import receiver

from wagtail.signals import page_published

from .models import EventPage
from .services import registrations_notify_event_change, registrations_promote_waiting


@receiver(page_published, sender=EventPage, dispatch_uid="events_notify_participants")
def notify_participants_on_publish(sender, instance, **kwargs):
    registrations_notify_event_change(event=instance)
    registrations_promote_waiting(event=instance)
