"""Background tasks shared by every app.

``send_mail_task`` is the one way e-mail leaves the site: with
``TASKS_BACKEND=database`` it is queued in the database and sent by
``manage.py db_worker``, so a slow or unreachable SMTP server never holds up a
request. Call ``queue_mail`` from services: it enqueues once the transaction
commits, so no mail goes out for a change that was rolled back.
"""

from functools import partial

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task


@task()
def send_mail_task(
    *,
    subject: str,
    message: str,
    to: list[str],
    html_message: str = "",
    from_email: str | None = None,
    reply_to: list[str] | None = None,
    headers: dict[str, str] | None = None,
) -> int:
    """Send one e-mail (plain text, optionally with an HTML alternative).

    Every argument is JSON-serialisable, as the database backend requires.
    Returns the number of messages sent (1).
    """
    email = EmailMultiAlternatives(
        subject=subject,
        body=message,
        from_email=from_email,
        to=to,
        reply_to=reply_to or [],
        headers=headers or {},
    )
    if html_message:
        email.attach_alternative(html_message, "text/html")
    return email.send()


def queue_mail(
    *,
    subject: str,
    message: str,
    to: list[str],
    html_message: str = "",
    from_email: str | None = None,
    reply_to: list[str] | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    """Enqueue ``send_mail_task`` when the current transaction commits."""
    transaction.on_commit(
        partial(
            send_mail_task.enqueue,
            subject=subject,
            message=message,
            to=list(to),
            html_message=html_message,
            from_email=from_email,
            reply_to=list(reply_to) if reply_to else None,
            headers=dict(headers) if headers else None,
        )
    )
