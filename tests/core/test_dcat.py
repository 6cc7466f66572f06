"""The open data's DCAT-AP-SE catalogue: parsed back with rdflib and checked with SPARQL.

Both serialisations must be the same graph; the catalogue, every registered dataset
and every distribution must carry the properties DCAT-AP-SE 2.x requires or
recommends, with absolute IRIs and no blank nodes (dataportal.se refuses them).
"""

from urllib.parse import unquote, urlsplit

from django.utils import translation

from wagtail.models import Site

import pytest
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from core import page_cache
from core.api.datasets import CC0, FREQUENCIES, PERSONAL_DATA_NOTE, THEMES, datasets
from core.api.dcat import CATALOGUE_TITLE
from core.text import representable
from tests.factories.core import OpenDataPageFactory
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.knowledge import LibraryIndexPageFactory

pytestmark = pytest.mark.django_db

# Plain namespaces: pytest's look-ups on rdflib's defined ones warn.
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
RDF_URL = "/api/dcat/katalog.rdf"
JSONLD_URL = "/api/dcat/katalog.jsonld"
ROOT = "http://testserver"
CATALOGUE = URIRef(f"{ROOT}/api/dcat/katalog")
IANA = "http://www.iana.org/assignments/media-types/"
HOSTILE = '=HYPERLINK("x")\n2\r\n3\u2028,;:\\"\'<script>alert(1)</script>]]>&amp;😀 مرحبا \x07\x0b'


@pytest.fixture
def site(home, home_en):
    """The home pages, the open-data page in both languages and the feeds' index pages."""
    page = OpenDataPageFactory(parent=home)
    translated = page.copy_for_translation(home_en.locale)
    translated.save_revision().publish()
    index = EventIndexPageFactory(parent=home)
    EventPageFactory(parent=index, title="Nätverksträff").save_revision().publish()
    LibraryIndexPageFactory(parent=home)
    return page


def fetch(client, url: str, fmt: str) -> Graph:
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return Graph().parse(data=response.content, format=fmt)


@pytest.fixture
def graph(client, site) -> Graph:
    return fetch(client, RDF_URL, "xml")


def languages(graph: Graph, subject, predicate) -> set[str]:
    return {value.language for value in graph.objects(subject, predicate)}


def one(graph: Graph, subject, predicate):
    values = list(graph.objects(subject, predicate))
    assert len(values) == 1, (subject, predicate, values)
    return values[0]


def assert_absolute(iri) -> None:
    assert isinstance(iri, URIRef)
    parts = urlsplit(str(iri))
    assert parts.scheme in ("http", "https") and parts.netloc, iri


def test_both_serialisations_are_the_same_graph(client, site):
    from_xml = fetch(client, RDF_URL, "xml")
    from_jsonld = fetch(client, JSONLD_URL, "json-ld")
    assert len(from_xml) > 100
    assert isomorphic(from_xml, from_jsonld)


def test_media_types_cache_headers_etag_and_cors(client, site, settings):
    settings.API_CACHE_SECONDS = 120
    for url, media_type in ((RDF_URL, "application/rdf+xml"), (JSONLD_URL, "application/ld+json")):
        response = client.get(url, headers={"Origin": "https://example.org"})
        assert response["Content-Type"] == media_type
        assert response["Cache-Control"] == "public, max-age=120"
        assert response["Access-Control-Allow-Origin"] == "*"
        again = client.get(url, headers={"If-None-Match": response["ETag"]})
        assert again.status_code == 304
    assert client.head(RDF_URL).status_code == 200
    assert client.post(RDF_URL).status_code == 405


def test_catalogue_is_stored_in_the_page_cache_and_retired_by_a_publish(client, site, settings):
    settings.PAGE_CACHE_SECONDS = 600
    page_cache.CONTENT.bump()
    assert client.get(RDF_URL)[page_cache.STATUS_HEADER] == "miss"
    assert client.get(RDF_URL)[page_cache.STATUS_HEADER] == "hit"
    site.title = "Öppna data och API"
    site.save_revision().publish()
    page_cache.CONTENT.bump()  # what the publish's commit does outside a test transaction
    assert client.get(RDF_URL)[page_cache.STATUS_HEADER] == "miss"


