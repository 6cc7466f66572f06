"""Page tree rules, county page validation and contact person validation."""

from django.core.exceptions import ValidationError

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from core.models import County, HomePage, StandardPage
from regions.models import (
    ContactDirectoryPage,
    ContactPerson,
    CountyPage,
    RegionalCoordinationPage,
)
from tests.factories.members import OrganisationFactory, sign_in_with_mfa
from tests.factories.regions import ContactPersonFactory, CountyPageFactory

pytestmark = pytest.mark.django_db


class TestPageTree(WagtailPageTestCase):
    """Where each page type of the regions app may be created."""

    def test_landing_page_only_below_home(self):
        self.assertCanCreateAt(HomePage, RegionalCoordinationPage)
        self.assertCanNotCreateAt(StandardPage, RegionalCoordinationPage)
        self.assertCanNotCreateAt(Page, RegionalCoordinationPage)

    def test_county_and_directory_pages_only_below_landing(self):
        self.assertAllowedSubpageTypes(
            RegionalCoordinationPage, {CountyPage, ContactDirectoryPage}
        )
        self.assertCanNotCreateAt(HomePage, CountyPage)
        self.assertCanNotCreateAt(HomePage, ContactDirectoryPage)
        self.assertAllowedSubpageTypes(CountyPage, set())
        self.assertAllowedSubpageTypes(ContactDirectoryPage, set())


def test_one_landing_page_per_home(landing, home):
    assert not RegionalCoordinationPage.can_create_at(home)


def test_county_page_slug_comes_from_county(landing):
    county = County.objects.get(code="05")
    page = CountyPageFactory(parent=landing, county=county, slug="valfri-slug")
    assert page.slug == "ostergotlands-lan"
    assert page.url == "/regional-samordning/ostergotlands-lan/"


def test_second_county_page_for_same_county_and_locale_is_refused(landing):
    county = County.objects.get(code="25")
    CountyPageFactory(parent=landing, county=county)
    duplicate = CountyPage(title="Norrbotten igen", county=county)
    with pytest.raises(ValidationError) as error:
        landing.add_child(instance=duplicate)
    assert "Det finns redan en länssida för Norrbottens län" in str(error.value)


def test_county_page_may_be_translated(landing, home_en, locales):
    landing_en = landing.copy_for_translation(locales[1])
    page = CountyPageFactory(parent=landing, county=County.objects.get(code="25"))
    translation = page.copy_for_translation(locales[1])
    assert translation.county == page.county
    assert translation.locale == locales[1]
    assert translation.get_parent().specific == landing_en


def test_programme_end_year_not_before_start(landing):
    page = CountyPage(
        title="Kalmar län",
        county=County.objects.get(code="08"),
        programme_start_year=2025,
        programme_end_year=2020,
    )
    with pytest.raises(ValidationError) as error:
        landing.add_child(instance=page)
    assert error.value.message_dict["programme_end_year"] == [
        "Slutåret kan inte vara före startåret."
    ]


def test_programme_period_text():
    page = CountyPage(programme_start_year=2014, programme_end_year=2020)
    assert page.programme_period == "2014–2020"
    assert CountyPage(programme_start_year=2022).programme_period == "2022"
    assert CountyPage().programme_period == ""


def test_contact_person_with_bad_email_cannot_be_saved():
    contact = ContactPersonFactory.build(email="inte-en-adress", county=None)
    with pytest.raises(ValidationError) as error:
        contact.full_clean()
    assert "email" in error.value.message_dict


def test_contact_person_with_bad_phone_cannot_be_saved():
    contact = ContactPersonFactory.build(phone="12 34", county=None)
    with pytest.raises(ValidationError) as error:
        contact.full_clean()
    assert error.value.message_dict["phone"][0].startswith("Ange ett svenskt telefonnummer")


def test_contact_person_needs_email_or_phone():
    contact = ContactPersonFactory.build(email="", phone="", county=None)
    with pytest.raises(ValidationError) as error:
        contact.full_clean()
    assert error.value.messages == ["Ange e-postadress, telefonnummer eller båda."]


def test_organisation_name_falls_back_to_free_text():
    registered = OrganisationFactory(name="Region Jämtland Härjedalen")
    assert ContactPersonFactory.build(organisation=registered).organisation_display == (
        "Region Jämtland Härjedalen"
    )
    assert (
        ContactPersonFactory.build(
            organisation=None, organisation_name="Byalaget"
        ).organisation_display
        == "Byalaget"
    )


def test_listed_contacts_exclude_those_without_county():
    listed = ContactPersonFactory()
    ContactPersonFactory(county=None)
    assert list(ContactPerson.objects.listed()) == [listed]


class TestCountyPageInAdmin(WagtailPageTestCase):
    """Editors create county pages without typing a slug."""

    def test_editor_creates_county_page_with_the_county_slug(self):
        home = Page.get_first_root_node().add_child(instance=HomePage(title="Start", slug="start"))
        landing = home.add_child(
            instance=RegionalCoordinationPage(
                title="Regional samordning", slug="regional-samordning"
            )
        )
        editor = self.login()
        TOTP.activate(editor, generate_totp_secret())
        sign_in_with_mfa(self.client, editor)
        county = County.objects.get(code="21")
        data = nested_form_data(
            {
                "title": "Gävleborg",
                "county": county.pk,
                "programme_start_year": 2022,
                "programme_end_year": 2025,
                "programme_status": "gallande",
                "analysis_summary": rich_text("<p>Långa avstånd.</p>"),
                "priorities": streamfield(
                    [
                        (
                            "priority",
                            {
                                "title": "Drivmedel",
                                "description": rich_text("<p>Fler stationer.</p>"),
                                "measures": streamfield([("item", "Stöd till stationer")]),
                            },
                        )
                    ]
                ),
            }
        )
        self.assertCanCreate(landing, CountyPage, data)
        page = CountyPage.objects.get(county=county)
        assert page.slug == "gavleborgs-lan"
        assert list(page.priorities[0].value["measures"]) == ["Stöd till stationer"]
