"""Regional coordination: the landing page, one page per county, and the contact persons."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import RICH_TEXT_FEATURES, BodyBlock
from core.privacy import visible_to

from .blocks import ProgrammeBlock
from .followups.models import FollowUpAnswer, FollowUpRound, ProgrammeReporter
from .validators import swedish_phone_to_e164, validate_swedish_phone

__all__ = [
    "ContactDirectoryPage",
    "ContactPerson",
    "CountyPage",
    "FollowUpAnswer",
    "FollowUpRound",
    "ProgrammeReporter",
    "RegionalCoordinationPage",
    "Responsibility",
]

INTRO_FEATURES = ["bold", "italic", "link"]


def format_period(start: int | None, end: int | None) -> str:
    """A programme period as 2014–2020, or the one year that is known."""
    return "–".join(str(year) for year in (start, end) if year)


class RegionalCoordinationPage(Page):
    """The 'Regional samordning' landing page: the work explained and a table of the counties."""

    intro = RichTextField(_("ingress"), features=INTRO_FEATURES, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("innehåll"), blank=True)
    guidelines_document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("riktlinjer"),
        help_text=_("Riktlinjerna för länens regionala serviceprogram."),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("guidelines_document"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["core.HomePage"]
    subpage_types = ["regions.CountyPage", "regions.ContactDirectoryPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("regional samordning")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from knowledge.models import ArticleKind

        # selectors import this module.
        from .selectors import county_rows, published_articles

        context = super().get_context(request, *args, **kwargs)
        context["county_rows"] = county_rows(landing=self, request=request)
        context["guidelines_article"] = published_articles(
            kind=ArticleKind.GUIDELINE, locale=self.locale, request=request
        ).first()
        context["follow_ups"] = published_articles(
            kind=ArticleKind.FOLLOW_UP, locale=self.locale, request=request, limit=10
        ).prefetch_related("counties")
        context["directory"] = visible_to(
            ContactDirectoryPage.objects.child_of(self).live(), request
        ).first()
        return context


class CountyPage(Page):
    """Everything about one county: its regional service programme and its contact persons."""

    class ProgrammeStatus(models.TextChoices):
        IN_FORCE = "gallande", _("Gällande")
        BEING_REVISED = "revideras", _("Under revidering")
        BEING_DRAFTED = "tas-fram", _("Under framtagande")
        EXPIRED = "upphort", _("Har upphört att gälla")

    county = models.ForeignKey(
        "core.County",
        verbose_name=_("län"),
        on_delete=models.PROTECT,
        related_name="county_pages",
    )
    programme_start_year = models.PositiveSmallIntegerField(
        _("programmet gäller från år"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    programme_end_year = models.PositiveSmallIntegerField(
        _("programmet gäller till år"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    programme_status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProgrammeStatus.choices,
        default=ProgrammeStatus.IN_FORCE,
    )
    analysis_summary = RichTextField(
        _("sammanfattning av analysen"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Vad analysen av länets servicesituation kom fram till."),
    )
    priorities = StreamField(
        ProgrammeBlock(), verbose_name=_("prioriteringar och insatser"), blank=True
    )
    programme_document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("programdokument"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_reviewed = models.DateField(
        _("senast granskad"),
        null=True,
        blank=True,
        help_text=_("När Tillväxtverket senast gick igenom programmet och sidan."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("county"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("programme_start_year"), FieldPanel("programme_end_year")]
                ),
                FieldPanel("programme_status"),
                FieldPanel("programme_document"),
                FieldPanel("last_reviewed"),
            ],
            heading=_("Regionalt serviceprogram"),
        ),
        FieldPanel("analysis_summary"),
        FieldPanel("priorities"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("analysis_summary"),
        index.SearchField("priorities"),
    ]

    # The slug is the county's (see clean), so editors are not offered one to type.
    promote_panels = []

    parent_page_types = ["regions.RegionalCoordinationPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("länssida")
        verbose_name_plural = _("länssidor")

    def clean(self):
        # The county decides the URL, so /regional-samordning/<county slug>/ is predictable.
        if self.county_id:
            self.slug = self.county.slug
            duplicates = CountyPage.objects.filter(county=self.county, locale_id=self.locale_id)
            if self.pk:
                duplicates = duplicates.exclude(pk=self.pk)
            if duplicates.exists():
                message = _("Det finns redan en länssida för %(county)s på det här språket.")
                raise ValidationError({"county": message % {"county": self.county}})
        super().clean()
        if (
            self.programme_start_year
            and self.programme_end_year
            and self.programme_end_year < self.programme_start_year
        ):
            raise ValidationError(
                {"programme_end_year": _("Slutåret kan inte vara före startåret.")}
            )

    @property
    def programme_period(self) -> str:
        """The programme's period as 2014–2020, or the one year that is known."""
        return format_period(self.programme_start_year, self.programme_end_year)

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from knowledge.models import ArticleKind

        # selectors import this module.
        from .followups.selectors import latest_figures
        from .selectors import contact_list, county_calendar, published_articles

        context = super().get_context(request, *args, **kwargs)
        context["contacts"] = contact_list(county=self.county)
        context["directory"] = visible_to(
            ContactDirectoryPage.objects.sibling_of(self).live(), request
        ).first()
        context["calendar"] = county_calendar(
            county=self.county, locale=self.locale, request=request
        )
        context["follow_ups"] = published_articles(
            county=self.county, kind=ArticleKind.FOLLOW_UP, locale=self.locale, request=request
        )
        context["key_figures"] = latest_figures(self.county)
        context["experiences"] = published_articles(
            county=self.county,
            kind=ArticleKind.EXPERIENCE,
            locale=self.locale,
            request=request,
            limit=10,
        )
        return context


