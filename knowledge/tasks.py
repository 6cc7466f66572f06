"""Background work of the library: telling members how review of their article went."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation

from core.mail import DELIVERY_MAILER
from core.text import single_line

from .models import ArticlePage


@task
def send_review_outcome_email(*, article_id: int, outcome: str, comment: str) -> None:
    """E-mail the article's owner that it was published or needs changes."""
    article = ArticlePage.objects.select_related("owner").filter(pk=article_id).first()
    if article is None or article.owner is None or not article.owner.email:
        return
    index_page = article.get_parent().specific
    context = {
        "article": article,
        "owner": article.owner,
        "outcome": outcome,
        "comment": comment,
        "site_url": settings.SITE_URL,
        "my_articles_url": index_page.get_full_url() + index_page.reverse_subpage("my-articles"),
        "article_url": article.get_full_url(),
    }
    with translation.override("sv"):
        # A title may hold a line break (U+2028 pastes into a one-line field); a header cannot.
        subject = single_line(
            render_to_string("knowledge/email/review_outcome_subject.txt", context)
        )
        body = render_to_string("knowledge/email/review_outcome.txt", context)
    send_mail(subject, body, None, [article.owner.email], using=DELIVERY_MAILER)
