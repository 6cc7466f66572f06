"""State changes for members: memberships, consents, feed tokens, export and deletion."""

import json
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from wagtail.models import Page

from allauth.account.models import EmailAddress

from . import emails, gdpr
from .follows.selectors import follows_export
from .models import Consent, Membership, Organisation, OrganisationRequest, User
from .selectors import user_can_review, verified_domains

# Stops one member from flooding the editors' inboxes.
MAX_OPEN_ORGANISATION_REQUESTS = 3
# Reviewers hear of one member's request for one organisation at most this often, however
# often the member withdraws (chooses another organisation) and asks again.
NOTICE_INTERVAL = timedelta(days=1)


class MembershipExists(Exception):
    """The member's open (pending or approved) membership is of that organisation already."""

    def __init__(self, membership: Membership):
        super().__init__(membership)
        self.membership = membership


class OrganisationRequestExists(Exception):
    """The member asked for an organisation of that name before, and it is not handled yet."""

    def __init__(self, organisation_request: OrganisationRequest):
        super().__init__(organisation_request)
        self.organisation_request = organisation_request


def _lock_member(user: User) -> None:
    """Take the user's row lock until the transaction ends.

    One member's requests (a double click, two tabs) then run one after the other,
    each seeing what the previous one did: no second membership or request, no
    second notice.
    """
    User.objects.select_for_update().values_list("pk").get(pk=user.pk)


def _name_key(name: str) -> str:
    """An organisation name compared as a person reads it: case and spacing ignored.

    Compared in Python: SQLite folds the case of ASCII letters only (Å, Ä, Ö not).
    """
    return " ".join(name.split()).casefold()


def _domain_matches(user: User, organisation: Organisation) -> bool:
    return bool(verified_domains(user) & set(organisation.domain_list))


def _has_verified_email(user: User) -> bool:
    return EmailAddress.objects.filter(user=user, verified=True).exists()


@transaction.atomic
def membership_request(*, user: User, organisation: Organisation) -> Membership:
    """Ask to join an organisation, closing any other open membership.

    Approved at once when one of the user's verified addresses is in the
    organisation's e-mail domains. Otherwise it waits; the reviewers are told
    once the user's address is verified (now, or when it becomes verified).
    Raises MembershipExists, changing nothing, when the user's open membership
    is of this organisation already.
    """
    _lock_member(user)
    current = Membership.objects.active().filter(user=user).first()
    if current is not None:
        if current.organisation_id == organisation.pk:
            raise MembershipExists(current)
        current.status = Membership.Status.REMOVED
        current.decided_at = timezone.now()
        current.decided_by = user
        current.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    membership = Membership.objects.create(user=user, organisation=organisation)
    membership_check_verified(membership=membership)
    return membership


def membership_check_verified(*, membership: Membership) -> None:
    """Approve a pending membership by e-mail domain, or notify its reviewers.

    Does nothing while the user has no verified address: an unverified sign-up
    must not reach anyone's inbox. The reviewers are not told again within
    NOTICE_INTERVAL of a notice about the same member and organisation. Call it
    with the member locked (``_lock_member``).
    """
    if membership.status != Membership.Status.PENDING:
        return
    user = membership.user
    if _domain_matches(user, membership.organisation):
        membership.status = Membership.Status.APPROVED
        membership.decided_at = timezone.now()
        membership.save(update_fields=["status", "decided_at", "updated_at"])
    elif _has_verified_email(user) and not _reviewers_told_recently(membership):
        membership.notified_at = timezone.now()
        membership.save(update_fields=["notified_at"])
        emails.membership_pending(membership)


def _reviewers_told_recently(membership: Membership) -> bool:
    return Membership.objects.filter(
        user_id=membership.user_id,
        organisation_id=membership.organisation_id,
        notified_at__gt=timezone.now() - NOTICE_INTERVAL,
    ).exists()


@transaction.atomic
def member_on_email_verified(*, user: User) -> None:
    """Called when a user verifies an address: settle what waited for it.

    A pending membership may now match the organisation's domain, or go to its
    reviewers; requests for new organisations made at sign-up reach the editors.
    """
    _lock_member(user)
    membership = (
        Membership.objects.pending().select_related("organisation", "user").filter(user=user)
    ).first()
    if membership is not None:
        membership_check_verified(membership=membership)
    for organisation_request in user.organisation_requests.filter(
        handled=False, notified_at__isnull=True
    ):
        _notify_organisation_request(organisation_request)


def _notify_organisation_request(organisation_request: OrganisationRequest) -> None:
    """Tell the editors, unless they heard of the same name from the member lately."""
    told = OrganisationRequest.objects.filter(
        user_id=organisation_request.user_id,
        notified_at__gt=timezone.now() - NOTICE_INTERVAL,
    ).values_list("name", flat=True)
    if _name_key(organisation_request.name) in {_name_key(name) for name in told}:
        return
    organisation_request.notified_at = timezone.now()
    organisation_request.save(update_fields=["notified_at"])
    emails.organisation_request(organisation_request)


def _decide(*, membership: Membership, actor: User, status: str, notify: bool) -> Membership:
    if not user_can_review(actor, membership):
        raise PermissionDenied
    membership.status = status
    membership.decided_at = timezone.now()
    membership.decided_by = actor
    membership.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    if notify:
        emails.membership_decided(membership)
    return membership


