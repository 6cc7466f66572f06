"""The knowledge library: its index page and the articles below it."""

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from core.models import AttachedDocument

from .blocks import ArticleBodyBlock


class ArticleKind(models.TextChoices):
    """What sort of knowledge an article carries."""

    EXPERIENCE = "erfarenhet", _("Erfarenhet")
    METHOD_SUPPORT = "metodstod", _("Metodstöd")
    GUIDELINE = "riktlinje", _("Riktlinje")
    FOLLOW_UP = "uppfoljning", _("Uppföljning")
    REPORT = "rapport", _("Rapport")


class LibraryIndexPage(RoutablePageMixin, Page):
    """The kunskapsbank: lists articles with facets and feeds, and hosts members' writing."""

    intro = RichTextField(_("ingress"), features=["bold", "italic", "link"], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["core.HomePage"]
    subpage_types = ["knowledge.ArticlePage"]
    max_count_per_parent = 1
    # What its listing and feeds read (LibraryFilterForm).
    cache_query_parameters = ("kind", "topic", "county", "year", "sort", "page")

    class Meta:
        verbose_name = _("kunskapsbank")

    # The routes delegate to knowledge.views so that the model stays about data.
    @path("")
    def listing(self, request):
        from . import views

        return views.library_listing(request, self)

    @path("flode/rss/", name="feed-rss")
    def feed_rss(self, request):
        from .feeds import LibraryRssFeed

        return LibraryRssFeed()(request, index_page=self)

    @path("flode/atom/", name="feed-atom")
    def feed_atom(self, request):
        from .feeds import LibraryAtomFeed

        return LibraryAtomFeed()(request, index_page=self)

    @path("mina-artiklar/", name="my-articles")
    def my_articles(self, request):
        from . import views

        return views.my_articles(request, self)

    @path("skriv/", name="article-create")
    def article_create(self, request):
        from . import views

        return views.article_create(request, self)

    @path("skriv/<int:article_id>/", name="article-edit")
    def article_edit(self, request, article_id):
        from . import views

        return views.article_edit(request, self, article_id)

    @path("skriv/<int:article_id>/forhandsgranska/", name="article-preview")
    def article_preview(self, request, article_id):
        from . import views

        return views.article_preview(request, self, article_id)

    @path("skriv/<int:article_id>/skicka/", name="article-submit")
    def article_submit(self, request, article_id):
        from . import views

        return views.article_submit(request, self, article_id)


class ArticlePageQuerySet(PageQuerySet):
    """Queries over library articles."""

    def review_due(self, today: datetime.date | None = None) -> "ArticlePageQuerySet":
        """Published articles whose last review (or publication, if never reviewed) is too old.

        Drafts, members' submissions among them, are reviewed before they are published,
        and an alias is reviewed with the article it shows, so neither is due.
        """
        today = today or timezone.localdate()
        cutoff = today - datetime.timedelta(days=settings.KNOWLEDGE_REVIEW_AFTER_DAYS)
        return self.live().filter(
            Q(last_reviewed__lt=cutoff)
            | Q(last_reviewed__isnull=True, publication_date__lt=cutoff),
            alias_of__isnull=True,
        )


class ArticlePageTag(TaggedItemBase):
    """The free-text tags of an article."""

    content_object = ParentalKey(
        "knowledge.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticlePage(Page):
    """An article in the library: experience, method support, guideline, follow-up or report."""

    kind = models.CharField(
        _("sort"), max_length=20, choices=ArticleKind.choices, default=ArticleKind.EXPERIENCE
    )
    summary = models.TextField(
        _("sammanfattning"),
        max_length=600,
        help_text=_("Två–tre meningar som visas i listor, sökträffar och flöden."),
    )
    body = StreamField(ArticleBodyBlock(), verbose_name=_("innehåll"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("bild"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("alternativtext"),
        max_length=250,
        blank=True,
        help_text=_("Beskriv bildens innehåll för den som inte ser den."),
    )
    publication_date = models.DateField(_("publiceringsdatum"), default=datetime.date.today)
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    content_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("innehållsansvarig"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Den på Tillväxtverket som ser till att artikeln hålls aktuell."),
    )
    last_reviewed = models.DateField(_("senast granskad"), null=True, blank=True)
    counties = ParentalManyToManyField(
        "core.County", verbose_name=_("län"), blank=True, related_name="articles"
    )
    topics = ParentalManyToManyField(
        "core.Topic", verbose_name=_("ämnen"), blank=True, related_name="articles"
    )
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True, verbose_name=_("taggar"))
    related_meetings = ParentalManyToManyField(
        "events.EventPage",
        verbose_name=_("relaterade möten"),
        blank=True,
        related_name="articles",
        help_text=_("Möten som artikeln handlar om eller kom ur."),
    )

    objects = PageManager.from_queryset(ArticlePageQuerySet)()

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("image"), FieldPanel("image_alt")],
            heading=_("Bild"),
            classname="collapsed",
        ),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("Bilagor")),
        InlinePanel("related_articles", label=_("Relaterade artiklar")),
    ]
    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel(
            [
                FieldPanel("publication_date"),
                InlinePanel("authors", label=_("Författare")),
                FieldPanel("organisation"),
                FieldPanel("counties", widget=forms.CheckboxSelectMultiple),
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
                FieldPanel("related_meetings"),
            ],
            heading=_("Uppgifter om artikeln"),
        ),
        MultiFieldPanel(
            [FieldPanel("content_owner"), FieldPanel("last_reviewed")],
            heading=_("Ansvar och granskning"),
        ),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("publication_date"),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.RelatedFields("counties", [index.SearchField("name")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields(
            "attachments", [index.RelatedFields("document", [index.SearchField("title")])]
        ),
    ]

    parent_page_types = ["knowledge.LibraryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("artikel")
        verbose_name_plural = _("artiklar")

    def clean(self):
        super().clean()
        if self.image_id and not self.image_alt.strip():
            raise ValidationError({"image_alt": _("Skriv en alternativtext till bilden.")})

    @property
    def live_related_articles(self) -> list:
        """The related articles that are published (in Python, as the meetings below)."""
        items = self.related_articles.select_related("article")
        return [item.article for item in items if item.article.live]

    @property
    def live_related_meetings(self) -> list:
        """The related meetings that are published.

        Filtered in Python because a preview holds its relations in memory, where
        there is no PageQuerySet to call live() on.
        """
        return [meeting for meeting in self.related_meetings.all() if meeting.live]

    @property
    def review_due(self) -> bool:
        """Whether editors should review the article again."""
        reviewed = self.last_reviewed or self.publication_date
        limit = datetime.timedelta(days=settings.KNOWLEDGE_REVIEW_AFTER_DAYS)
        return reviewed + limit < timezone.localdate()


class ArticleAuthor(Orderable):
    """A member credited as author of an article, in display order."""

    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="authors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("författare"),
        on_delete=models.CASCADE,
        related_name="authored_articles",
    )

    panels = [FieldPanel("user")]

    class Meta(Orderable.Meta):
        verbose_name = _("författare")
        verbose_name_plural = _("författare")


class ArticleAttachment(AttachedDocument):
    """A downloadable document (PDF, office file) attached to an article."""

    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="attachments")

    class Meta(AttachedDocument.Meta):
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")


class RelatedArticle(Orderable):
    """Another article that readers of this one may want next."""

    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="related_articles")
    article = models.ForeignKey(
        ArticlePage,
        verbose_name=_("artikel"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("article")]

    class Meta(Orderable.Meta):
        verbose_name = _("relaterad artikel")
        verbose_name_plural = _("relaterade artiklar")
