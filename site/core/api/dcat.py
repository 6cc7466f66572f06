"""The catalogue of the open data in DCAT-AP-SE 2.x, for Sweden's data portal to harvest.

Built as an rdflib graph from the dataset registry (``core.api.datasets``) and
serialised by rdflib as RDF/XML (what dataportal.se harvests) or JSON-LD. Every
node has an absolute http(s) IRI under ``/api/dcat/`` (the portal refuses blank
nodes for the catalogue, datasets, distributions, publisher and contact point); the
texts are given in Swedish and English.
"""

import hashlib
from urllib.parse import quote

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail.models import Site

from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, XSD

from core.text import representable

from .datasets import CC0, OPENAPI_PATH, Access, Dataset, absolute, accesses, datasets, site_root

LANGUAGES = ("sv", "en")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
SWEDEN = URIRef(f"{EU}country/SWE")
LANGUAGE_URIS = (URIRef(f"{EU}language/SWE"), URIRef(f"{EU}language/ENG"))
PUBLIC_ACCESS = URIRef(f"{EU}access-right/PUBLIC")
THEME_TAXONOMY = URIRef(f"{EU}data-theme")
# DCAT-AP 2's publisher types (ADMS), which DCAT-AP-SE 2.x uses.
NATIONAL_AUTHORITY = URIRef("http://purl.org/adms/publishertype/NationalAuthority")
MEDIA_TYPES = "http://www.iana.org/assignments/media-types/"
PUBLISHER_NAME = "Tillväxtverket"
PUBLISHER_HOMEPAGE = URIRef("https://tillvaxtverket.se/")
# The API serves the datasets as JSON: one data service for them all.
SERVICE_TITLE = _("%(site)s: öppet API")
CATALOGUE_TITLE = _("%(site)s: öppna data")
CATALOGUE_DESCRIPTION = _(
    "Öppna data från %(site)s, Tillväxtverkets plattform för regional samordning av "
    "kommersiell service: möten, kunskapsbankens artiklar, länens serviceprogram och "
    "uppföljning, och kontaktpersoner i länen."
)
CONTACT_NAME = _("Tillväxtverket, %(site)s")

CONTEXT = {
    "dcat": str(DCAT),
    "dct": str(DCTERMS),
    "foaf": str(FOAF),
    "vcard": str(VCARD),
    "xsd": str(XSD),
}


def _texts(text) -> list[Literal]:
    """A lazy text in Swedish and in English, as language-tagged literals."""
    literals = []
    for language in LANGUAGES:
        with translation.override(language):
            literals.append(Literal(representable(str(text)), lang=language))
    return literals


def _site_texts(text, site_name: str) -> list[Literal]:
    literals = []
    for language in LANGUAGES:
        with translation.override(language):
            value = str(text) % {"site": site_name}
        literals.append(Literal(representable(value), lang=language))
    return literals


def _description_texts(dataset: Dataset) -> list[Literal]:
    literals = []
    for language in LANGUAGES:
        with translation.override(language):
            literals.append(Literal(representable(dataset.full_description), lang=language))
    return literals


class Catalogue:
    """The IRIs of one site's catalogue: ``<root>/api/dcat/…``."""

    def __init__(self, root: str):
        self.base = f"{root}/api/dcat/"
        self.catalogue = URIRef(f"{self.base}katalog")
        self.publisher = URIRef(f"{self.base}utgivare")
        self.contact = URIRef(f"{self.base}kontakt")
        self.service = URIRef(f"{self.base}api")

    def dataset(self, dataset: Dataset) -> URIRef:
        return URIRef(f"{self.base}datamangd/{quote(dataset.key)}")

    def distribution(self, dataset: Dataset, access: Access) -> URIRef:
        return URIRef(f"{self.dataset(dataset)}/{quote(access.key)}")


def _landing_pages(request: HttpRequest) -> list[str]:
    """The "Öppna data" page's public translations, absolute, Swedish first."""
    from core.models import OpenDataPage
    from core.privacy import visible_to

    pages = visible_to(OpenDataPage.objects.live(), None).select_related("locale")
    ordered = sorted(pages, key=lambda page: page.locale.language_code != "sv")
    return [page.get_full_url(request) for page in ordered]


def contact_email() -> str:
    """The open-data contact address (``OPEN_DATA_CONTACT_EMAIL``) as a mailto IRI."""
    return "mailto:" + quote(settings.OPEN_DATA_CONTACT_EMAIL.strip(), safe="@.+-_")