class ContactDirectoryPage(Page):
    """The public directory of regional contact persons, filtered by county and responsibility."""

    intro = RichTextField(_("ingress"), features=INTRO_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["regions.RegionalCoordinationPage"]
    subpage_types = []
    max_count_per_parent = 1
    # What ContactFilterForm reads.
    cache_query_parameters = ("lan", "ansvar")

    class Meta:
        verbose_name = _("kontaktpersonskatalog")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        # forms and selectors import this module.
        from .forms import ContactFilterForm
        from .selectors import contact_list

        context = super().get_context(request, *args, **kwargs)
        form = ContactFilterForm(request.GET)
        context["form"] = form
        if form.is_valid():
            context["contacts"] = contact_list(
                county=form.cleaned_data["lan"],
                responsibility=form.cleaned_data["ansvar"] or None,
            )
        else:
            context["contacts"] = []
        return context

    def serve(self, request: HttpRequest, *args, **kwargs) -> TemplateResponse:
        response = super().serve(request, *args, **kwargs)
        if not response.context_data["form"].is_valid():
            # The page explains what was wrong; the status tells clients the query was bad.
            response.status_code = 400
        return response


class Responsibility(models.Model):
    """One of the fixed areas a regional contact person can answer for."""

    class Code(models.TextChoices):
        SERVICE_PROGRAMME = "rsp", _("Regionalt serviceprogram")
        COMMERCIAL_SERVICE_SUPPORT = "stod", _("Stöd till kommersiell service")
        INVESTMENT_SUPPORT = "investeringsstod", _("Investeringsstöd hos länsstyrelsen")

    code = models.CharField(_("kod"), max_length=20, choices=Code.choices, unique=True)
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("ansvarsområde")
        verbose_name_plural = _("ansvarsområden")
        ordering = ["position"]

    def __str__(self):
        return self.get_code_display()


class ContactPersonQuerySet(models.QuerySet):
    """Reads of contact persons."""

    def listed(self) -> "ContactPersonQuerySet":
        """Contact persons shown to the public: those with a county."""
        return self.filter(county__isnull=False)

    def for_listing(self) -> "ContactPersonQuerySet":
        """With what a listing shows fetched in a constant number of queries."""
        return self.select_related("county", "organisation").prefetch_related("responsibilities")


class ContactPerson(models.Model):
    """A regional contact person (handläggare) for the service programme or support."""

    name = models.CharField(_("namn"), max_length=150)
    role = models.CharField(_("roll eller titel"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_persons",
    )
    organisation_name = models.CharField(
        _("organisationens namn"),
        max_length=200,
        blank=True,
        help_text=_("Används när organisationen inte finns i registret."),
    )
    county = models.ForeignKey(
        "core.County",
        verbose_name=_("län"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_persons",
        help_text=_("Kontaktpersoner utan län visas inte i den publika katalogen."),
    )
    email = models.EmailField(_("e-postadress"), blank=True)
    phone = models.CharField(
        _("telefon"),
        max_length=30,
        blank=True,
        validators=[validate_swedish_phone],
        help_text=_("Till exempel 070-123 45 67 eller +46 8 681 91 00."),
    )
    responsibilities = models.ManyToManyField(
        Responsibility,
        verbose_name=_("ansvarar för"),
        blank=True,
        related_name="contact_persons",
    )

    objects = ContactPersonQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        MultiFieldPanel(
            [FieldPanel("organisation"), FieldPanel("organisation_name")],
            heading=_("Organisation"),
        ),
        FieldPanel("county"),
        FieldPanel("email"),
        FieldPanel("phone"),
        FieldPanel("responsibilities", widget=forms.CheckboxSelectMultiple),
    ]

    class Meta:
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")
        ordering = ["county__code", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        self.phone = self.phone.strip()
        if not (self.email or self.phone):
            raise ValidationError(_("Ange e-postadress, telefonnummer eller båda."))

    @property
    def organisation_display(self) -> str:
        """The organisation's registered name, else the free-text fallback."""
        return self.organisation.name if self.organisation else self.organisation_name

    @property
    def phone_e164(self) -> str:
        """The phone number in international form for tel: links and vCards, if valid."""
        try:
            return swedish_phone_to_e164(self.phone)
        except ValidationError:
            return ""
