"""E-mail leaves through the task worker: the default mailer queues, "delivery" sends.

Whatever sends mail the ordinary way (allauth's confirmations and password resets,
Wagtail's moderation notices, Django's error reports, this project's services) uses
the default mailer, ``QueuedEmailBackend``. It turns each message into a
``deliver_mail`` task once the transaction commits, so no request waits for the
mail server and no mail leaves for a change that was rolled back. The task (run by
``manage.py db_worker``, or in-process without a worker) sends it through the
``delivery`` mailer: SMTP in production, the console by default. Tasks that already
run in the worker send through ``delivery`` directly (``using=DELIVERY_MAILER``).

Once a message is sent, its task keeps only its recipients and subject: a password
reset, sign-in code or confirmation link must not stay readable in the task table.
"""

import base64
import email
import email.policy
from email.message import MIMEPart
from functools import partial

from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.tasks import TaskContext, task

from django_tasks_db.models import DBTaskResult

DELIVERY_MAILER = "delivery"


def message_to_dict(message) -> dict:
    """A message as JSON-serialisable data, as the database task backend stores it."""
    attachments = []
    for attachment in message.attachments:
        if isinstance(attachment, MIMEPart):
            attachments.append({"mime": _b64(attachment.as_bytes())})
        else:
            filename, content, mimetype = attachment
            data = content.encode() if isinstance(content, str) else content
            attachments.append({"filename": filename, "content": _b64(data), "mimetype": mimetype})
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "content_subtype": message.content_subtype,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {name: str(value) for name, value in message.extra_headers.items()},
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": attachments,
    }


def message_from_dict(data: dict) -> EmailMultiAlternatives:
    """The message ``message_to_dict`` described."""
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    message.content_subtype = data["content_subtype"]
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for attachment in data["attachments"]:
        if "mime" in attachment:
            part = email.message_from_bytes(
                base64.b64decode(attachment["mime"]), policy=email.policy.default
            )
            message.attach(part)
            continue
        content = base64.b64decode(attachment["content"])
        mimetype = attachment["mimetype"] or ""
        if mimetype.startswith("text/"):
            content = content.decode()
        message.attach(attachment["filename"], content, attachment["mimetype"])
    return message


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@task(takes_context=True)
def deliver_mail(context: TaskContext, message: dict) -> int:
    """Send one queued message through the delivery mailer; 1 when sent."""
    sent = message_from_dict(message).send(using=DELIVERY_MAILER)
    # The database backend's row (none in-process) keeps who got what, not the text.
    sent_record = {"to": message["to"], "subject": message["subject"]}
    DBTaskResult.objects.filter(id=context.task_result.id).update(
        args_kwargs={"args": [sent_record], "kwargs": {}}
    )
    return sent


class QueuedEmailBackend(BaseEmailBackend):
    """The default mailer: queues every message as a ``deliver_mail`` task on commit."""

    def send_messages(self, email_messages) -> int:
        queued = 0
        for message in email_messages:
            if not message.recipients():
                continue
            transaction.on_commit(
                partial(deliver_mail.enqueue, message_to_dict(message)), robust=True
            )
            queued += 1
        return queued
