"""The library listing: facets, counts, sorting, pagination and bad parameters."""

import datetime

import pytest

from core.models import County, Topic
from knowledge.models import ArticleKind
from tests.factories.core import TopicFactory
from tests.factories.knowledge import ArticlePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def topics(db):
    return {
        "hemsandning": TopicFactory(slug="hemsandning", name="Hemsändning"),
        "drivmedel": TopicFactory(slug="drivmedel", name="Drivmedel"),
    }


@pytest.fixture
def articles(library, topics):
    """Five articles across kinds, topics, counties and years."""
    jamtland = County.objects.get(slug="jamtlands-lan")
    norrbotten = County.objects.get(slug="norrbottens-lan")
    specs = [
        ("Hemsändning i Jämtland", ArticleKind.EXPERIENCE, "hemsandning", jamtland, 2024),
        ("Hemsändning i Norrbotten", ArticleKind.EXPERIENCE, "hemsandning", norrbotten, 2023),
        ("Drivmedel i glesbygd", ArticleKind.METHOD_SUPPORT, "drivmedel", jamtland, 2024),
        ("Uppföljning Jämtland 2024", ArticleKind.FOLLOW_UP, "hemsandning", jamtland, 2024),
        ("Riktlinjer för RSP", ArticleKind.GUIDELINE, "drivmedel", norrbotten, 2014),
    ]
    result = {}
    for title, kind, topic, county, year in specs:
        article = ArticlePageFactory(
            parent=library, title=title, kind=kind, publication_date=datetime.date(year, 3, 1)
        )
        article.topics.set([topics[topic]])
        article.counties.set([county])
        article.save_revision().publish()
        result[title] = article
    return result


def _titles(response) -> list[str]:
    return [article.title for article in response.context["articles"]]


def _facet(response, name) -> dict[str, tuple[int, bool]]:
    group = next(g for g in response.context["facet_groups"] if g["name"] == name)
    return {o["label"]: (o["count"], o["selected"]) for o in group["options"]}


def test_county_slugs_exist():
    assert County.objects.filter(slug__in=["jamtlands-lan", "norrbottens-lan"]).count() == 2


def test_listing_shows_all_published_articles_newest_first(client, articles):
    response = client.get("/kunskapsbank/")
    assert response.status_code == 200
    titles = _titles(response)
    # Same date: the newest created first.
    assert titles == [
        "Uppföljning Jämtland 2024",
        "Drivmedel i glesbygd",
        "Hemsändning i Jämtland",
        "Hemsändning i Norrbotten",
        "Riktlinjer för RSP",
    ]


def test_drafts_are_not_listed(client, library, articles):
    draft = ArticlePageFactory(parent=library, title="Hemligt utkast")
    draft.unpublish()
    assert "Hemligt utkast" not in _titles(client.get("/kunskapsbank/"))


def test_facets_combine_and_count(client, articles):
    response = client.get("/kunskapsbank/", {"topic": "hemsandning", "county": "jamtlands-lan"})
    assert sorted(_titles(response)) == ["Hemsändning i Jämtland", "Uppföljning Jämtland 2024"]
    assert _facet(response, "kind") == {"Erfarenhet": (1, False), "Uppföljning": (1, False)}
    # A facet's own counts ignore its selection, so the visitor can switch value.
    assert _facet(response, "topic") == {"Hemsändning": (2, True), "Drivmedel": (1, False)}
    assert _facet(response, "county") == {
        "Jämtlands län": (2, True),
        "Norrbottens län": (1, False),
    }
    assert _facet(response, "year") == {"2024": (2, False)}


def test_kind_and_year_facets(client, articles):
    response = client.get("/kunskapsbank/", {"kind": "erfarenhet", "year": "2023"})
    assert _titles(response) == ["Hemsändning i Norrbotten"]
    assert _facet(response, "year") == {"2024": (1, False), "2023": (1, True)}
    assert _facet(response, "kind")["Erfarenhet"] == (1, True)


def test_facet_links_keep_other_selections(client, articles):
    response = client.get("/kunskapsbank/", {"kind": "erfarenhet", "sort": "title"})
    group = next(g for g in response.context["facet_groups"] if g["name"] == "county")
    urls = {o["label"]: o["url"] for o in group["options"]}
    assert urls["Jämtlands län"] == "?kind=erfarenhet&sort=title&county=jamtlands-lan"


def test_sort_by_title(client, articles):
    response = client.get("/kunskapsbank/", {"sort": "title"})
    assert _titles(response) == sorted(_titles(response))


def test_pagination(client, library):
    for number in range(23):
        ArticlePageFactory(parent=library, title=f"Artikel {number:02d}")
    first = client.get("/kunskapsbank/")
    assert len(_titles(first)) == 20
    second = client.get("/kunskapsbank/", {"page": "2"})
    assert len(_titles(second)) == 3
    assert client.get("/kunskapsbank/", {"page": "3"}).status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "roman"},
        {"topic": "finns-inte"},
        {"county": "atlantis"},
        {"year": "tjugohundra"},
        {"sort": "slump"},
        {"page": "0"},
        {"page": "x"},
    ],
)
def test_unknown_parameters_give_a_clear_400(client, library, params):
    response = client.get("/kunskapsbank/", params)
    assert response.status_code == 400
    assert "Filtret i adressen känns inte igen" in response.content.decode()


def test_listing_query_count_does_not_grow(client, library, topics, django_assert_max_num_queries):
    def add(count):
        for _ in range(count):
            article = ArticlePageFactory(parent=library)
            article.topics.set([topics["hemsandning"]])
            article.counties.set(County.objects.all()[:2])

    add(2)
    client.get("/kunskapsbank/")
    with django_assert_max_num_queries(40) as few:
        client.get("/kunskapsbank/", {"topic": "hemsandning"})
    add(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/kunskapsbank/", {"topic": "hemsandning"})


def test_feeds_are_advertised_for_the_selection(client, articles):
    html = client.get("/kunskapsbank/", {"kind": "erfarenhet", "sort": "title"}).content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Kunskapsbank: Erfarenhet (RSS)" '
        'href="/kunskapsbank/flode/rss/?kind=erfarenhet">'
    ) in html
    assert 'type="application/atom+xml"' in html


def test_topic_names_follow_the_language(topics):
    assert Topic.objects.get(slug="hemsandning").label == "Hemsändning"
