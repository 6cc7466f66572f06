"""The library's part of a member's data export and account erasure (see members.gdpr).

A deleted member's articles stay in the library: they are knowledge that belongs
to the organisation, so only the person is removed from them.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from wagtail.models import Revision

from .models import ArticleAuthor, ArticlePage


def _articles_of(user):
    return (
        ArticlePage.objects.filter(Q(owner=user) | Q(authors__user=user))
        .distinct()
        .select_related("organisation")
        .order_by("pk")
    )


def export_articles(user) -> tuple[str, list[dict]]:
    """The articles the member owns or is credited as author of, drafts included."""
    return "articles", [
        {
            "title": article.title,
            "kind": article.kind,
            "live": article.live,
            "url": article.full_url if article.live else "",
            "publication_date": article.publication_date,
            "organisation": article.organisation.name if article.organisation else "",
            "summary": article.summary,
        }
        for article in _articles_of(user)
    ]


def erase_articles(user) -> None:
    """Take the member off their articles (authors, owner, content owner) and their revisions."""
    article_ids = list(_articles_of(user).values_list("pk", flat=True))
    ArticleAuthor.objects.filter(user=user).delete()
    ArticlePage.objects.filter(owner=user).update(owner=None)
    ArticlePage.objects.filter(content_owner=user).update(content_owner=None)
    # Drafts and history keep the article's content; without the member in them a
    # later publish of an old revision cannot put the person back.
    for revision in Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(ArticlePage),
        object_id__in=[str(pk) for pk in article_ids],
    ):
        content = revision.content
        content["authors"] = [
            author for author in content.get("authors", []) if author.get("user") != user.pk
        ]
        for field in ("owner", "content_owner"):
            if content.get(field) == user.pk:
                content[field] = None
        revision.content = content
        revision.save(update_fields=["content"])
