"""Page tree rules and the editors' reminder of articles due for review."""

import datetime

from django.utils import timezone

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

import pytest

from core.models import HomePage, StandardPage
from knowledge.models import ArticlePage, LibraryIndexPage
from tests.factories.knowledge import ArticlePageFactory
from tests.factories.members import UserFactory, sign_in_with_mfa

pytestmark = pytest.mark.django_db


class TestPageTree(WagtailPageTestCase):
    """Where library pages may be created."""

    def test_library_below_home_only(self):
        self.assertCanCreateAt(HomePage, LibraryIndexPage)
        self.assertCanNotCreateAt(StandardPage, LibraryIndexPage)
        self.assertCanNotCreateAt(Page, LibraryIndexPage)

    def test_articles_below_library_only(self):
        self.assertCanCreateAt(LibraryIndexPage, ArticlePage)
        self.assertCanNotCreateAt(HomePage, ArticlePage)
        self.assertAllowedSubpageTypes(ArticlePage, {})


@pytest.fixture
def old_and_fresh(library, settings):
    settings.KNOWLEDGE_REVIEW_AFTER_DAYS = 365
    today = timezone.localdate()
    old = ArticlePageFactory(
        parent=library,
        title="Gammal riktlinje",
        publication_date=today - datetime.timedelta(days=800),
        last_reviewed=today - datetime.timedelta(days=400),
    )
    never = ArticlePageFactory(
        parent=library,
        title="Aldrig granskad",
        publication_date=today - datetime.timedelta(days=366),
    )
    fresh = ArticlePageFactory(
        parent=library,
        title="Nyss granskad",
        publication_date=today - datetime.timedelta(days=800),
        last_reviewed=today - datetime.timedelta(days=10),
    )
    return old, never, fresh


def test_review_due(old_and_fresh):
    old, never, fresh = old_and_fresh
    assert set(ArticlePage.objects.review_due()) == {old, never}
    assert old.review_due and never.review_due and not fresh.review_due


def test_report_lists_articles_due_for_review(client, old_and_fresh):
    sign_in_with_mfa(client, UserFactory(is_superuser=True, is_staff=True, totp=True))
    response = client.get("/admin/reports/granska-artiklar/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Gammal riktlinje" in html
    assert "Aldrig granskad" in html
    assert "Nyss granskad" not in html
    dashboard = client.get("/admin/").content.decode()
    assert "2 artiklar har inte granskats på länge." in dashboard


def test_report_is_for_editors_only(client, old_and_fresh):
    client.force_login(UserFactory())
    assert client.get("/admin/reports/granska-artiklar/").status_code == 403


def test_editors_can_open_the_article_editor(client, library):
    article = ArticlePageFactory(parent=library, title="Redigerbar")
    sign_in_with_mfa(client, UserFactory(is_superuser=True, is_staff=True, totp=True))
    assert client.get(f"/admin/pages/add/knowledge/articlepage/{library.pk}/").status_code == 200
    response = client.get(f"/admin/pages/{article.pk}/edit/")
    assert response.status_code == 200
    assert "Senast granskad" in response.content.decode()