def test_catalogue_carries_the_required_and_recommended_properties(graph):
    assert (CATALOGUE, RDF.type, DCAT.Catalog) in graph
    assert languages(graph, CATALOGUE, DCTERMS.title) == {"sv", "en"}
    assert languages(graph, CATALOGUE, DCTERMS.description) == {"sv", "en"}
    publisher = one(graph, CATALOGUE, DCTERMS.publisher)
    assert (publisher, RDF.type, FOAF.Agent) in graph
    assert one(graph, publisher, FOAF.name) == Literal("Tillväxtverket")
    assert one(graph, publisher, DCTERMS.type) == URIRef(
        "http://purl.org/adms/publishertype/NationalAuthority"
    )
    assert one(graph, CATALOGUE, FOAF.homepage) == URIRef(f"{ROOT}/")
    assert one(graph, CATALOGUE, DCTERMS.license) == URIRef(CC0)
    assert set(graph.objects(CATALOGUE, DCTERMS.language)) == {
        URIRef("http://publications.europa.eu/resource/authority/language/SWE"),
        URIRef("http://publications.europa.eu/resource/authority/language/ENG"),
    }
    assert one(graph, CATALOGUE, DCTERMS.modified).datatype is not None
    service = one(graph, CATALOGUE, DCAT.service)
    assert one(graph, service, DCAT.endpointURL) == URIRef(f"{ROOT}/api/v2/")
    assert one(graph, service, DCAT.endpointDescription) == URIRef(f"{ROOT}/api/v2/openapi.json")


def test_every_registered_dataset_is_in_the_catalogue(graph):
    keys = [dataset.key for dataset in datasets()]
    assert {"moten", "artiklar", "lan", "kontaktpersoner"} <= set(keys)
    found = set(graph.objects(CATALOGUE, DCAT.dataset))
    assert found == {URIRef(f"{ROOT}/api/dcat/datamangd/{key}") for key in keys}
    assert set(graph.subjects(RDF.type, DCAT.Dataset)) == found


def test_every_dataset_carries_the_dcat_ap_se_properties(graph):
    rows = graph.query(
        """
        SELECT ?dataset ?publisher ?contact ?fn ?email ?frequency ?spatial WHERE {
          ?catalogue a dcat:Catalog ; dcat:dataset ?dataset .
          ?dataset a dcat:Dataset ;
            dct:publisher ?publisher ;
            dcat:contactPoint ?contact ;
            dct:accrualPeriodicity ?frequency ;
            dct:spatial ?spatial .
          ?publisher a foaf:Agent ; foaf:name ?name .
          ?contact a vcard:Organization ; vcard:fn ?fn ; vcard:hasEmail ?email .
        }
        """,
        initNs={"dcat": DCAT, "dct": DCTERMS, "foaf": FOAF, "vcard": VCARD},
    )
    by_dataset = {row.dataset: row for row in rows}
    assert set(by_dataset) == set(graph.objects(CATALOGUE, DCAT.dataset))
    for node, row in by_dataset.items():
        assert languages(graph, node, DCTERMS.title) == {"sv", "en"}
        assert languages(graph, node, DCTERMS.description) == {"sv", "en"}
        assert languages(graph, node, DCAT.keyword) == {"sv", "en"}
        assert str(row.email).startswith("mailto:")
        assert str(row.frequency).startswith(FREQUENCIES)
        assert row.spatial == URIRef(
            "http://publications.europa.eu/resource/authority/country/SWE"
        )
        themes = list(graph.objects(node, DCAT.theme))
        assert themes and all(str(theme).startswith(THEMES) for theme in themes)
        assert one(graph, node, DCTERMS.identifier) == Literal(str(node))
        landing = {str(page) for page in graph.objects(node, DCAT.landingPage)}
        key = str(node).rsplit("/", 1)[1]
        assert landing == {
            f"{ROOT}/oppna-data/#datamangd-{key}",
            f"{ROOT}/en/oppna-data/#datamangd-{key}",
        }
        assert list(graph.objects(node, DCAT.distribution))


def test_every_distribution_has_title_absolute_access_url_format_and_licence(graph):
    distributions = set(graph.objects(None, DCAT.distribution))
    assert set(graph.subjects(RDF.type, DCAT.Distribution)) == distributions
    assert len(distributions) >= len(datasets()) + 3  # the APIs, the calendar, RSS and Atom
    for distribution in distributions:
        assert languages(graph, distribution, DCTERMS.title) == {"sv", "en"}
        assert_absolute(one(graph, distribution, DCAT.accessURL))
        assert one(graph, distribution, DCTERMS.license) == URIRef(CC0)
        media_type = str(one(graph, distribution, DCTERMS["format"]))
        assert one(graph, distribution, DCAT.mediaType) == URIRef(f"{IANA}{media_type}")
        for download in graph.objects(distribution, DCAT.downloadURL):
            assert_absolute(download)


