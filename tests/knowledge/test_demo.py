"""The library's demo content."""

import io

from django.core.management import call_command

from wagtail.models import WorkflowState

import pytest

from knowledge.models import ArticleKind, ArticlePage, LibraryIndexPage
from tests.browser.pages_knowledge import PAGES

pytestmark = pytest.mark.django_db


def test_seed_fills_the_library_idempotently(client):
    call_command("seed_demo", stdout=io.StringIO())
    count = ArticlePage.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert ArticlePage.objects.count() == count
    library = LibraryIndexPage.objects.get(slug="kunskapsbank")
    assert library.show_in_menus
    assert library.get_workflow().name == "Granskning"
    published = ArticlePage.objects.live()
    assert {a.kind for a in published} == set(ArticleKind.values)
    assert published.filter(kind=ArticleKind.FOLLOW_UP).values("counties").distinct().count() > 2
    assert WorkflowState.objects.filter(status="in_progress").count() == 1
    for name, path in PAGES:
        assert client.get(path).status_code == 200, name
