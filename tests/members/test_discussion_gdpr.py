"""Comments in the member's data download, and after their account is deleted."""

from django.test import Client

import pytest

from members import services as member_services
from members.discussion.models import Comment
from tests.factories.discussion import approved, article_in, comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(home):
    article = article_in(home, title="Kontanthantering")
    leaver = approved(first_name="Lena", last_name="Lämnar")
    asked = comment(article, leaver, "Hur gör ni med kontanter?")
    comment(article, approved(first_name="Sven"), "Vi har en servicepunkt.", parent=asked)
    alone = comment(article, leaver, "Tack för svaret!")
    return article, leaver, asked, alone


def test_comments_are_in_the_data_download(thread):
    article, leaver, asked, alone = thread
    data = member_services.member_data_export(user=leaver)
    assert [(row["page"], row["text"], row["reply_to"]) for row in data["comments"]] == [
        ("Kontanthantering", "Hur gör ni med kontanter?", None),
        ("Kontanthantering", "Tack för svaret!", None),
    ]


def test_kept_as_by_a_former_member(thread, settings):
    settings.DISCUSSION_ON_ACCOUNT_DELETE = "anonymise"
    article, leaver, asked, alone = thread
    member_services.account_delete(user=leaver)
    assert Comment.objects.filter(user=None).count() == 2
    page = Client().get(article.url).content.decode()
    assert "Hur gör ni med kontanter?" in page and "Tack för svaret!" in page
    assert "tidigare medlem" in page
    assert "Lena" not in page


def test_deleted_and_the_replies_still_read(thread, settings):
    settings.DISCUSSION_ON_ACCOUNT_DELETE = "delete"
    article, leaver, asked, alone = thread
    member_services.account_delete(user=leaver)
    assert not Comment.objects.filter(pk=alone.pk).exists()
    asked.refresh_from_db()
    assert (asked.status, asked.body, asked.user) == ("removed", "", None)
    page = Client().get(article.url).content.decode()
    assert "Kontanter" not in page and "Tack för svaret!" not in page
    assert "Kommentaren har tagits bort" in page and "Vi har en servicepunkt." in page
