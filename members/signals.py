"""Receivers: allauth's e-mail confirmation and new passwords, and changes that retire
cached memberships."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from allauth.account.signals import (
    email_confirmed,
    password_changed,
    password_reset,
    password_set,
)

from .follows.feed import feed_token_regenerate as follow_feed_token_regenerate
from .models import Membership, Organisation
from .selectors import MEMBERSHIPS
from .services import feed_token_regenerate, member_on_email_verified


@receiver(email_confirmed, dispatch_uid="members_email_confirmed")
def settle_member_on_email_confirmed(sender, request, email_address, **kwargs):
    """A newly verified address may match the organisation's domain, or unblock review."""
    member_on_email_verified(user=email_address.user)


@receiver(password_changed, dispatch_uid="members_password_changed")
@receiver(password_reset, dispatch_uid="members_password_reset")
@receiver(password_set, dispatch_uid="members_password_set")
def rotate_feed_token_on_new_password(sender, request, user, **kwargs):
    """A new password also ends the private calendar's and follow feed's addresses.

    Whoever changes or resets a password that may have leaked expects every way into
    the account to close; the member copies the new address from Mina sidor.
    """
    if user.feed_token:
        feed_token_regenerate(user=user)
    if user.follow_feed_token:
        follow_feed_token_regenerate(user=user)


@receiver(post_save, sender=Membership, dispatch_uid="members_membership_saved")
@receiver(post_delete, sender=Membership, dispatch_uid="members_membership_deleted")
@receiver(post_save, sender=Organisation, dispatch_uid="members_organisation_saved")
@receiver(post_delete, sender=Organisation, dispatch_uid="members_organisation_deleted")
def retire_cached_memberships(**kwargs):
    """A membership or organisation (its name) changed: Mina sidor must show it at once."""
    MEMBERSHIPS.bump_now_and_on_commit()
