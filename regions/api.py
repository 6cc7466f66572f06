"""The counties and contact persons datasets of the open-data API.

``/api/v2/lan/``: the county pages (programme period, status, document, priorities)
with their approved follow-up figures. ``/api/v2/kontaktpersoner/``: the public
directory of regional contact persons. Only what the public pages show appears.
"""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.api import APIField
from wagtail.api.v2.utils import BadRequestError
from wagtail.rich_text import expand_db_html

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.parameters import Parameter
from core.api.views import OpenDataModelEndpoint, OpenDataPagesEndpoint
from core.models import County
from core.privacy import public_documents

from .followups.models import FollowUpAnswer, FollowUpRound
from .followups.selectors import open_figures
from .models import ContactPerson, CountyPage, Responsibility
from .selectors import contact_list

# County → its approved follow-up answers, newest year first (prefetched).
APPROVED = "approved_follow_ups"


def county_slugs() -> list[str]:
    return list(County.objects.order_by("slug").values_list("slug", flat=True))


def programme_statuses() -> list[str]:
    return list(CountyPage.ProgrammeStatus.values)


def responsibility_codes() -> list[str]:
    return list(Responsibility.Code.values)


# -- What the fields look like (also their OpenAPI description) ----------------------


class CountySerializer(serializers.Serializer):
    code = serializers.CharField(help_text=gettext_lazy("Länskod, t.ex. 25."))
    slug = serializers.CharField(help_text=gettext_lazy("Länets namn i webbadresser."))
    name = serializers.CharField()


class ProgrammePeriodSerializer(serializers.Serializer):
    start_year = serializers.IntegerField(source="programme_start_year", allow_null=True)
    end_year = serializers.IntegerField(source="programme_end_year", allow_null=True)


class ProgrammeStatusSerializer(serializers.Serializer):
    value = serializers.ChoiceField(
        source="programme_status", choices=CountyPage.ProgrammeStatus.choices
    )
    label = serializers.CharField(source="get_programme_status_display")


class DocumentSchema(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.URLField()


class PrioritySchema(serializers.Serializer):
    id = serializers.CharField(help_text=gettext_lazy("Nyckeln som uppföljningen använder."))
    title = serializers.CharField()
    description = serializers.CharField(help_text=gettext_lazy("HTML."))
    measures = serializers.ListField(child=serializers.CharField())


class PriorityValueSchema(serializers.Serializer):
    priority_id = serializers.CharField()
    priority = serializers.CharField()
    value = serializers.JSONField()


class FigureSchema(serializers.Serializer):
    question = serializers.CharField()
    kind = serializers.ChoiceField(
        choices=[
            "rating",
            "single_choice",
            "multiple_choice",
            "yes_no",
            "number",
            "amount",
            "short_text",
            "long_text",
        ]
    )
    unit = serializers.CharField(help_text=gettext_lazy("SEK för belopp."))
    value = serializers.JSONField(
        allow_null=True,
        help_text=gettext_lazy(
            "Tal, sant/falskt, text eller lista; null när frågan besvaras per prioritering."
        ),
    )
    per_priority = PriorityValueSchema(many=True)


class FollowUpSchema(serializers.Serializer):
    year = serializers.IntegerField()
    figures = FigureSchema(many=True)


@extend_schema_field(DocumentSchema(allow_null=True))
class ProgrammeDocumentField(serializers.Field):
    """The programme document's title and serve URL, when the public may read it.

    Whether it may is read for the whole page of counties at once
    (``CountiesEndpoint.public_document_ids``).
    """

    def to_representation(self, document):
        if document.pk not in self.context["view"].public_document_ids:
            return None
        request = self.context["request"]
        return {"title": document.title, "url": request.build_absolute_uri(document.url)}


@extend_schema_field(PrioritySchema(many=True))
class PrioritiesField(serializers.Field):
    """The programme's priorities as data, not as Wagtail's stream."""

    def to_representation(self, stream):
        return [
            {
                "id": str(block.id),
                "title": block.value["title"],
                "description": expand_db_html(block.value["description"].source)
                if block.value["description"]
                else "",
                "measures": [str(measure) for measure in block.value["measures"] if measure],
            }
            for block in stream
            if block.block_type == "priority"
        ]


@extend_schema_field(FollowUpSchema(many=True))
class FollowUpField(serializers.Field):
    """The county's approved follow-up figures: of the year asked for, else the newest."""

    def get_attribute(self, page):
        return page

    def to_representation(self, page):
        answers = getattr(page.county, APPROVED, None)
        if answers is None:
            answers = list(approved_answers())
        year = self.context["view"].filters.get("ar")
        if year is None:
            chosen = answers[:1]
        else:
            chosen = [answer for answer in answers if answer.round.year == year]
        return [open_figures(answer) for answer in chosen]


def approved_answers():
    return (
        FollowUpAnswer.objects.filter(status=FollowUpAnswer.Status.APPROVED)
        .select_related("round__questionnaire")
        .order_by("-round__year")
    )


class CountiesEndpoint(OpenDataPagesEndpoint):
    """Published county pages that no view restriction hides, with approved figures."""

    model = CountyPage
    name = "lan"
    description = gettext_lazy(
        "Län: regionala serviceprogram med period, status, dokument, prioriteringar"
        " och länens granskade nyckeltal från den årliga uppföljningen."
    )
    api_parameters = (
        Parameter("lan", gettext_lazy("Län (t.ex. norrbottens-lan)."), choices=county_slugs),
        Parameter("status", gettext_lazy("Programmets status."), choices=programme_statuses),
        Parameter(
            "ar",
            gettext_lazy("Uppföljningens år: nyckeltalen det året (annars länets senaste)."),
            kind="integer",
        ),
    )
    body_fields = [
        *OpenDataPagesEndpoint.body_fields,
        APIField("county", serializer=CountySerializer(read_only=True)),
        APIField(
            "programme_period", serializer=ProgrammePeriodSerializer(source="*", read_only=True)
        ),
        APIField(
            "programme_status", serializer=ProgrammeStatusSerializer(source="*", read_only=True)
        ),
        "last_reviewed",
        APIField("programme_document", serializer=ProgrammeDocumentField(read_only=True)),
        APIField("priorities", serializer=PrioritiesField(read_only=True)),
        APIField("follow_up", serializer=FollowUpField(read_only=True)),
    ]
    listing_default_fields = [
        *OpenDataPagesEndpoint.listing_default_fields,
        "county",
        "programme_period",
        "programme_status",
        "last_reviewed",
        "programme_document",
        "priorities",
        "follow_up",
    ]

    def get_base_queryset(self):
        return (
            CountyPage.objects.live()
            .select_related("county", "programme_document__collection")
            .prefetch_related(
                Prefetch(
                    "county__follow_up_answers", queryset=approved_answers(), to_attr=APPROVED
                )
            )
        )

    def prepare(self, pages):
        """Which programme documents anyone may download, for all ``pages`` in two queries."""
        documents = [page.programme_document for page in pages if page.programme_document]
        self.public_document_ids = {document.pk for document in public_documents(documents)}

    def filter_by(self, queryset, filters):
        if "ar" in filters and not FollowUpRound.objects.filter(year=filters["ar"]).exists():
            years = FollowUpRound.objects.order_by("year").values_list("year", flat=True)
            raise BadRequestError(
                _("ar: det finns ingen uppföljning %(year)s; år med uppföljning: %(years)s.")
                % {"year": filters["ar"], "years": ", ".join(map(str, years)) or "–"}
            )
        if "lan" in filters:
            queryset = queryset.filter(county__slug=filters["lan"])
        if "status" in filters:
            queryset = queryset.filter(programme_status=filters["status"])
        return queryset


# -- Contact persons -------------------------------------------------------------------


class ResponsibilitySerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=Responsibility.Code.choices)
    label = serializers.CharField(source="get_code_display")


