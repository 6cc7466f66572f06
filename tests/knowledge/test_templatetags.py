"""The library's link in Mina sidor's navigation."""

from django.urls import reverse

import pytest

from tests.factories.members import UserFactory

pytestmark = pytest.mark.django_db


def test_mina_sidor_navigation_links_my_articles(client, library):
    client.force_login(UserFactory())
    html = client.get(reverse("members:dashboard")).content.decode()
    assert '<a href="/kunskapsbank/mina-artiklar/">Mina artiklar</a>' in html


def test_mina_sidor_without_a_library_has_no_articles_link(client, home):
    client.force_login(UserFactory())
    response = client.get(reverse("members:dashboard"))
    assert response.status_code == 200
    assert "Mina artiklar" not in response.content.decode()
