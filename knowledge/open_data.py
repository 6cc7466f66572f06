"""The library's articles as a dataset of the open data (``core.api.datasets``)."""

from django.utils.translation import gettext_lazy as _

from core.api.datasets import Dataset, Distribution, Frequency, Theme, page_in_language

from .models import ArticlePage, LibraryIndexPage


def _feed(name: str):
    def url(request) -> str | None:
        index = page_in_language(LibraryIndexPage, request)
        return index.get_url(request) + index.reverse_subpage(name) if index else None

    return url


ARTICLES = Dataset(
    key="artiklar",
    title=_("Artiklar i kunskapsbanken"),
    description=_(
        "Metodstöd, vägledningar, uppföljningar och regionernas erfarenheter av planering för "
        "kommersiell service: sammanfattning, sort, ämnen, län och bilagor."
    ),
    keywords=(_("kunskapsbank"), _("kommersiell service"), _("metodstöd"), _("erfarenheter")),
    themes=(Theme.REGIONS, Theme.ECONOMY),
    frequency=Frequency.CONTINUOUS,
    endpoint="artiklar",
    distributions=(
        Distribution(
            key="rss",
            title=_("RSS-flöde"),
            media_type="application/rss+xml",
            url=_feed("feed-rss"),
        ),
        Distribution(
            key="atom",
            title=_("Atom-flöde"),
            media_type="application/atom+xml",
            url=_feed("feed-atom"),
        ),
    ),
    page_model=ArticlePage,
)