@extend_schema_field(OpenApiTypes.URI)
class VCardUrlField(serializers.Field):
    """Where the directory offers the person's vCard."""

    def get_attribute(self, contact):
        return contact

    def to_representation(self, contact):
        url = reverse("regions:contact-vcard", args=[contact.pk])
        return self.context["request"].build_absolute_uri(url)


class ContactPersonsEndpoint(OpenDataModelEndpoint):
    """The public directory of regional contact persons (those with a county)."""

    model = ContactPerson
    name = "kontaktpersoner"
    description = gettext_lazy(
        "Regionala kontaktpersoner för serviceprogrammen och stödet till kommersiell"
        " service, som i den publika katalogen."
    )
    api_parameters = (
        Parameter("lan", gettext_lazy("Län (t.ex. norrbottens-lan)."), choices=county_slugs),
        Parameter(
            "ansvar",
            gettext_lazy("Ansvarsområde (kod)."),
            choices=responsibility_codes,
        ),
    )
    body_fields = [
        "id",
        "name",
        "role",
        APIField(
            "organisation",
            serializer=serializers.CharField(source="organisation_display", read_only=True),
        ),
        APIField("county", serializer=CountySerializer(read_only=True)),
        "email",
        "phone",
        APIField("phone_e164", serializer=serializers.CharField(read_only=True)),
        APIField(
            "responsibilities",
            serializer=ResponsibilitySerializer(source="responsibilities.all", many=True),
        ),
        APIField("vcard_url", serializer=VCardUrlField(read_only=True)),
    ]
    listing_default_fields = [
        "id",
        "type",
        "detail_url",
        "name",
        "role",
        "organisation",
        "county",
        "email",
        "phone",
        "phone_e164",
        "responsibilities",
        "vcard_url",
    ]
    nested_default_fields = ["id", "type", "detail_url", "name"]

    def get_queryset(self):
        filters = getattr(self, "filters", {})
        contacts = contact_list(responsibility=filters.get("ansvar"))
        if "lan" in filters:
            contacts = contacts.filter(county__slug=filters["lan"])
        return contacts.order_by("county__code", "name", "pk")
