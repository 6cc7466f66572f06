"""Writing e-mail: each message becomes a row of the outbox in the caller's transaction.

``enqueue`` renders a message from templates named by one rule,
``<app>/email/<name>_subject.txt``, ``<name>_body.txt`` and, optionally,
``<name>_body.html``, in the recipient's language; the text templates are rendered
without HTML escaping (the "text" template engine). ``enqueue_message`` stores a
message someone else composed (allauth, Wagtail, Django's error reports, through
the default mailer). ``enqueue_lazy`` stores what a registered renderer composes when
the message is sent (``renderers``). Every message gets:

- a subject on one line that starts with ``EMAIL_SUBJECT_PREFIX``;
- ``Auto-Submitted: auto-generated``, so that no auto-responder answers it;
- its ``Message-ID`` now, so that it keeps it however often it is tried;
- for a notification (mail the recipient did not ask for by acting, and may turn
  off), ``List-Unsubscribe`` with the link a registered provider gives, and
  ``List-Unsubscribe-Post`` when that link unsubscribes with one POST (RFC 8058).

The message is sent by ``delivery.deliver`` once the transaction commits; a
rolled-back change leaves no message behind.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import DNS_NAME, EmailMessage, make_msgid
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import delivery
from .attachments import encode as encode_attachments
from .models import Message
from .rules import language_of, subject_line

# The template engine (settings.TEMPLATES) that renders text without HTML escaping.
TEXT_TEMPLATES = "text"
# Mail sent through the default mailer by code that does not say what it sends.
MAILER_KIND = "core.mail"


@dataclass(frozen=True)
class UnsubscribeLink:
    """Where a notification's recipient turns it off.

    ``one_click``: the URL itself unsubscribes when POSTed ``List-Unsubscribe=One-Click``
    (RFC 8058), with no sign-in; otherwise it is a page the recipient opens.
    """

    url: str
    one_click: bool = False


UnsubscribeProvider = Callable[[Any, str], UnsubscribeLink | None]
_unsubscribe_providers: list[UnsubscribeProvider] = []


def register_unsubscribe_provider(provider: UnsubscribeProvider) -> UnsubscribeProvider:
    """Add a function ``(user, kind) -> UnsubscribeLink | None``; the last added is asked first.

    ``core`` cannot know where members manage their mail; the app that does registers
    here in its ``AppConfig.ready`` (a later app can offer one-click links for its kinds).
    """
    if provider not in _unsubscribe_providers:
        _unsubscribe_providers.append(provider)
    return provider


def unsubscribe_link(user, kind: str) -> UnsubscribeLink | None:
    for provider in reversed(_unsubscribe_providers):
        if link := provider(user, kind):
            return link
    return None


def user_with_address(addresses: list[str]):
    """The account whose e-mail address is the one recipient, or None."""
    if len(addresses) != 1:
        return None
    User = get_user_model()  # noqa: N806
    lookup = {f"{User.get_email_field_name()}__iexact": addresses[0]}
    return User._default_manager.filter(**lookup).first()


def enqueue(
    *,
    to: str,
    template: str,
    context: dict,
    kind: str,
    user=None,
    language: str | None = None,
    notification: bool = False,
    secret: bool = False,
) -> Message:
    """Render the message ``template`` names for one recipient and store it.

    The templates see ``context`` with ``site_url`` and ``recipient`` (``user``) added,
    and are rendered in ``language``, by default the user's.
    """
    language = language or language_of(user)
    context = {"site_url": settings.SITE_URL, "recipient": user, **context}
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context, using=TEXT_TEMPLATES)
        body_text = render_to_string(f"{template}_body.txt", context, using=TEXT_TEMPLATES)
        try:
            body_html = render_to_string(f"{template}_body.html", context)
        except TemplateDoesNotExist:
            body_html = ""
    return _store(
        kind=kind,
        user=user,
        language=language,
        notification=notification,
        secret=secret,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        subject=subject,
        body_text=body_text.strip(),
        body_html=body_html.strip(),
        headers={},
    )


def enqueue_message(
    message: EmailMessage,
    *,
    kind: str,
    user=None,
    language: str = "",
    notification: bool = False,
    secret: bool = False,
) -> Message | None:
    """Store a composed message as it is; None when it has no recipient."""
    if not message.recipients():
        return None
    body_text, body_html = message.body, ""
    if message.content_subtype == "html":
        body_text, body_html = "", message.body
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype != "text/html" or body_html:
            raise ValueError(f"The outbox keeps one HTML alternative, not {mimetype}.")
        body_html = content
    return _store(
        kind=kind,
        user=user,
        language=language or getattr(user, "language", ""),
        notification=notification,
        secret=secret,
        from_email=message.from_email,
        to=list(message.to),
        cc=list(message.cc),
        bcc=list(message.bcc),
        reply_to=list(message.reply_to),
        subject=message.subject,
        body_text=body_text,
        body_html=body_html,
        attachments=encode_attachments(message.attachments),
        headers={name: str(value) for name, value in message.extra_headers.items()},
    )


def enqueue_lazy(
    *,
    to: str,
    kind: str,
    params: dict,
    user=None,
    language: str | None = None,
    notification: bool = False,
) -> Message:
    """Store a message that the renderer of ``kind`` composes when it is sent.

    ``params`` (JSON) tell the renderer what to write about; see ``renderers``.
    """
    return _store(
        kind=kind,
        user=user,
        language=language or language_of(user),
        notification=notification,
        secret=False,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        subject="",
        body_text="",
        body_html="",
        headers={},
        params=params,
    )


def _store(*, notification: bool, headers: dict, subject: str, **fields) -> Message:
    names = {name.lower() for name in headers}
    if "auto-submitted" not in names:
        headers["Auto-Submitted"] = "auto-generated"
    if "message-id" not in names:
        headers["Message-ID"] = make_msgid(domain=DNS_NAME)
    if notification and (link := unsubscribe_link(fields["user"], fields["kind"])):
        headers["List-Unsubscribe"] = f"<{link.url}>"
        if link.one_click:
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = Message.objects.create(
        # A composed-when-sent message gets its subject from the renderer.
        subject="" if fields.get("params") else subject_line(subject),
        headers=headers,
        # Due at once: should the task be lost, send_outbox sends it.
        next_attempt_at=timezone.now(),
        **fields,
    )
    transaction.on_commit(partial(delivery.deliver.enqueue, message.pk), robust=True)
    return message


def resend(*, message: Message) -> bool:
    """Try a failed message again from the start; False if it is not (or no longer) failed."""
    restarted = Message.objects.filter(pk=message.pk, status=Message.Status.FAILED).update(
        status=Message.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    if restarted:
        transaction.on_commit(partial(delivery.deliver.enqueue, message.pk), robust=True)
    return bool(restarted)