def catalogue_graph(request: HttpRequest) -> Graph:
    """The whole catalogue: catalogue, publisher, contact, data service, datasets."""
    root = site_root(request)
    site = Site.find_for_request(request)
    site_name = (site.site_name if site else "") or "Mötesplats"
    ids = Catalogue(root)
    graph = Graph()
    for prefix, namespace in CONTEXT.items():
        graph.bind(prefix, namespace)
    add = graph.add

    add((ids.publisher, RDF.type, FOAF.Agent))
    add((ids.publisher, FOAF.name, Literal(PUBLISHER_NAME)))
    add((ids.publisher, DCTERMS.type, NATIONAL_AUTHORITY))
    add((ids.publisher, FOAF.homepage, PUBLISHER_HOMEPAGE))

    add((ids.contact, RDF.type, VCARD.Organization))
    for literal in _site_texts(CONTACT_NAME, site_name):
        add((ids.contact, VCARD.fn, literal))
    add((ids.contact, VCARD.hasEmail, URIRef(contact_email())))

    landing_pages = _landing_pages(request)
    catalogue = ids.catalogue
    add((catalogue, RDF.type, DCAT.Catalog))
    for literal in _site_texts(CATALOGUE_TITLE, site_name):
        add((catalogue, DCTERMS.title, literal))
    for literal in _site_texts(CATALOGUE_DESCRIPTION, site_name):
        add((catalogue, DCTERMS.description, literal))
    add((catalogue, DCTERMS.publisher, ids.publisher))
    add((catalogue, FOAF.homepage, URIRef(f"{root}/")))
    for language in LANGUAGE_URIS:
        add((catalogue, DCTERMS.language, language))
    add((catalogue, DCTERMS.license, URIRef(CC0)))
    add((catalogue, DCTERMS.spatial, SWEDEN))
    add((catalogue, DCAT.themeTaxonomy, THEME_TAXONOMY))
    add((catalogue, DCAT.service, ids.service))

    service = ids.service
    add((service, RDF.type, DCAT.DataService))
    for literal in _site_texts(SERVICE_TITLE, site_name):
        add((service, DCTERMS.title, literal))
    add((service, DCAT.endpointURL, URIRef(absolute(request, "/api/v2/"))))
    add((service, DCAT.endpointDescription, URIRef(absolute(request, OPENAPI_PATH))))
    add((service, DCTERMS.publisher, ids.publisher))
    add((service, DCAT.contactPoint, ids.contact))
    add((service, DCTERMS.accessRights, PUBLIC_ACCESS))
    add((service, DCTERMS.license, URIRef(CC0)))
    for page in landing_pages:
        add((service, DCAT.landingPage, URIRef(page)))

    latest = []
    for dataset in datasets():
        node = ids.dataset(dataset)
        add((catalogue, DCAT.dataset, node))
        add((service, DCAT.servesDataset, node))
        modified = dataset.modified()
        if modified is not None:
            latest.append(modified)
        _add_dataset(graph, ids, dataset, node, request, landing_pages, modified)
    if latest:
        add((catalogue, DCTERMS.modified, Literal(max(latest).date(), datatype=XSD.date)))
    return graph


def _add_dataset(graph, ids, dataset, node, request, landing_pages, modified) -> None:
    add = graph.add
    add((node, RDF.type, DCAT.Dataset))
    for literal in _texts(dataset.title):
        add((node, DCTERMS.title, literal))
    for literal in _description_texts(dataset):
        add((node, DCTERMS.description, literal))
    add((node, DCTERMS.identifier, Literal(str(node))))
    add((node, DCTERMS.publisher, ids.publisher))
    add((node, DCAT.contactPoint, ids.contact))
    for theme in dataset.themes:
        add((node, DCAT.theme, URIRef(theme)))
    for keyword in dataset.keywords:
        for literal in _texts(keyword):
            add((node, DCAT.keyword, literal))
    add((node, DCTERMS.accrualPeriodicity, URIRef(dataset.frequency)))
    add((node, DCTERMS.spatial, SWEDEN))
    for language in LANGUAGE_URIS:
        add((node, DCTERMS.language, language))
    add((node, DCTERMS.accessRights, PUBLIC_ACCESS))
    for page in landing_pages:
        add((node, DCAT.landingPage, URIRef(f"{page}#{quote(dataset.anchor)}")))
    if modified is not None:
        add((node, DCTERMS.modified, Literal(modified.date(), datatype=XSD.date)))
    for access in accesses(dataset, request):
        distribution = ids.distribution(dataset, access)
        add((node, DCAT.distribution, distribution))
        add((distribution, RDF.type, DCAT.Distribution))
        for literal in _texts(access.title):
            add((distribution, DCTERMS.title, literal))
        add((distribution, DCAT.accessURL, URIRef(access.url)))
        if access.download:
            add((distribution, DCAT.downloadURL, URIRef(access.url)))
        # DCAT-AP-SE 2.x: the IANA media type as a literal; DCAT-AP 2: its IRI.
        add((distribution, DCTERMS.format, Literal(access.media_type)))
        add((distribution, DCAT.mediaType, URIRef(f"{MEDIA_TYPES}{access.media_type}")))
        add((distribution, DCTERMS.license, URIRef(dataset.license)))
        if access.api:
            add((distribution, DCTERMS.conformsTo, URIRef(absolute(request, OPENAPI_PATH))))
            add((distribution, DCAT.accessService, ids.service))


def serialise(graph: Graph, fmt: str) -> bytes:
    """The graph as RDF/XML (``"xml"``) or JSON-LD (``"json-ld"``), UTF-8."""
    if fmt == "json-ld":
        return graph.serialize(format="json-ld", context=CONTEXT, encoding="utf-8")
    return graph.serialize(format="pretty-xml", encoding="utf-8")


def graph_etag(graph: Graph, fmt: str) -> str:
    """A weak ETag of the graph's triples, the same on every app server.

    rdflib writes the same graph in an order that follows the process's hash seed,
    so the bytes (and an ETag made from them) differ between servers while the
    catalogue is the same: the tag is made from the sorted triples instead, and is
    weak because it vouches for the meaning, not the bytes.
    """
    digest = hashlib.sha256(fmt.encode())
    for line in sorted(" ".join(term.n3() for term in triple) for triple in graph):
        digest.update(line.encode())
    return f'W/"{digest.hexdigest()[:32]}"'
