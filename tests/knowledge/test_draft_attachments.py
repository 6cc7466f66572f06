"""Members' attachments stay private until their article is published."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

import pytest

from knowledge.models import ArticleAttachment, ArticlePage
from knowledge.services import MEMBER_UPLOADS_COLLECTION
from tests.factories.knowledge import ArticlePageFactory
from tests.factories.members import (
    MembershipFactory,
    UserFactory,
    assert_asked_for_code,
    assert_sent_to_set_up,
    sign_in_with_mfa,
)
from tests.knowledge.test_contributions import (
    CREATE_URL,
    article_data,
    png_file,
    workflow_action,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.7\n%" + name.encode(), "application/pdf")


def client_for(user) -> Client:
    client = Client()
    if user:
        client.force_login(user)
    return client


@pytest.fixture
def draft(client, library, member):
    """A member's unpublished article with an attachment and an image."""
    response = client.post(
        CREATE_URL,
        {
            **article_data(image_alt="Bokbussen"),
            "image": png_file(),
            "attachments": [pdf("rutiner.pdf")],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    return ArticlePage.objects.get(owner=member)


def _document(title: str):
    return get_document_model().objects.get(title=title)


def test_uploads_go_to_the_members_collection(draft):
    assert _document("rutiner.pdf").collection.name == MEMBER_UPLOADS_COLLECTION
    assert get_image_model().objects.get().collection.name == MEMBER_UPLOADS_COLLECTION


def test_draft_attachment_only_for_its_author_and_editors_until_published(
    client, draft, member, editor
):
    url = _document("rutiner.pdf").url
    assert url.startswith("/documents/")
    assert client_for(None).get(url).status_code == 404
    assert client_for(MembershipFactory().user).get(url).status_code == 404
    assert client_for(UserFactory(is_staff=True)).get(url).status_code == 404
    author = client.get(url)
    assert author.status_code == 200
    assert b"".join(author.streaming_content).startswith(b"%PDF-")
    assert "Cookie" in author["Vary"]  # a shared cache must not hand it to others
    editor_client = Client()
    sign_in_with_mfa(editor_client, editor)
    assert editor_client.get(url).status_code == 200

    client.post(f"/kunskapsbank/skriv/{draft.pk}/skicka/")
    # Under review, still private.
    assert client_for(None).get(url).status_code == 404
    response = workflow_action(editor_client, draft, "approve")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.live
    assert client_for(None).get(url).status_code == 200
    assert client_for(MembershipFactory().user).get(url).status_code == 200


def test_editors_fetch_a_draft_attachment_once_they_passed_the_second_factor(draft, editor):
    """Reading a member's unpublished upload is part of reviewing the article."""
    url = _document("rutiner.pdf").url
    without_authenticator = UserFactory()
    without_authenticator.groups.add(editor.groups.get())
    assert_sent_to_set_up(client_for(without_authenticator).get(url))
    assert_asked_for_code(client_for(editor).get(url), url)
    editor_client = Client()
    sign_in_with_mfa(editor_client, editor)
    assert editor_client.get(url).status_code == 200


def test_attachment_added_to_a_published_article_waits_for_the_next_publication(
    client, library, member
):
    article = ArticlePageFactory(parent=library, owner=member)
    response = client.post(
        f"/kunskapsbank/skriv/{article.pk}/",
        {**article_data(), "attachments": [pdf("nya-siffror.pdf")]},
    )
    assert response.status_code == 302
    url = _document("nya-siffror.pdf").url
    assert client_for(None).get(url).status_code == 404
    assert client.get(url).status_code == 200
    ArticlePage.objects.get(pk=article.pk).get_latest_revision().publish()
    assert client_for(None).get(url).status_code == 200


def test_unpublishing_makes_the_attachment_private_again(client, draft, editor):
    draft.get_latest_revision().publish()
    url = _document("rutiner.pdf").url
    assert client_for(None).get(url).status_code == 200
    ArticlePage.objects.get(pk=draft.pk).unpublish()
    assert client_for(None).get(url).status_code == 404
    assert client.get(url).status_code == 200


def test_check_runs_before_the_redirect_to_object_storage(client, draft, settings):
    """With S3 the serve view redirects to a signed URL: never for those who may not see it."""
    settings.WAGTAILDOCS_SERVE_METHOD = "redirect"
    url = _document("rutiner.pdf").url
    assert client_for(None).get(url).status_code == 404
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/media/documents/")


def test_editors_documents_stay_public(client, library):
    document = get_document_model().objects.create(title="Handbok", file=pdf("handbok.pdf"))
    assert client_for(None).get(document.url).status_code == 200


def test_draft_attachment_titles_are_not_found_by_search(client, library, member):
    article = ArticlePageFactory(parent=library, owner=member, title="Bokbussen i Dorotea")
    published = get_document_model().objects.create(title="Arsrapport", file=pdf("arsrapport.pdf"))
    ArticleAttachment.objects.create(page=article, document=published)
    article.save_revision().publish()
    client.post(
        f"/kunskapsbank/skriv/{article.pk}/",
        {**article_data(title="Bokbussen i Dorotea"), "attachments": [pdf("kvartsrapport.pdf")]},
    )
    client.post(CREATE_URL, {**article_data(), "attachments": [pdf("halvarsrapport.pdf")]})
    visitor = client_for(None)
    # The published attachment's title finds the article; the drafts' titles find nothing.
    hits = visitor.get("/sok/", {"q": "arsrapport"}).context["hits"]
    assert [hit["page"].title for hit in hits] == ["Bokbussen i Dorotea"]
    for word in ("kvartsrapport", "halvarsrapport"):
        response = visitor.get("/sok/", {"q": word})
        assert response.status_code == 200
        assert response.context["hits"] == []
