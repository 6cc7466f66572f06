"""Helpers for discussion tests: an article and a meeting that take comments, and comments."""

from django.contrib.auth.models import Group

from knowledge.models import LibraryIndexPage
from members.discussion.models import Comment
from tests.factories.knowledge import ArticlePageFactory, LibraryIndexPageFactory
from tests.factories.members import MembershipFactory, UserFactory


def approved(**user_fields):
    """An approved member of an organisation (the user)."""
    return MembershipFactory(
        **{f"user__{name}": value for name, value in user_fields.items()}
    ).user


def article_in(home, **fields):
    """A published article in the library under ``home`` (made when missing)."""
    library = LibraryIndexPage.objects.child_of(home).first() or LibraryIndexPageFactory(
        parent=home
    )
    return ArticlePageFactory(parent=library, **fields)


def comment(page, user, body="En kommentar.", **fields) -> Comment:
    fields.setdefault("status", Comment.Status.PUBLISHED)
    if fields["status"] == Comment.Status.PUBLISHED:
        fields.setdefault("published_at", fields.get("created_at"))
    return Comment.objects.create(page_id=page.pk, user=user, body=body, **fields)


def comment_editor():
    """An editor (Wagtail's Editors group, which moderates comments) with an authenticator."""
    user = UserFactory(first_name="Eva", last_name="Redaktör", totp=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user
