"""Page tree rules and the editors' reminder of articles due for review."""

import csv
import datetime
import io

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from wagtail.models import GroupPagePermission, Page
from wagtail.test.utils import WagtailPageTestCase

import pytest
from openpyxl import load_workbook

from core.models import HomePage, StandardPage
from knowledge.models import ArticlePage, LibraryIndexPage
from tests.factories.knowledge import ArticlePageFactory, LibraryIndexPageFactory
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


# The report lists what its title says: published articles due for review that the editor
# may change, and its export holds the same rows.

REPORT = "/admin/reports/granska-artiklar/"
LONG_AGO = datetime.date(2020, 1, 1)


def _report_titles(client) -> list[str]:
    response = client.get(REPORT)
    assert response.status_code == 200
    return [page.get_admin_display_title() for page in response.context["pages"]]


def _csv_titles(client) -> list[str]:
    response = client.get(REPORT, {"export": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return [row["Titel"] for row in csv.DictReader(io.StringIO(text))]


def _xlsx_titles(client) -> list[str]:
    response = client.get(REPORT, {"export": "xlsx"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    header, *rows = workbook.active.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True))["Titel"] for row in rows]


@pytest.fixture
def report_articles(library, settings):
    """One article due for review among pages the report must leave out."""
    settings.KNOWLEDGE_REVIEW_AFTER_DAYS = 365
    due = ArticlePageFactory(
        parent=library, title="Publicerad och gammal", publication_date=LONG_AGO
    )
    draft = ArticlePageFactory(
        parent=library, title="Opublicerat utkast", publication_date=LONG_AGO
    )
    draft.unpublish()
    member = UserFactory()
    submission = ArticlePageFactory(
        parent=library, title="Medlemmens bidrag", owner=member, publication_date=LONG_AGO
    )
    submission.unpublish()
    submission.save_revision(user=member)
    due.create_alias(update_slug="alias-av-gammal")
    return due


def test_report_leaves_out_drafts_submissions_and_aliases(client, report_articles):
    sign_in_with_mfa(client, UserFactory(is_superuser=True, is_staff=True, totp=True))
    assert _report_titles(client) == ["Publicerad och gammal"]
    assert "1 artikel har inte granskats på länge." in client.get("/admin/").content.decode()


def test_report_lists_only_articles_the_editor_may_change(client, report_articles, home_en):
    library_en = LibraryIndexPageFactory(parent=home_en, title="Library", slug="library")
    ArticlePageFactory(parent=library_en, title="Old English article", publication_date=LONG_AGO)
    group = Group.objects.create(name="Svenska biblioteket")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=report_articles.get_parent(),
            permission=Permission.objects.get(codename=codename),
        )
    editor = UserFactory(totp=True)
    editor.groups.add(group)
    sign_in_with_mfa(client, editor)
    assert _report_titles(client) == ["Publicerad och gammal"]


def test_report_export_has_the_listings_rows_formula_safe(client, report_articles, library):
    ArticlePageFactory(
        parent=library, title='=HYPERLINK("http://evil")', publication_date=LONG_AGO
    )
    report_articles.title = "Nytt namn i ett utkast"
    report_articles.save_revision()
    sign_in_with_mfa(client, UserFactory(is_superuser=True, is_staff=True, totp=True))
    listed = _report_titles(client)
    assert sorted(listed) == sorted(['=HYPERLINK("http://evil")', "Nytt namn i ett utkast"])
    expected = [f"'{title}" if title.startswith("=") else title for title in listed]
    assert _csv_titles(client) == expected
    assert _xlsx_titles(client) == expected
