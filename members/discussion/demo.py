"""Demo comments on a library article and a meeting: a question, answers and one reply.

Called by the knowledge app's demo (its articles must exist first); safe to re-run:
a page that already has comments is left as it is.
"""

from datetime import timedelta

from django.utils import timezone

from members.models import User

from .models import Comment

# (author's e-mail, text, replies as (author's e-mail, text))
THREADS = {
    "hemsandning-i-arjeplog": [
        (
            "anders.berg@example.se",
            "Hur prissatte ni hemsändningen till hushållen? Vi funderar på en fast avgift per leverans i Härjedalen.",
            [
                (
                    "lena.lind@example.se",
                    "Vi tar 50 kronor per leverans och kommunen står för resten. Underlaget finns på https://www.arjeplog.se/",
                )
            ],
        ),
        (
            "samordnare@example.se",
            "Tack för en tydlig beskrivning! Vi tar med erfarenheterna till nästa nätverksträff.",
            [],
        ),
    ],
    "nationell-konferens-kommersiell-service": [
        (
            "lena.lind@example.se",
            "Kommer presentationerna att finnas att ladda ner efteråt?",
            [],
        )
    ],
}


def seed(pages_by_slug: dict) -> int:
    """Add the demo threads to the pages given by slug; how many comments were added."""
    users = {user.email: user for user in User.objects.all()}
    added = 0
    start = timezone.now() - timedelta(days=3)
    for slug, threads in THREADS.items():
        page = pages_by_slug.get(slug)
        if page is None or Comment.objects.filter(page_id=page.pk).exists():
            continue
        for n, (email, text, replies) in enumerate(threads):
            when = start + timedelta(hours=5 * n)
            top = Comment.objects.create(
                page_id=page.pk, user=users.get(email), body=text, published_at=when
            )
            Comment.objects.filter(pk=top.pk).update(created_at=when)
            added += 1
            for m, (reply_email, reply_text) in enumerate(replies, 1):
                reply = Comment.objects.create(
                    page_id=page.pk,
                    parent=top,
                    user=users.get(reply_email),
                    body=reply_text,
                    published_at=when + timedelta(hours=m),
                )
                Comment.objects.filter(pk=reply.pk).update(created_at=reply.published_at)
                added += 1
    return added
