"""Background e-mail about memberships, run through Django's task framework."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from core.mail import DELIVERY_MAILER
from core.text import single_line

from .models import Membership, OrganisationRequest, User
from .selectors import editors, reviewers_for


def _send(recipient: User, template: str, context: dict) -> None:
    """Render subject and body in the recipient's language and send them."""
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        context = {**context, "recipient": recipient, "site_url": settings.SITE_URL}
        if "url_name" in context:
            context["url"] = settings.SITE_URL + reverse(context["url_name"])
        # A name may hold a line break (U+2028 pastes into a one-line field); a header cannot.
        subject = single_line(render_to_string(f"members/email/{template}_subject.txt", context))
        body = render_to_string(f"members/email/{template}_message.txt", context)
    send_mail(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body,
        None,
        [recipient.email],
        using=DELIVERY_MAILER,
    )


@task
def notify_membership_pending(membership_id: int) -> int:
    """Tell the organisation's coordinators (or the editors) that someone awaits approval.

    If the member withdrew and asked again before this ran, the new request's own
    notice was held back (services.NOTICE_INTERVAL): this one tells of it instead.
    """
    requested = Membership.objects.filter(pk=membership_id).first()
    if requested is None:
        return 0
    membership = (
        Membership.objects.pending()
        .select_related("user", "organisation")
        .filter(user_id=requested.user_id, organisation_id=requested.organisation_id)
        .first()
    )
    if membership is None:
        return 0
    reviewers = list(reviewers_for(membership))
    for reviewer in reviewers:
        _send(
            reviewer,
            "membership_pending",
            {"membership": membership, "url_name": "members:review"},
        )
    return len(reviewers)


@task
def notify_membership_decided(membership_id: int) -> bool:
    """Tell the member that their membership was approved or declined."""
    membership = (
        Membership.objects.select_related("user", "organisation").filter(pk=membership_id).first()
    )
    if membership is None or membership.status not in (
        Membership.Status.APPROVED,
        Membership.Status.DECLINED,
    ):
        return False
    _send(
        membership.user,
        "membership_decided",
        {"membership": membership, "url_name": "members:dashboard"},
    )
    return True


@task
def notify_organisation_request(request_id: int) -> int:
    """Tell the editors that a member asked for a new organisation."""
    organisation_request = (
        OrganisationRequest.objects.select_related("user", "county").filter(pk=request_id).first()
    )
    if organisation_request is None:
        return 0
    recipients = list(editors())
    for editor in recipients:
        _send(editor, "organisation_request", {"organisation_request": organisation_request})
    return len(recipients)
