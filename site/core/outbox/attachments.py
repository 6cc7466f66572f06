"""Attachments as JSON data, so that a stored message can be sent (or sent again) as it was."""

import base64
import email
import email.policy
from email.message import MIMEPart

from django.core.mail import EmailMessage


def encode(attachments: list) -> list[dict]:
    """An ``EmailMessage``'s attachments (MIME parts or (name, content, type)) as data."""
    encoded = []
    for attachment in attachments:
        if isinstance(attachment, MIMEPart):
            encoded.append({"mime": _b64(attachment.as_bytes())})
            continue
        filename, content, mimetype = attachment
        data = content.encode() if isinstance(content, str) else content
        encoded.append({"filename": filename, "content": _b64(data), "mimetype": mimetype})
    return encoded


def attach(message: EmailMessage, encoded: list[dict]) -> None:
    """Attach what ``encode`` described to the message."""
    for attachment in encoded:
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


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
