"""The outbox: one row per e-mail, from the change it reports until the server takes it."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import attachments

# A message not yet attempted this long after it was written points at a stopped
# worker; the report shows it with the failures.
STALE_AFTER = timedelta(minutes=15)


class MessageQuerySet(models.QuerySet):
    def due(self, now: datetime) -> "MessageQuerySet":
        """Pending messages whose (next) attempt is due."""
        return self.filter(status=Message.Status.PENDING, next_attempt_at__lte=now)

    def interrupted(self, now: datetime) -> "MessageQuerySet":
        """Messages claimed by a worker that stopped before it recorded the outcome."""
        return self.filter(status=Message.Status.SENDING, next_attempt_at__lte=now)

    def undelivered(self, now: datetime) -> "MessageQuerySet":
        """What editors should know about: failures, retries and messages left waiting."""
        return self.filter(
            Q(status=Message.Status.FAILED)
            | (
                Q(status__in=[Message.Status.PENDING, Message.Status.SENDING])
                & (Q(attempts__gt=0) | Q(created_at__lte=now - STALE_AFTER))
            )
        )

    def expired(self, cutoff: datetime) -> "MessageQuerySet":
        """Messages sent, or given up, before ``cutoff``."""
        return self.filter(
            Q(status=Message.Status.SENT, sent_at__lt=cutoff)
            | Q(status=Message.Status.FAILED, last_attempt_at__lt=cutoff)
        )


class Message(models.Model):
    """An e-mail as it will be sent, with its delivery state.

    Written in the transaction of the change it reports (``services.enqueue``) and
    sent by the task worker (``delivery``). ``kind`` names what it is, dotted
    ``<app>.<name>`` (``members.membership_pending``, ``account.password_reset_key``).
    A message with ``params`` is composed when it is sent, by the renderer registered
    for its kind (``renderers``); its subject is stored once it has been sent.
    A ``secret`` message carries a link or code that grants access (password reset,
    sign-in code, address confirmation): its body and attachments are cleared once sent.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Väntar")
        SENDING = "sending", _("Skickas")
        SENT = "sent", _("Skickat")
        FAILED = "failed", _("Gick inte fram")

    kind = models.CharField(_("sort"), max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mottagare"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    language = models.CharField(_("språk"), max_length=10, blank=True)
    from_email = models.CharField(_("avsändare"), max_length=320)
    to = models.JSONField(_("till"), default=list)
    cc = models.JSONField(_("kopia"), default=list, blank=True)
    bcc = models.JSONField(_("dold kopia"), default=list, blank=True)
    reply_to = models.JSONField(_("svar till"), default=list, blank=True)
    subject = models.TextField(_("ämnesrad"))
    body_text = models.TextField(_("text"), blank=True)
    body_html = models.TextField(_("HTML"), blank=True)
    # Each: {"filename", "content" (base64), "mimetype"}, or {"mime": base64 of a MIME part}.
    attachments = models.JSONField(_("bilagor"), default=list, blank=True)
    headers = models.JSONField(_("huvuden"), default=dict, blank=True)
    # What a renderer composes the message from at each attempt (``renderers``); empty
    # for a message whose text is stored above.
    params = models.JSONField(_("underlag"), default=dict, blank=True)
    secret = models.BooleanField(_("hemlig länk"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    # Pending: when to try next. Sending: when the worker's claim runs out.
    next_attempt_at = models.DateTimeField(_("nästa försök"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("senaste försök"), null=True, blank=True)
    last_error = models.TextField(_("senaste fel"), blank=True)
    created_at = models.DateTimeField(_("skapat"), auto_now_add=True)
    sent_at = models.DateTimeField(_("skickat"), null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("e-postmeddelande")
        verbose_name_plural = _("e-postmeddelanden")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self):
        return f"{self.kind} → {', '.join(self.to)}"

    @property
    def recipients(self) -> str:
        """The addresses in To, as one line."""
        return ", ".join(self.to)

    def as_email(self) -> EmailMultiAlternatives:
        """The message to hand to the mail server."""
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=self.body_text or self.body_html,
            from_email=self.from_email,
            to=self.to,
            cc=self.cc,
            bcc=self.bcc,
            reply_to=self.reply_to,
            headers=self.headers,
        )
        if self.body_html and not self.body_text:
            message.content_subtype = "html"
        elif self.body_html:
            message.attach_alternative(self.body_html, "text/html")
        attachments.attach(message, self.attachments)
        return message
