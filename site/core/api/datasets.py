"""The datasets of the open data, described once for the "Öppna data" page and DCAT-AP-SE.

Each app registers what it publishes with ``register_dataset`` in its
``AppConfig.ready``: a ``Dataset`` names its API endpoint (served at
``/api/v2/<endpoint>/``), its other distributions (a calendar feed, an RSS feed),
the EU vocabularies' themes and update frequency, its licence and whether it holds
personal data. The page (``core.models.OpenDataPage``) and the catalogue
(``core.api.dcat``) read the registry; neither knows the apps.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin

from django.db.models import Max
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from wagtail.models import Site

from core.privacy import visible_to

# The EU Publications Office's vocabularies that DCAT-AP-SE prescribes.
THEMES = "http://publications.europa.eu/resource/authority/data-theme/"
FREQUENCIES = "http://publications.europa.eu/resource/authority/frequency/"
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
API_PATH = "/api/v2/"
OPENAPI_PATH = "/api/v2/openapi.json"


class Theme:
    """Themes of the EU "data-theme" vocabulary that these datasets use."""

    ECONOMY = f"{THEMES}ECON"
    GOVERNMENT = f"{THEMES}GOVE"
    REGIONS = f"{THEMES}REGI"


class Frequency:
    """Update frequencies of the EU "frequency" vocabulary."""

    CONTINUOUS = f"{FREQUENCIES}UPDATE_CONT"
    ANNUAL = f"{FREQUENCIES}ANNUAL"
    IRREGULAR = f"{FREQUENCIES}IRREG"


FREQUENCY_LABELS = {
    Frequency.CONTINUOUS: _("Löpande, när något publiceras eller ändras"),
    Frequency.ANNUAL: _("En gång om året"),
    Frequency.IRREGULAR: _("Oregelbundet, när något ändras"),
}
LICENCE_LABELS = {CC0: "CC0 1.0"}
API_TITLE = _("API (JSON)")


@dataclass(frozen=True)
class Distribution:
    """One more way to get a dataset besides the API: a feed or a file.

    ``url`` returns its address for a request (absolute, or a path on the site), or
    None when the page it belongs to does not exist. ``download`` is true for a
    file to fetch as a whole (``dcat:downloadURL``).
    """

    key: str
    title: Promise
    media_type: str
    url: Callable[[HttpRequest], str | None]
    download: bool = True


@dataclass(frozen=True)
class Dataset:
    """A dataset of the open data, as the page and the DCAT catalogue describe it."""

    key: str
    title: Promise
    description: Promise
    keywords: tuple[Promise, ...]
    # URIs of the EU "data-theme" vocabulary (Theme).
    themes: tuple[str, ...]
    # A URI of the EU "frequency" vocabulary (Frequency).
    frequency: str
    # The API endpoint's name: the dataset is served at /api/v2/<endpoint>/.
    endpoint: str
    distributions: tuple[Distribution, ...] = ()
    license: str = CC0
    personal_data: bool = False
    # The page type whose latest publication dates the dataset (dct:modified).
    page_model: type | None = None

    @property
    def anchor(self) -> str:
        """The id of the dataset's section on the "Öppna data" page."""
        return f"datamangd-{self.key}"

    @property
    def api_path(self) -> str:
        return f"{API_PATH}{self.endpoint}/"

    @property
    def full_description(self) -> str:
        """The description, with what a holder of personal data must know."""
        if self.personal_data:
            return f"{self.description} {PERSONAL_DATA_NOTE}"
        return str(self.description)

    @property
    def frequency_label(self) -> str:
        return str(FREQUENCY_LABELS.get(self.frequency, self.frequency))

    @property
    def license_label(self) -> str:
        return LICENCE_LABELS.get(self.license, self.license)

    def modified(self) -> datetime | None:
        """When a public page of the dataset was last published, if it has pages."""
        if self.page_model is None:
            return None
        pages = visible_to(self.page_model.objects.live(), None)
        return pages.aggregate(latest=Max("last_published_at"))["latest"]


PERSONAL_DATA_NOTE = _(
    "Datamängden innehåller personuppgifter: namn och kontaktuppgifter till personer i "
    "deras yrkesroll. De publiceras för att man ska kunna kontakta personerna i den rollen "
    "och får bara återanvändas för det. Den som behandlar uppgifterna ansvarar för att det "
    "sker enligt dataskyddsförordningen (GDPR)."
)

_datasets: dict[str, Dataset] = {}


def register_dataset(dataset: Dataset) -> None:
    """Describe ``dataset`` on the open-data page and in the catalogue; from ``ready``."""
    known = _datasets.get(dataset.key)
    if known is not None and known != dataset:
        raise ValueError(f"Another dataset is registered as {dataset.key!r}")
    _datasets[dataset.key] = dataset


def datasets() -> list[Dataset]:
    """The registered datasets, in registration order."""
    return list(_datasets.values())


def page_in_language(model: type, request: HttpRequest):
    """The public live page of ``model`` in the active language, else in any; or None.

    For a distribution below a page (a calendar feed, an RSS feed).
    """
    pages = visible_to(model.objects.live(), None).select_related("locale")
    active = get_language()
    return min(pages, key=lambda page: page.locale.language_code != active, default=None)


def site_root(request: HttpRequest) -> str:
    """The site's root URL without a trailing slash: the Wagtail site's, or the request's."""
    site = Site.find_for_request(request)
    if site is not None:
        return site.root_url
    return request.build_absolute_uri("/").rstrip("/")


def absolute(request: HttpRequest, url: str) -> str:
    """``url`` (a path on the site or an absolute URL) as an absolute URL."""
    return urljoin(f"{site_root(request)}/", url)


@dataclass(frozen=True)
class Access:
    """A distribution as the page and the catalogue show it: with its absolute URL."""

    key: str
    title: Promise
    media_type: str
    url: str
    download: bool
    api: bool


def accesses(dataset: Dataset, request: HttpRequest) -> list[Access]:
    """The API first, then the other distributions that exist on this site."""
    found = [
        Access(
            key="api",
            title=API_TITLE,
            media_type="application/json",
            url=absolute(request, dataset.api_path),
            download=False,
            api=True,
        )
    ]
    for distribution in dataset.distributions:
        url = distribution.url(request)
        if url:
            found.append(
                Access(
                    key=distribution.key,
                    title=distribution.title,
                    media_type=distribution.media_type,
                    url=absolute(request, url),
                    download=distribution.download,
                    api=False,
                )
            )
    return found


def rate_limit_text(rate: str) -> str:
    """A DRF rate (``"300/min"``) in words; empty when there is no limit."""
    if not rate:
        return ""
    count_text, _slash, period = rate.partition("/")
    count = int(count_text)
    texts = {
        "s": ngettext("%(count)s anrop i sekunden", "%(count)s anrop i sekunden", count),
        "m": ngettext("%(count)s anrop i minuten", "%(count)s anrop i minuten", count),
        "h": ngettext("%(count)s anrop i timmen", "%(count)s anrop i timmen", count),
        "d": ngettext("%(count)s anrop per dygn", "%(count)s anrop per dygn", count),
    }
    return texts[period[:1]] % {"count": count}
