"""The home page, standard pages and the site layout."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

import pytest

from core.models import HomePage, SiteFooter, StandardPage
from tests.factories.core import StandardPageFactory

pytestmark = pytest.mark.django_db


class TestPageTree(WagtailPageTestCase):
    """Where each page type may be created."""

    def test_home_page_only_below_the_root(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(StandardPage, HomePage)

    def test_standard_pages_below_home_and_each_other(self):
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)


def test_home_page_layout(client, home):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert 'class="skip-link" href="#main"' in html
    assert '<main id="main"' in html
    assert 'role="search"' in html
    assert 'aria-label="Huvudmeny"' in html


def test_menu_lists_pages_marked_for_menus(client, home):
    StandardPageFactory(parent=home, title="Om oss", slug="om", show_in_menus=True)
    StandardPageFactory(parent=home, title="Dold sida", slug="dold", show_in_menus=False)
    html = client.get("/").content.decode()
    assert '<a href="/om/">Om oss</a>' in html
    assert "Dold sida" not in html
    page_html = client.get("/om/").content.decode()
    assert '<a href="/om/" aria-current="page">Om oss</a>' in page_html


def test_english_translation_served_under_en(client, home_en):
    response = client.get("/en/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert 'href="/" hreflang="sv"' in html


def test_language_switch_points_to_translation(client, home, home_en):
    html = client.get("/").content.decode()
    assert 'href="/en/" hreflang="en"' in html


def test_footer_links_statutory_pages(client, home):
    statement = StandardPageFactory(parent=home, title="Tillgänglighetsredogörelse")
    privacy = StandardPageFactory(parent=home, title="Personuppgiftspolicy")
    footer = SiteFooter.for_site(home.get_site())
    footer.accessibility_page = statement
    footer.privacy_page = privacy
    footer.contact_email = "kontakt@example.se"
    footer.save()
    html = client.get("/").content.decode()
    assert f'href="{statement.url}">Tillgänglighetsredogörelse</a>' in html
    assert f'href="{privacy.url}">Personuppgiftspolicy</a>' in html
    assert "mailto:kontakt@example.se" in html


def test_home_page_queries_do_not_grow_with_menu_items(
    client, home, django_assert_max_num_queries
):
    for number in range(3):
        StandardPageFactory(parent=home, slug=f"a{number}", show_in_menus=True)
    client.get("/")
    with django_assert_max_num_queries(20) as few:
        client.get("/")
    for number in range(20):
        StandardPageFactory(parent=home, slug=f"b{number}", show_in_menus=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/")


def test_unknown_page_gives_styled_404(client, home):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()
