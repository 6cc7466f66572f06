"""The landing page, county pages, the contact directory and vCard downloads."""

import pytest
import vobject

from core.models import County
from tests.factories.regions import ContactPersonFactory, CountyPageFactory

pytestmark = pytest.mark.django_db


def _county(code: str) -> County:
    return County.objects.get(code=code)


def test_landing_page_tables_all_counties(client, landing):
    CountyPageFactory(
        parent=landing,
        county=_county("25"),
        programme_start_year=2014,
        programme_end_year=2020,
        programme_status="upphort",
    )
    html = client.get("/regional-samordning/").content.decode()
    assert html.count('<th scope="row">') == 21
    assert '<a href="/regional-samordning/norrbottens-lan/">Norrbottens län</a>' in html
    assert "2014–2020" in html
    assert "Har upphört att gälla" in html
    # Counties without a page are listed without a link.
    assert '<th scope="row">Skåne län</th>' in html


def test_landing_page_hides_unpublished_county_pages(client, landing):
    CountyPageFactory(parent=landing, county=_county("12"), live=False)
    html = client.get("/regional-samordning/").content.decode()
    assert "/regional-samordning/skane-lan/" not in html


def test_landing_page_query_count_is_constant(client, landing, django_assert_max_num_queries):
    CountyPageFactory(parent=landing, county=_county("01"))
    with django_assert_max_num_queries(40) as baseline:
        client.get("/regional-samordning/")
    for code in ["03", "04", "05", "06", "07"]:
        CountyPageFactory(parent=landing, county=_county(code))
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        assert client.get("/regional-samordning/").status_code == 200


def test_unknown_county_slug_is_404(client, landing):
    CountyPageFactory(parent=landing, county=_county("25"))
    assert client.get("/regional-samordning/norrbottens-lan/").status_code == 200
    assert client.get("/regional-samordning/atlantis-lan/").status_code == 404


def test_county_page_lists_only_its_contacts(client, landing, directory):
    CountyPageFactory(parent=landing, county=_county("25"))
    ContactPersonFactory(name="Sara Norr", county=_county("25"), responsibilities=["rsp"])
    ContactPersonFactory(name="Sven Syd", county=_county("12"))
    response = client.get("/regional-samordning/norrbottens-lan/")
    html = response.content.decode()
    assert "Sara Norr" in html
    assert "Regionalt serviceprogram" in html
    assert "Sven Syd" not in html
    assert 'href="/regional-samordning/kontaktpersoner/"' in html


def test_county_page_query_count_does_not_grow_with_contacts(
    client, landing, django_assert_max_num_queries
):
    CountyPageFactory(parent=landing, county=_county("25"))
    ContactPersonFactory(county=_county("25"), responsibilities=["rsp"])
    with django_assert_max_num_queries(40) as baseline:
        client.get("/regional-samordning/norrbottens-lan/")
    for _ in range(5):
        ContactPersonFactory(county=_county("25"), responsibilities=["rsp", "stod"])
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        client.get("/regional-samordning/norrbottens-lan/")


class TestDirectory:
    """The public directory of contact persons."""

    url = "/regional-samordning/kontaktpersoner/"

    def test_lists_contacts_grouped_by_county(self, client, directory):
        ContactPersonFactory(name="Anna Norr", county=_county("25"))
        ContactPersonFactory(name="Bo Gotland", county=_county("09"))
        html = client.get(self.url).content.decode()
        assert '<h2 id="county-norrbottens-lan">Norrbottens län</h2>' in html
        assert '<h2 id="county-gotlands-lan">Gotlands län</h2>' in html
        assert html.index("Bo Gotland") < html.index("Anna Norr")

    def test_contacts_without_county_are_hidden(self, client, directory):
        ContactPersonFactory(name="Synlig Person")
        ContactPersonFactory(name="Nationell Person", county=None)
        html = client.get(self.url).content.decode()
        assert "Synlig Person" in html
        assert "Nationell Person" not in html

    def test_filters_by_county(self, client, directory):
        ContactPersonFactory(name="Anna Norr", county=_county("25"))
        ContactPersonFactory(name="Bo Gotland", county=_county("09"))
        response = client.get(self.url, {"lan": "gotlands-lan"})
        html = response.content.decode()
        assert response.status_code == 200
        assert "Bo Gotland" in html
        assert "Anna Norr" not in html
        assert '<option value="gotlands-lan" selected>' in html

    def test_filters_by_responsibility(self, client, directory):
        ContactPersonFactory(name="Rut Program", responsibilities=["rsp"])
        ContactPersonFactory(name="Ivar Invest", responsibilities=["investeringsstod"])
        html = client.get(self.url, {"ansvar": "investeringsstod"}).content.decode()
        assert "Ivar Invest" in html
        assert "Rut Program" not in html

    def test_filters_by_both(self, client, directory):
        ContactPersonFactory(name="Rätt Person", county=_county("09"), responsibilities=["stod"])
        ContactPersonFactory(name="Fel Län", county=_county("25"), responsibilities=["stod"])
        ContactPersonFactory(name="Fel Ansvar", county=_county("09"), responsibilities=["rsp"])
        html = client.get(self.url, {"lan": "gotlands-lan", "ansvar": "stod"}).content.decode()
        assert "Rätt Person" in html
        assert "Fel Län" not in html
        assert "Fel Ansvar" not in html
        assert "1 kontaktperson" in html

    def test_empty_result_says_so(self, client, directory):
        ContactPersonFactory(county=_county("25"))
        html = client.get(self.url, {"lan": "skane-lan"}).content.decode()
        assert "Inga kontaktpersoner matchar filtret." in html

    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"lan": "atlantis"}, "Det finns inget sådant län."),
            ({"ansvar": "allt"}, "Det finns inget sådant ansvarsområde."),
        ],
    )
    def test_bad_filter_values_are_400_with_a_message(self, client, directory, params, message):
        ContactPersonFactory(name="Anna Norr")
        response = client.get(self.url, params)
        html = response.content.decode()
        assert response.status_code == 400
        assert message in html
        assert 'aria-invalid="true"' in html
        assert "Anna Norr" not in html

    def test_query_count_is_constant(self, client, directory, django_assert_max_num_queries):
        ContactPersonFactory(county=_county("25"), responsibilities=["rsp"])
        with django_assert_max_num_queries(30) as baseline:
            client.get(self.url, {"ansvar": "rsp"})
        for code in ["01", "03", "09", "12", "25"]:
            ContactPersonFactory(county=_county(code), responsibilities=["rsp", "stod"])
        with django_assert_max_num_queries(len(baseline.captured_queries)):
            response = client.get(self.url, {"ansvar": "rsp"})
        assert response.content.decode().count('class="card contact-card"') == 6


