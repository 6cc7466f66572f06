"""The library's endpoint of the open-data API: metadata and summary of public articles."""

import json
from datetime import date, datetime

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction

import pytest

from core.models import County
from core.privacy import document_is_visible, visible_documents
from events.recurrence import STOCKHOLM
from knowledge.api import DESCRIPTION, ArticlesEndpoint
from knowledge.models import ArticleAttachment, ArticleAuthor, ArticleKind
from knowledge.services import ArticleDraft, article_draft_create, article_submit
from tests.factories.core import TopicFactory
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.knowledge import ArticlePageFactory, LibraryIndexPageFactory
from tests.factories.members import OrganisationFactory
from tests.factories.registration import approved_member

pytestmark = pytest.mark.django_db

URL = "/api/v2/artiklar/"
CONTENT = b"%PDF-1.4 rapport"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def library(home):
    return LibraryIndexPageFactory(parent=home)


def document(title: str, name: str = "rapport.pdf"):
    return get_document_model().objects.create(
        title=title, file=ContentFile(CONTENT, name=name), file_size=len(CONTENT)
    )


def listing(client, **params) -> dict:
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def titles(client, **params) -> list[str]:
    return [item["title"] for item in listing(client, **params)["items"]]


def refused(client, path=URL, **params) -> str:
    response = client.get(path, params)
    assert response.status_code == 400, response.content
    return json.loads(response.content)["message"]


def test_an_article_carries_its_metadata_not_its_body_nor_its_people(client, home, library):
    jamtland = County.objects.get(code="23")
    topic = TopicFactory(name="Dagligvaror", name_en="Groceries", slug="dagligvaror")
    index = EventIndexPageFactory(parent=home)
    start = datetime(2030, 3, 5, 10, tzinfo=STOCKHOLM)
    public_meeting = EventPageFactory(parent=index, title="Öppet möte", slug="oppet", start=start)
    closed_meeting = EventPageFactory(
        parent=index, title="Stängt möte", slug="stangt", start=start
    )
    PageViewRestriction.objects.create(page=closed_meeting, restriction_type="login")
    draft_meeting = EventPageFactory(
        parent=index, title="Opublicerat möte", slug="utkast", start=start, live=False
    )
    author = approved_member(email="forfattare@example.se", first_name="Astrid")
    owner = approved_member(email="agare@example.se", first_name="Olof")
    article = ArticlePageFactory(
        parent=library,
        title="Lanthandel i glesbygd",
        slug="lanthandel",
        kind=ArticleKind.REPORT,
        summary="Vad som håller butiken öppen.",
        body=[("paragraph", "<p>Brödtextens unika mening.</p>")],
        publication_date=date(2025, 4, 1),
        last_reviewed=date(2026, 1, 15),
        organisation=OrganisationFactory(name="Glesbygdsverket"),
        content_owner=owner,
    )
    article.topics.set([topic])
    article.counties.set([jamtland])
    article.tags.add("butiker", "Arjeplog")
    article.related_meetings.set([public_meeting, closed_meeting, draft_meeting])
    report = document("Rapporten")
    ArticleAttachment.objects.create(page=article, document=report)
    ArticleAuthor.objects.create(page=article, user=author)
    article.save_revision().publish()

    response = client.get(f"{URL}{article.pk}/")
    assert response.status_code == 200
    data = json.loads(response.content)
    meta = data.pop("meta")
    assert meta["type"] == "knowledge.ArticlePage"
    assert meta["html_url"] == "http://testserver/kunskapsbank/lanthandel/"
    assert data == {
        "id": article.pk,
        "title": "Lanthandel i glesbygd",
        "summary": "Vad som håller butiken öppen.",
        "kind": "rapport",
        "kind_label": "Rapport",
        "publication_date": "2025-04-01",
        "last_reviewed": "2026-01-15",
        "topics": [{"slug": "dagligvaror", "name": "Dagligvaror"}],
        "counties": [{"slug": jamtland.slug, "name": "Jämtlands län", "code": "23"}],
        "tags": ["Arjeplog", "butiker"],
        "organisation": "Glesbygdsverket",
        "attachments": [
            {
                "title": "Rapporten",
                "url": f"http://testserver/documents/{report.pk}/rapport.pdf",
                "size": len(CONTENT),
                "file_type": "pdf",
            }
        ],
        "related_meetings": [
            {
                "id": public_meeting.pk,
                "title": "Öppet möte",
                "detail_url": f"http://testserver/api/v2/moten/{public_meeting.pk}/",
                "html_url": "http://testserver/motesplatser/oppet/",
            }
        ],
    }
    [item] = listing(client)["items"]
    item.pop("meta")
    assert item == data
    text = response.content.decode() + client.get(URL).content.decode()
    for private in ("Brödtextens", "forfattare@", "Astrid", "agare@", "Olof", "Stängt", "Opub"):
        assert private not in text
    assert "body" not in data
    assert "content_owner" not in data
    assert "authors" not in data


