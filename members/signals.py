"""Receivers: allauth's e-mail confirmation, and changes that retire cached memberships."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from allauth.account.signals import email_confirmed

from .models import Membership, Organisation
from .selectors import MEMBERSHIPS
from .services import member_on_email_verified


@receiver(email_confirmed, dispatch_uid="members_email_confirmed")
def settle_member_on_email_confirmed(sender, request, email_address, **kwargs):
    """A newly verified address may match the organisation's domain, or unblock review."""
    member_on_email_verified(user=email_address.user)


@receiver(post_save, sender=Membership, dispatch_uid="members_membership_saved")
@receiver(post_delete, sender=Membership, dispatch_uid="members_membership_deleted")
@receiver(post_save, sender=Organisation, dispatch_uid="members_organisation_saved")
@receiver(post_delete, sender=Organisation, dispatch_uid="members_organisation_deleted")
def retire_cached_memberships(**kwargs):
    """A membership or organisation (its name) changed: Mina sidor must show it at once."""
    MEMBERSHIPS.bump_now_and_on_commit()
