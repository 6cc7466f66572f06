"""Site-wide models: counties, the shared topic taxonomy, home and standard pages."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .api.datasets import (
    CC0,
    OPENAPI_PATH,
    PERSONAL_DATA_NOTE,
    absolute,
    accesses,
    datasets,
    rate_limit_text,
)
from .blocks import RICH_TEXT_FEATURES, BodyBlock


class County(models.Model):
    """One of Sweden's 21 counties (län), loaded from data/counties.csv."""

    code = models.CharField(_("länskod"), max_length=2, unique=True)
    letter = models.CharField(_("länsbokstav"), max_length=2, unique=True)
    name = models.CharField(_("namn"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    region_body = models.CharField(_("region"), max_length=100)

    class Meta:
        verbose_name = _("län")
        verbose_name_plural = _("län")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Topic(index.Indexed, models.Model):
    """A service type or theme, shared by meetings and the knowledge library."""

    class Kind(models.TextChoices):
        SERVICE = "service", _("Servicetyp")
        THEME = "theme", _("Tema")

    name = models.CharField(_("namn"), max_length=100, unique=True)
    name_en = models.CharField(_("namn på engelska"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("sort"), max_length=10, choices=Kind.choices)

    panels = [FieldPanel("name"), FieldPanel("name_en"), FieldPanel("slug"), FieldPanel("kind")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("ämne")
        verbose_name_plural = _("ämnen")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """The name in the active language, Swedish when no translation exists."""
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name


class HomePage(Page):
    """The start page of each language tree."""

    intro = RichTextField(_("ingress"), features=["bold", "italic", "link"], blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("innehåll"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("startsida")


class StandardPage(Page):
    """A page of prose: about, accessibility statement, privacy policy and the like."""

    intro = models.TextField(_("ingress"), blank=True, max_length=600)
    body = StreamField(BodyBlock(), verbose_name=_("innehåll"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["core.HomePage", "core.StandardPage"]
    subpage_types = ["core.StandardPage"]

    class Meta:
        verbose_name = _("standardsida")


class OpenDataPage(Page):
    """ "Öppna data": the datasets of the API, their licence and how to use them.

    The editor writes the intro and body; the datasets (``core.api.datasets``), the
    examples and the links to the OpenAPI description and the DCAT catalogue are
    rendered from the registry and the settings. One per language, under the home page.
    """

    intro = models.TextField(_("ingress"), blank=True, max_length=600)
    body = StreamField(BodyBlock(), verbose_name=_("innehåll"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["core.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("sida om öppna data")

    def get_context(self, request, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        entries = [
            {"dataset": dataset, "accesses": accesses(dataset, request)} for dataset in datasets()
        ]
        context.update(
            {
                "datasets": entries,
                "api_root": absolute(request, "/api/v2/"),
                "openapi_url": absolute(request, OPENAPI_PATH),
                "dcat_rdf_url": absolute(request, reverse("dcat-catalogue-rdf")),
                "dcat_jsonld_url": absolute(request, reverse("dcat-catalogue-jsonld")),
                "rate_limit": rate_limit_text(settings.API_RATE_LIMIT),
                "cache_seconds": settings.API_CACHE_SECONDS,
                "limit_max": settings.WAGTAILAPI_LIMIT_MAX,
                "cc0": CC0,
                "personal_data_note": PERSONAL_DATA_NOTE,
            }
        )
        return context


@register_setting(icon="list-ul")
class SiteFooter(BaseSiteSetting):
    """Contact details and the statutory links shown in every page's footer."""

    contact_text = RichTextField(_("kontakttext"), features=RICH_TEXT_FEATURES, blank=True)
    contact_email = models.EmailField(_("e-post"), blank=True)
    contact_phone = models.CharField(_("telefon"), max_length=40, blank=True)
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("tillgänglighetsredogörelse"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("personuppgiftspolicy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("contact_text"), FieldPanel("contact_email"), FieldPanel("contact_phone")],
            heading=_("Kontakt"),
        ),
        MultiFieldPanel(
            [FieldPanel("accessibility_page"), FieldPanel("privacy_page")],
            heading=_("Sidor i sidfoten"),
        ),
    ]

    class Meta:
        verbose_name = _("sidfot")


class AttachedDocument(Orderable):
    """A Wagtail document attached to a page, in the editor's order.

    Subclasses add the ``page`` ParentalKey that names the page type and the relation.
    """

    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("dokument"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        abstract = True