def test_the_description_says_the_body_is_left_out():
    assert "brödtext ingår inte" in str(DESCRIPTION)
    # DRF's views fall back on the docstring once their description is reset.
    assert "copyright" in ArticlesEndpoint.__doc__


def _articles(library):
    jamtland, norrbotten = County.objects.get(code="23"), County.objects.get(code="25")
    topic = TopicFactory(slug="drivmedel")
    a = ArticlePageFactory(
        parent=library, title="A", kind=ArticleKind.REPORT, publication_date=date(2025, 3, 1)
    )
    a.counties.set([jamtland])
    a.topics.set([topic])
    a.save_revision().publish()
    b = ArticlePageFactory(
        parent=library, title="B", kind=ArticleKind.GUIDELINE, publication_date=date(2024, 6, 1)
    )
    b.counties.set([norrbotten, jamtland])
    b.save_revision().publish()
    ArticlePageFactory(
        parent=library, title="C", kind=ArticleKind.REPORT, publication_date=date(2025, 9, 1)
    )
    return jamtland, norrbotten


def test_filters_by_kind_topic_county_and_year(client, library):
    jamtland, norrbotten = _articles(library)
    assert titles(client) == ["C", "A", "B"]  # newest first
    assert titles(client, typ="rapport") == ["C", "A"]
    assert titles(client, amne="drivmedel") == ["A"]
    assert titles(client, lan=jamtland.slug) == ["A", "B"]
    assert titles(client, lan=norrbotten.slug) == ["B"]
    assert titles(client, ar=2025) == ["C", "A"]
    assert titles(client, ar=2025, typ="rapport", lan=jamtland.slug) == ["A"]
    assert titles(client, ar=2023) == []
    assert titles(client, order="title") == ["A", "B", "C"]
    assert titles(client, order="publication_date") == ["B", "A", "C"]


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"typ": "roman"}, "typ"),
        ({"amne": "okant"}, "amne"),
        ({"lan": "atlantis"}, "lan"),
        ({"ar": "tjugo"}, "ar"),
        ({"ar": "99999"}, "ar"),
        ({"order": "body"}, "order"),
        ({"order": "content_owner"}, "order"),
        ({"locale": "fi"}, "locale"),
        ({"q": "butik"}, "q"),
        ({"typ": ["rapport", "riktlinje"]}, "typ"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(client, library, params, name):
    assert name in refused(client, **params)


def test_pages_of_the_listing(client, library):
    for day in range(1, 6):
        ArticlePageFactory(parent=library, title=f"Dag {day}", publication_date=date(2025, 1, day))
    first = listing(client, limit=2)
    assert first["meta"] == {"total_count": 5}
    assert [item["title"] for item in first["items"]] == ["Dag 5", "Dag 4"]
    assert titles(client, limit=2, offset=4) == ["Dag 1"]
    assert "limit" in refused(client, limit=101)


def test_locale_selects_the_translation_and_the_labels(client, library, home_en, locales):
    topic = TopicFactory(name="Dagligvaror", name_en="Groceries", slug="dagligvaror")
    article = ArticlePageFactory(parent=library, title="Riktlinje", kind=ArticleKind.GUIDELINE)
    article.topics.set([topic])
    article.save_revision().publish()
    library.copy_for_translation(locales[1]).save_revision().publish()
    translation = article.copy_for_translation(locales[1])
    translation.title = "Guideline"
    translation.save_revision().publish()

    assert titles(client, locale="sv") == ["Riktlinje"]
    [item] = listing(client, locale="en")["items"]
    assert item["title"] == "Guideline"
    assert item["meta"]["locale"] == "en"
    assert item["meta"]["html_url"].startswith("http://testserver/en/")
    assert item["kind_label"] == "Guideline"
    assert item["topics"] == [{"slug": "dagligvaror", "name": "Groceries"}]


def _member_draft(library, member, title: str):
    """A member's article as the library's form creates it, with an attachment."""
    return article_draft_create(
        index_page=library,
        user=member,
        draft=ArticleDraft(
            title=title,
            summary=f"Sammanfattning av {title}",
            body_sections=["<p>Text.</p>"],
            counties=[],
            topics=[],
            organisation=None,
            image_file=None,
            image_alt="",
            attachment_files=[
                SimpleUploadedFile(f"{title}.pdf", CONTENT, content_type="application/pdf")
            ],
        ),
    )


def test_drafts_reviews_restricted_and_unpublished_articles_never_appear(client, library):
    member = approved_member()
    public = ArticlePageFactory(parent=library, title="Publik")
    draft = _member_draft(library, member, "Medlemmens utkast")
    in_review = _member_draft(library, member, "Under granskning")
    article_submit(article=in_review, user=member)
    restricted = ArticlePageFactory(parent=library, title="Begränsad")
    PageViewRestriction.objects.create(page=restricted, restriction_type="password", password="x")
    unpublished = ArticlePageFactory(parent=library, title="Avpublicerad")
    unpublished.unpublish()
    # A live article's pending changes stay out too.
    public.title = "Ändrad i utkast"
    public.save_revision()

    text = client.get(URL).content.decode()
    assert titles(client) == ["Publik"]
    for hidden in ("utkast", "granskning", "Begränsad", "Avpublicerad", ".pdf"):
        assert hidden not in text
    unknown = max(p.pk for p in (draft, in_review, restricted, unpublished)) + 100
    for pk in (draft.pk, in_review.pk, restricted.pk, unpublished.pk, unknown):
        response = client.get(f"{URL}{pk}/")
        assert response.status_code == 404
        assert json.loads(response.content) == {
            "message": f"Det finns ingen publik post med id {pk}."
        }


def test_a_document_used_only_on_a_restricted_page_is_not_listed(client, library):
    shared = document("Delad", "delad.pdf")
    secret = document("Hemlig", "hemlig.pdf")
    loose = document("Lös", "los.pdf")
    public = ArticlePageFactory(parent=library, title="Publik")
    restricted = ArticlePageFactory(parent=library, title="Begränsad")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    for page, documents in ((public, [shared]), (restricted, [shared, secret])):
        for item in documents:
            ArticleAttachment.objects.create(page=page, document=item)
        page.save_revision().publish()
    # The batched check agrees with the single one.
    candidates = [shared, secret, loose]
    expected = [item for item in candidates if document_is_visible(item, None)]
    assert visible_documents(candidates, None) == expected == [shared, loose]

    [item] = listing(client)["items"]
    assert [attachment["title"] for attachment in item["attachments"]] == ["Delad"]
    # Moved to the restricted page alone, the shared document disappears from the API.
    ArticleAttachment.objects.filter(page=public).delete()
    ArticleAttachment.objects.create(page=public, document=secret)
    public.save_revision().publish()
    [item] = listing(client)["items"]
    assert [attachment["title"] for attachment in item["attachments"]] == ["Hemlig"]


def _fill(library, home, count: int) -> None:
    index = EventIndexPageFactory(parent=home, slug=f"moten-{count}")
    topics = [TopicFactory(), TopicFactory()]
    counties = list(County.objects.all()[:3])
    for number in range(count):
        article = ArticlePageFactory(
            parent=library, organisation=OrganisationFactory(), publication_date=date(2025, 1, 1)
        )
        article.topics.set(topics)
        article.counties.set(counties)
        article.tags.add("en", "två")
        article.related_meetings.set(
            [EventPageFactory(parent=index, start=datetime(2030, 3, 5, 10, tzinfo=STOCKHOLM))]
        )
        ArticleAttachment.objects.create(
            page=article, document=document(f"Bilaga {count}-{number}")
        )
        article.save_revision().publish()


def test_the_listing_takes_the_same_number_of_queries_for_more_articles(client, home, library):
    _fill(library, home, 2)
    listing(client)  # the site's root paths are cached from the first request on
    with CaptureQueriesContext(connection) as small:
        assert listing(client)["meta"]["total_count"] == 2
    _fill(library, home, 8)
    with CaptureQueriesContext(connection) as large:
        data = listing(client)
    assert data["meta"]["total_count"] == 10
    assert all(len(item["related_meetings"]) == 1 for item in data["items"])
    assert all(len(item["attachments"]) == 1 for item in data["items"])
    assert len(large) == len(small)
    with CaptureQueriesContext(connection) as detail:
        assert client.get(f"{URL}{data['items'][0]['id']}/").status_code == 200
    assert len(detail) <= len(small)
