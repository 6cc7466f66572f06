"""A member's articles in their data export, and what account deletion leaves of them."""

import pytest

from knowledge.models import ArticleAuthor, ArticlePage
from members.services import account_delete, member_data_export
from tests.factories.knowledge import ArticlePageFactory
from tests.factories.members import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _authored(library, user, **kwargs) -> ArticlePage:
    article = ArticlePageFactory(parent=library, owner=user, **kwargs)
    ArticleAuthor.objects.create(page=article, user=user)
    article.save_revision()
    return article


def test_data_export_includes_the_members_articles(library):
    member, other = UserFactory(), UserFactory()
    _authored(library, member, title="Så fick vi en butik i byn")
    _authored(library, member, title="Mitt utkast", live=False)
    _authored(library, other, title="Någon annans artikel")
    articles = member_data_export(user=member)["articles"]
    assert sorted(article["title"] for article in articles) == [
        "Mitt utkast",
        "Så fick vi en butik i byn",
    ]
    published = next(a for a in articles if a["live"])
    assert published["url"].startswith("http")
    assert next(a for a in articles if not a["live"])["url"] == ""


def test_account_deletion_keeps_articles_attributed_to_the_organisation(library):
    member = UserFactory()
    organisation = OrganisationFactory(name="Pajala kommun")
    article = _authored(
        library, member, title="Erfarenheter från Pajala", organisation=organisation
    )
    article.content_owner = member
    article.save_revision()
    account_delete(user=member)
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.live
    assert article.owner is None
    assert article.content_owner is None
    assert article.organisation == organisation
    assert not ArticleAuthor.objects.filter(page=article).exists()
    for revision in article.revisions.all():
        assert revision.content["authors"] == []
        assert revision.content["owner"] is None
    # The latest revision can still be published without the deleted person.
    article.get_latest_revision().publish()
