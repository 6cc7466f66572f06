"""The site search over articles and pages: excerpts, filters and no leaking of drafts."""

from django.db import connection

from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction

import pytest

from knowledge.models import ArticleAttachment, ArticleKind, ArticlePage
from tests.factories.core import StandardPageFactory, TopicFactory
from tests.factories.knowledge import ArticlePageFactory
from tests.factories.members import MembershipFactory

pytestmark = pytest.mark.django_db


def _titles(response) -> list[str]:
    return [hit["page"].title for hit in response.context["hits"]]


@pytest.fixture
def content(home, library):
    ArticlePageFactory(
        parent=library,
        title="Hemsändning av dagligvaror",
        kind=ArticleKind.EXPERIENCE,
        summary="Så ordnade kommunen hemsändning från den sista butiken i byn.",
    )
    ArticlePageFactory(
        parent=library,
        title="Metod för serviceanalys",
        kind=ArticleKind.METHOD_SUPPORT,
        summary="En metod för att kartlägga hemsändning och annan service i länet.",
    )
    StandardPageFactory(parent=home, title="Om hemsändning", intro="Allmänt om hemsändning.")


def test_search_finds_articles_and_pages_with_excerpt(client, content):
    response = client.get("/sok/", {"q": "hemsändning"})
    assert response.status_code == 200
    assert set(_titles(response)) == {
        "Hemsändning av dagligvaror",
        "Metod för serviceanalys",
        "Om hemsändning",
    }
    html = response.content.decode()
    assert "Så ordnade kommunen <mark>hemsändning</mark> från den sista butiken" in html
    assert '<p class="search-result__type">Erfarenhet</p>' in html


def test_search_filters_by_type_and_kind(client, content):
    articles = client.get("/sok/", {"q": "hemsändning", "type": "artikel"})
    assert set(_titles(articles)) == {"Hemsändning av dagligvaror", "Metod för serviceanalys"}
    method = client.get("/sok/", {"q": "hemsändning", "type": "artikel", "kind": "metodstod"})
    assert _titles(method) == ["Metod för serviceanalys"]
    # A kind alone implies the type it belongs to.
    experience = client.get("/sok/", {"q": "hemsändning", "kind": "erfarenhet"})
    assert _titles(experience) == ["Hemsändning av dagligvaror"]
    pages = client.get("/sok/", {"q": "hemsändning", "type": "sida"})
    assert _titles(pages) == ["Om hemsändning"]


@pytest.mark.parametrize(
    "params", [{"type": "okand"}, {"kind": "roman"}, {"type": "sida", "kind": "erfarenhet"}]
)
def test_unknown_filters_are_404(client, content, params):
    assert client.get("/sok/", {"q": "hemsändning", **params}).status_code == 404


def test_no_results_page_helps(client, content):
    html = client.get("/sok/", {"q": "zyxxel", "type": "artikel"}).content.decode()
    assert "Inga sidor matchade din sökning" in html
    assert "Kontrollera stavningen" in html
    assert 'href="/sok/?q=zyxxel">Sök i allt innehåll i stället' in html


def test_attachment_titles_are_searchable(client, library):
    article = ArticlePageFactory(parent=library, title="Årsrapport")
    document = get_document_model().objects.create(title="Kartläggning Gotland", file="k.pdf")
    ArticleAttachment.objects.create(page=article, document=document)
    article.save_revision().publish()
    assert _titles(client.get("/sok/", {"q": "Kartläggning"})) == ["Årsrapport"]


def test_search_never_leaks_drafts_or_private_pages(client, home, library):
    ArticlePageFactory(parent=library, title="Publicerad om servicepunkter")
    draft = ArticlePageFactory(parent=library, title="Utkast om servicepunkter")
    draft.unpublish()
    private = StandardPageFactory(parent=home, title="Intern sida om servicepunkter")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    # A member's article that was never approved.
    member = MembershipFactory().user
    client.force_login(member)
    client.post(
        "/kunskapsbank/skriv/",
        {"title": "Medlemsutkast om servicepunkter", "summary": "Ej granskad.", "body": "Text."},
    )
    client.logout()
    # A published article with a newer, unpublished revision.
    live = ArticlePageFactory(parent=library, title="Servicepunkter i Dalarna")
    changed = live.get_latest_revision_as_object()
    changed.summary = "Hemlig ändring om servicepunkter och sekretessord"
    changed.save_revision()

    titles = _titles(client.get("/sok/", {"q": "servicepunkter"}))
    assert sorted(titles) == ["Publicerad om servicepunkter", "Servicepunkter i Dalarna"]
    assert _titles(client.get("/sok/", {"q": "sekretessord"})) == []


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Swedish stemming needs PostgreSQL full-text search with the 'swedish' configuration; "
    "SQLite's FTS5 has no Swedish stemmer.",
)
def test_swedish_word_forms_on_postgresql(client, library):
    ArticlePageFactory(
        parent=library, title="Den sista butiken", summary="Om en butik på landsbygden."
    )
    assert _titles(client.get("/sok/", {"q": "butiker"})) == ["Den sista butiken"]


def test_a_first_publication_indexes_topics_and_attachments(
    client, library, django_capture_on_commit_callbacks
):
    """Related objects are saved after the page; the index must still see them."""
    topic = TopicFactory(name="Postombud")
    document = get_document_model().objects.create(title="Kartläggning Dorotea", file="d.pdf")
    article = ArticlePage(title="Ny rapport", slug="ny-rapport", live=False, summary="Kort.")
    library.add_child(instance=article)
    # As the page editor does: the new topic and attachment live in the revision only.
    article.topics = [topic]
    article.attachments = [ArticleAttachment(document=document)]
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert _titles(client.get("/sok/", {"q": "Postombud"})) == ["Ny rapport"]
    assert _titles(client.get("/sok/", {"q": "Dorotea"})) == ["Ny rapport"]
