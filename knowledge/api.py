"""The library's dataset of the open-data API (``/api/v2/artiklar/``).

An article's metadata, its summary and a link to its page; not its body, which
members and authors wrote and hold the copyright to. Never the accounts behind an
article (authors, the content owner), drafts, articles in review, unpublished or
view-restricted ones.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.api.v2.utils import BadRequestError, get_object_detail_url

from core.api.parameters import Parameter
from core.api.views import OpenDataPagesEndpoint
from core.privacy import visible_to
from events.api import (
    COUNTY,
    DOCUMENTS,
    STRING,
    TOPICS,
    attach_public_documents,
    computed,
    county_data,
    county_slugs,
    document_data,
    nullable,
    topic_data,
    topic_slugs,
)
from events.models import EventPage

from .models import ArticleAttachment, ArticleKind, ArticlePage

DATE = {"type": "string", "format": "date"}
ARTICLE_ORDER = ("id", "title", "publication_date", "last_reviewed", "first_published_at")
FIRST_YEAR, LAST_YEAR = 1900, 2200


def related_meetings(article: ArticlePage, context) -> list[dict]:
    """The public meetings the article is about, with their addresses (API and site)."""
    return [
        {
            "id": meeting.pk,
            "title": meeting.title,
            "detail_url": get_object_detail_url(
                context["router"], context["request"], EventPage, meeting.pk
            ),
            "html_url": meeting.full_url,
        }
        for meeting in article.public_meetings
    ]


ARTICLE_FIELDS = [
    "id",
    "title",
    computed("summary", STRING, lambda article, context: article.summary),
    computed(
        "kind",
        {"type": "string", "enum": ArticleKind.values},
        lambda article, context: article.kind,
    ),
    computed("kind_label", STRING, lambda article, context: article.get_kind_display()),
    computed(
        "publication_date", DATE, lambda article, context: article.publication_date.isoformat()
    ),
    computed(
        "last_reviewed",
        nullable(DATE),
        lambda article, context: (
            article.last_reviewed.isoformat() if article.last_reviewed else None
        ),
    ),
    computed("topics", TOPICS, lambda article, context: topic_data(article.topics.all())),
    computed(
        "counties",
        {"type": "array", "items": COUNTY},
        lambda article, context: [county_data(county) for county in article.counties.all()],
    ),
    computed(
        "tags",
        {"type": "array", "items": STRING},
        lambda article, context: sorted(tag.name for tag in article.tags.all()),
    ),
    computed(
        "organisation",
        nullable(STRING),
        lambda article, context: article.organisation.name if article.organisation else None,
    ),
    computed("attachments", DOCUMENTS, document_data),
    computed(
        "related_meetings",
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "title": STRING,
                    "detail_url": nullable({"type": "string", "format": "uri"}),
                    "html_url": nullable({"type": "string", "format": "uri"}),
                },
                "required": ["id", "title", "detail_url", "html_url"],
            },
        },
        related_meetings,
    ),
]


DESCRIPTION = gettext_lazy(
    "Kunskapsbanken: publicerade artiklar (erfarenheter, metodstöd, riktlinjer, "
    "uppföljningar och rapporter) med sammanfattning, sort, ämnen, län, taggar, "
    "bilagor och relaterade möten, nyast först. Artikelns brödtext ingår inte: den "
    "är skriven av medlemmar och författare, som har upphovsrätten till den; "
    "html_url leder till artikeln på webbplatsen."
)


class ArticlesEndpoint(OpenDataPagesEndpoint):
    """Published library articles that no view restriction hides: metadata and summary.

    Not the body: members and authors wrote it and hold its copyright; ``html_url``
    leads to the article on the site.
    """

    model = ArticlePage
    name = "artiklar"
    order_fields = ARTICLE_ORDER
    description = DESCRIPTION
    api_parameters = (
        Parameter(
            "typ",
            gettext_lazy("Sort: erfarenhet, metodstod, riktlinje, uppfoljning eller rapport."),
            choices=lambda: list(ArticleKind.values),
        ),
        Parameter("amne", gettext_lazy("Ämne (slug)."), choices=topic_slugs),
        Parameter("lan", gettext_lazy("Län (slug), t.ex. jamtlands-lan."), choices=county_slugs),
        Parameter("ar", gettext_lazy("Publiceringsår, t.ex. 2025."), kind="integer"),
    )
    body_fields = ARTICLE_FIELDS
    listing_default_fields = [
        "id",
        "type",
        "detail_url",
        "html_url",
        "slug",
        *(field if isinstance(field, str) else field.name for field in ARTICLE_FIELDS[1:]),
    ]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        year = self.filters.get("ar")
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            raise BadRequestError(
                _("ar: ange ett år mellan %(first)s och %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )

    def filter_by(self, queryset, filters):
        if "typ" in filters:
            queryset = queryset.filter(kind=filters["typ"])
        if "amne" in filters:
            queryset = queryset.filter(topics__slug=filters["amne"])
        if "lan" in filters:
            queryset = queryset.filter(counties__slug=filters["lan"])
        if "ar" in filters:
            queryset = queryset.filter(publication_date__year=filters["ar"])
        return queryset

    @staticmethod
    def with_related(queryset):
        """Everything the fields read, in a fixed number of queries."""
        attachments = ArticleAttachment.objects.select_related("document__collection").order_by(
            "sort_order", "pk"
        )
        meetings = visible_to(EventPage.objects.live(), None).order_by("start", "pk")
        return queryset.select_related("organisation", "locale").prefetch_related(
            "topics",
            "counties",
            "tags",
            Prefetch("attachments", queryset=attachments),
            Prefetch("related_meetings", queryset=meetings, to_attr="public_meetings"),
        )

    def get_queryset(self):
        queryset = self.filter_by(visible_to(self.get_base_queryset(), None), self.filters)
        return self.with_related(queryset.order_by("-publication_date", "-pk"))

    def prepare(self, pages):
        attach_public_documents(pages, "attachments")
