"""Receivers for allauth's signals."""

from django.dispatch import receiver

from allauth.account.signals import email_confirmed

from .services import member_on_email_verified


@receiver(email_confirmed, dispatch_uid="members_email_confirmed")
def settle_member_on_email_confirmed(sender, request, email_address, **kwargs):
    """A newly verified address may match the organisation's domain, or unblock review."""
    member_on_email_verified(user=email_address.user)
