"""Fixtures of the regions tests: the landing page and its contact directory."""

import pytest

from tests.factories.regions import ContactDirectoryPageFactory, RegionalCoordinationPageFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded documents go to a throw-away folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def landing(home):
    """A published 'Regional samordning' page below the Swedish home page."""
    return RegionalCoordinationPageFactory(parent=home)


@pytest.fixture
def directory(landing):
    """The published contact directory below the landing page."""
    return ContactDirectoryPageFactory(parent=landing)