@transaction.atomic
def membership_approve(*, membership: Membership, actor: User) -> Membership:
    """Approve a pending membership; the member is told by e-mail."""
    if membership.status != Membership.Status.PENDING:
        raise ValueError("Only pending memberships can be approved.")
    return _decide(
        membership=membership, actor=actor, status=Membership.Status.APPROVED, notify=True
    )


@transaction.atomic
def membership_decline(*, membership: Membership, actor: User) -> Membership:
    """Decline a pending membership; the member is told by e-mail."""
    if membership.status != Membership.Status.PENDING:
        raise ValueError("Only pending memberships can be declined.")
    return _decide(
        membership=membership, actor=actor, status=Membership.Status.DECLINED, notify=True
    )


@transaction.atomic
def membership_remove(*, membership: Membership, actor: User) -> Membership:
    """Remove an approved member from the organisation."""
    if membership.status != Membership.Status.APPROVED:
        raise ValueError("Only approved memberships can be removed.")
    return _decide(
        membership=membership, actor=actor, status=Membership.Status.REMOVED, notify=False
    )


@transaction.atomic
def organisation_request_create(
    *, user: User, name: str, county=None, website: str = ""
) -> OrganisationRequest:
    """Record a request for a new organisation; the editors hear of it once the e-mail is verified.

    Raises OrganisationRequestExists when the user's unhandled requests include one
    for the same name (case and spacing aside), and ValueError when they number
    MAX_OPEN_ORGANISATION_REQUESTS already; either way nothing is created.
    """
    _lock_member(user)
    name = " ".join(name.split())
    open_requests = list(user.organisation_requests.filter(handled=False).order_by("created_at"))
    for open_request in open_requests:
        if _name_key(open_request.name) == _name_key(name):
            raise OrganisationRequestExists(open_request)
    if len(open_requests) >= MAX_OPEN_ORGANISATION_REQUESTS:
        raise ValueError("Too many open organisation requests.")
    organisation_request = OrganisationRequest.objects.create(
        user=user, name=name, county=county, website=website
    )
    if _has_verified_email(user):
        _notify_organisation_request(organisation_request)
    return organisation_request


def consent_record(*, user: User, page: Page | None, kind: str = Consent.Kind.PRIVACY) -> Consent:
    """Record that the user accepted the given page as it is published now."""
    version = ""
    if page is not None:
        revision = page.live_revision_id or page.latest_revision_id
        if revision:
            version = f"revision:{revision}"
        elif page.last_published_at:
            version = f"published:{page.last_published_at.isoformat()}"
    return Consent.objects.create(user=user, kind=kind, page=page, version=version or "-")


def feed_token_regenerate(*, user: User, field: str = "feed_token") -> str:
    """Give the user a new private feed token; the old one stops working at once.

    ``field``: ``feed_token`` (the calendar) or ``follow_feed_token`` (what they follow).
    """
    setattr(user, field, secrets.token_urlsafe(32))
    user.save(update_fields=[field])
    return getattr(user, field)


def member_data_export(*, user: User) -> dict:
    """Everything stored about the user, as JSON-serialisable data."""
    profile = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "job_title": user.job_title,
        "phone": user.phone,
        "county": user.county.name if user.county else None,
        "interests": [topic.name for topic in user.interests.all()],
        "language": user.language,
        "notify_new_events": user.notify_new_events,
        "digest_frequency": user.digest_frequency,
        "new_events_at_once": user.new_events_at_once,
        "digest_sent_at": user.digest_sent_at,
        "notify_event_updates": user.notify_event_updates,
        "visible_to_members": user.visible_to_members,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
    }
    data = {
        "profile": profile,
        "email_addresses": list(
            EmailAddress.objects.filter(user=user).values("email", "verified", "primary")
        ),
        "memberships": [
            {
                "organisation": membership.organisation.name,
                "status": membership.status,
                "role": membership.role,
                "created_at": membership.created_at,
                "decided_at": membership.decided_at,
            }
            for membership in user.memberships.select_related("organisation")
        ],
        "organisation_requests": list(
            user.organisation_requests.values("name", "website", "created_at", "handled")
        ),
        "consents": list(user.consents.values("kind", "version", "given_at")),
        # Topics are followed as interests (in the profile); the rest are Follow rows.
        **follows_export(user),
    }
    for exporter in gdpr.exporters():
        key, value = exporter(user)
        data[key] = value
    # Round-trip through the encoder so callers get plain JSON types.
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Delete the account: the registered erasers run first, then the user row.

    Memberships, consents, e-mail addresses and authenticators go with the user
    (cascade); higher apps anonymise what must outlive it through their erasers.
    """
    for eraser in gdpr.erasers():
        eraser(user)
    user.delete()


@transaction.atomic
def unverified_accounts_purge(*, days: int) -> int:
    """Delete sign-ups older than `days` that never verified any e-mail address.

    Only accounts with an unverified address on record (made through sign-up)
    qualify; accounts an editor created in the admin have none and are kept.
    """
    cutoff = timezone.now() - timedelta(days=days)
    addresses = EmailAddress.objects.filter(user=OuterRef("pk"))
    stale = (
        User.objects.filter(
            date_joined__lt=cutoff, is_staff=False, is_superuser=False, last_login__isnull=True
        )
        .filter(Exists(addresses.filter(verified=False)))
        .exclude(Exists(addresses.filter(verified=True)))
    )
    count = 0
    for user in stale:
        account_delete(user=user)
        count += 1
    return count