def test_api_distributions_point_at_the_endpoint_and_the_openapi_description(graph, client):
    for dataset in datasets():
        api = URIRef(f"{ROOT}/api/dcat/datamangd/{dataset.key}/api")
        assert one(graph, api, DCAT.accessURL) == URIRef(f"{ROOT}/api/v2/{dataset.key}/")
        assert one(graph, api, DCTERMS.conformsTo) == URIRef(f"{ROOT}/api/v2/openapi.json")
        assert one(graph, api, DCAT.accessService) == URIRef(f"{ROOT}/api/dcat/api")
        assert one(graph, api, DCTERMS["format"]) == Literal("application/json")
        assert not list(graph.objects(api, DCAT.downloadURL))
    # The meetings' API exists on this branch already: its listing answers.
    assert client.get("/api/v2/moten/").status_code == 200


def test_feeds_are_download_distributions_that_answer(graph, client):
    expected = {
        "moten/kalender": "text/calendar",
        "artiklar/rss": "application/rss+xml",
        "artiklar/atom": "application/atom+xml",
    }
    for path, media_type in expected.items():
        node = URIRef(f"{ROOT}/api/dcat/datamangd/{path}")
        url = one(graph, node, DCAT.downloadURL)
        assert one(graph, node, DCAT.accessURL) == url
        assert one(graph, node, DCTERMS["format"]) == Literal(media_type)
        response = client.get(urlsplit(str(url)).path)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith(media_type)


def test_without_the_pages_the_catalogue_has_no_landing_page_or_feeds(client, home):
    graph = fetch(client, RDF_URL, "xml")
    assert not list(graph.objects(None, DCAT.landingPage))
    moten = URIRef(f"{ROOT}/api/dcat/datamangd/moten")
    assert list(graph.objects(moten, DCAT.distribution)) == [URIRef(f"{moten}/api")]
    assert not list(graph.objects(moten, DCTERMS.modified))


def test_no_blank_nodes(graph):
    for triple in graph:
        assert not any(isinstance(term, BNode) for term in triple), triple


def test_contact_persons_say_they_hold_personal_data(graph):
    node = URIRef(f"{ROOT}/api/dcat/datamangd/kontaktpersoner")
    descriptions = {
        value.language: str(value) for value in graph.objects(node, DCTERMS.description)
    }
    for language, text in descriptions.items():
        with translation.override(language):
            assert str(PERSONAL_DATA_NOTE) in text
    moten = URIRef(f"{ROOT}/api/dcat/datamangd/moten")
    assert all("GDPR" not in str(text) for text in graph.objects(moten, DCTERMS.description))


def test_contact_email_comes_from_the_setting(client, site, settings):
    settings.OPEN_DATA_CONTACT_EMAIL = "data@example.se"
    graph = fetch(client, RDF_URL, "xml")
    contact = URIRef(f"{ROOT}/api/dcat/kontakt")
    assert one(graph, contact, VCARD.hasEmail) == URIRef("mailto:data@example.se")


def test_hostile_site_name_and_contact_address_round_trip(client, site, settings):
    Site.objects.filter(is_default_site=True).update(site_name=HOSTILE)
    settings.OPEN_DATA_CONTACT_EMAIL = 'a b"<x>{y}@exa mple.se\n'
    graphs = [fetch(client, RDF_URL, "xml"), fetch(client, JSONLD_URL, "json-ld")]
    assert isomorphic(*graphs)
    for graph in graphs:
        # Intact, line breaks included; only the control characters become U+FFFD.
        for title in graph.objects(CATALOGUE, DCTERMS.title):
            with translation.override(title.language):
                assert str(title) == str(CATALOGUE_TITLE) % {"site": representable(HOSTILE)}
        contact = URIRef(f"{ROOT}/api/dcat/kontakt")
        email = str(one(graph, contact, VCARD.hasEmail))
        assert email.startswith("mailto:") and not set(email) & set(' "<>{}\n')
        assert unquote(email.removeprefix("mailto:")) == 'a b"<x>{y}@exa mple.se'


def test_the_etag_follows_the_triples_not_the_order_rdflib_writes_them():
    """rdflib's byte order follows the process's hash seed; the ETag must not."""
    from rdflib import Graph, Literal, URIRef

    from core.api.dcat import graph_etag

    triples = [
        (URIRef(f"https://example.se/{n}"), URIRef("https://example.se/p"), Literal(n))
        for n in range(20)
    ]
    forwards, backwards = Graph(), Graph()
    for triple in triples:
        forwards.add(triple)
    for triple in reversed(triples):
        backwards.add(triple)
    assert graph_etag(forwards, "xml") == graph_etag(backwards, "xml")
    assert graph_etag(forwards, "xml").startswith('W/"')
    assert graph_etag(forwards, "xml") != graph_etag(forwards, "json-ld")
    backwards.add((triples[0][0], triples[0][1], Literal("ändrad")))
    assert graph_etag(forwards, "xml") != graph_etag(backwards, "xml")