class TestVCard:
    """One contact person as a .vcf download."""

    def test_vcard_parses_back(self, client):
        contact = ContactPersonFactory(
            name="Åsa Öberg Lind",
            role="Handläggare regionalt serviceprogram",
            organisation_name="Region Jämtland Härjedalen",
            county=_county("23"),
            email="asa.oberg@example.se",
            phone="063-14 64 00",
            responsibilities=["rsp", "stod"],
        )
        response = client.get(f"/kontaktpersoner/{contact.pk}/vcard.vcf")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/vcard; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="asa-oberg-lind.vcf"'
        card = vobject.readOne(response.content.decode("utf-8"))
        assert card.version.value == "3.0"
        assert card.fn.value == "Åsa Öberg Lind"
        assert card.n.value.family == "Lind"
        assert card.n.value.given == "Åsa Öberg"
        assert card.email.value == "asa.oberg@example.se"
        assert card.tel.value == "+4663146400"
        assert card.org.value == ["Region Jämtland Härjedalen"]
        assert card.title.value == "Handläggare regionalt serviceprogram"
        assert card.categories.value == [
            "Regionalt serviceprogram",
            "Stöd till kommersiell service",
        ]

    def test_vcard_without_optional_fields(self, client):
        contact = ContactPersonFactory(name="Kim", role="", organisation_name="", phone="")
        card = vobject.readOne(
            client.get(f"/kontaktpersoner/{contact.pk}/vcard.vcf").content.decode()
        )
        assert card.fn.value == "Kim"
        assert not hasattr(card, "tel")
        assert not hasattr(card, "org")

    def test_vcard_of_unlisted_or_unknown_contact_is_404(self, client):
        hidden = ContactPersonFactory(county=None)
        assert client.get(f"/kontaktpersoner/{hidden.pk}/vcard.vcf").status_code == 404
        assert client.get("/kontaktpersoner/999999/vcard.vcf").status_code == 404

    def test_directory_links_to_vcards(self, client, directory):
        contact = ContactPersonFactory(name="Länkad Person")
        html = client.get("/regional-samordning/kontaktpersoner/").content.decode()
        assert f'href="/kontaktpersoner/{contact.pk}/vcard.vcf" download' in html


class TestCountyFinder:
    """The 'find your county' form and its redirect."""

    def test_landing_page_offers_the_finder(self, client, landing):
        html = client.get("/regional-samordning/").content.decode()
        assert 'action="/hitta-lan/"' in html
        assert '<label for="county-finder-lan">Välj län</label>' in html
        assert html.count('<option value="') == 21

    def test_redirects_to_the_county_page(self, client, landing):
        CountyPageFactory(parent=landing, county=_county("09"))
        response = client.get("/hitta-lan/", {"lan": "gotlands-lan"})
        assert response.status_code == 302
        assert response["Location"] == "/regional-samordning/gotlands-lan/"

    def test_prefers_the_page_in_the_active_language(self, client, landing, home_en, locales):
        landing.copy_for_translation(locales[1]).save_revision().publish()
        page = CountyPageFactory(parent=landing, county=_county("09"))
        translation = page.copy_for_translation(locales[1])
        translation.save_revision().publish()
        response = client.get("/en/hitta-lan/", {"lan": "gotlands-lan"})
        assert response["Location"] == translation.url
        assert response["Location"].startswith("/en/")

    @pytest.mark.parametrize("params", [{}, {"lan": "atlantis"}, {"lan": "skane-lan"}])
    def test_unknown_or_pageless_county_is_404(self, client, landing, params):
        CountyPageFactory(parent=landing, county=_county("09"))
        assert client.get("/hitta-lan/", params).status_code == 404
