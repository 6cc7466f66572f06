"""Fixtures of the knowledge tests: a library below the home page."""

import pytest

from tests.factories.knowledge import LibraryIndexPageFactory


@pytest.fixture
def library(home):
    """A published, empty library at /kunskapsbank/."""
    return LibraryIndexPageFactory(parent=home)
