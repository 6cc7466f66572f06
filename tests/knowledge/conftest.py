"""Fixtures of the knowledge tests: a library below the home page."""

from django.contrib.auth.models import Group

import pytest

from tests.factories.knowledge import LibraryIndexPageFactory
from tests.factories.members import MembershipFactory, UserFactory


@pytest.fixture
def library(home):
    """A published, empty library at /kunskapsbank/."""
    return LibraryIndexPageFactory(parent=home)


@pytest.fixture
def member(client):
    """An approved member, logged in on ``client``."""
    user = UserFactory(first_name="Maja", last_name="Lind", email="maja@region.se")
    MembershipFactory(user=user)
    client.force_login(user)
    return user


@pytest.fixture
def editor():
    """A moderator, who reviews members' articles in the admin."""
    user = UserFactory(
        first_name="Erik", last_name="Redaktör", email="erik@tillvaxtverket.se", totp=True
    )
    user.groups.add(Group.objects.get(name="Moderators"))
    return user
