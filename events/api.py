"""The meetings dataset of the open-data API (``/api/v2/moten/``)."""

from django.utils.translation import gettext_lazy as _

from core.api.parameters import Parameter
from core.api.views import OpenDataPagesEndpoint
from core.models import County

from .models import EventPage


def county_slugs() -> list[str]:
    return list(County.objects.order_by("slug").values_list("slug", flat=True))


class MeetingsEndpoint(OpenDataPagesEndpoint):
    """Published meetings that no view restriction hides."""

    model = EventPage
    name = "moten"
    description = _("Mötesplatser: publicerade möten med sina tillfällen.")
    api_parameters = (
        Parameter("lan", _("Län, som i listningen (t.ex. jamtland)."), choices=county_slugs),
    )
    body_fields = [*OpenDataPagesEndpoint.body_fields, "summary", "start", "end", "format"]
    listing_default_fields = [
        *OpenDataPagesEndpoint.listing_default_fields,
        "summary",
        "start",
        "end",
        "format",
    ]

    def filter_by(self, queryset, filters):
        if "lan" in filters:
            queryset = queryset.filter(county__slug=filters["lan"])
        return queryset
