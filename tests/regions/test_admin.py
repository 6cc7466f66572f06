"""The contact person snippet and the programme report in the Wagtail admin."""

import datetime

from django.contrib.auth.models import Group
from django.urls import reverse

import pytest

from core.models import County
from knowledge.models import ArticleKind
from regions.models import ContactPerson, Responsibility
from tests.factories.knowledge import ArticlePageFactory, LibraryIndexPageFactory
from tests.factories.members import UserFactory, sign_in_with_mfa
from tests.factories.regions import ContactPersonFactory, CountyPageFactory

pytestmark = pytest.mark.django_db

REPORT_URL = "/admin/reports/regionala-serviceprogram/"


@pytest.fixture
def admin_client(client):
    sign_in_with_mfa(client, UserFactory(is_staff=True, is_superuser=True, totp=True))
    return client


@pytest.fixture
def editor_client(client):
    editor = UserFactory(totp=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    sign_in_with_mfa(client, editor)
    return client


class TestContactPersonSnippet:
    """Creating and listing contact persons."""

    add_url = reverse("wagtailsnippets_regions_contactperson:add")
    list_url = reverse("wagtailsnippets_regions_contactperson:list")

    def _data(self, **overrides):
        data = {
            "name": "Petra Pettersson",
            "role": "Handläggare",
            "organisation": "",
            "organisation_name": "Region Gotland",
            "county": County.objects.get(code="09").pk,
            "email": "petra@example.se",
            "phone": "0498-26 90 00",
            "responsibilities": [Responsibility.objects.get(code="rsp").pk],
        }
        return {**data, **overrides}

    def test_valid_contact_is_saved_with_responsibilities(self, admin_client):
        response = admin_client.post(self.add_url, self._data())
        assert response.status_code == 302
        contact = ContactPerson.objects.get(email="petra@example.se")
        assert [r.code for r in contact.responsibilities.all()] == ["rsp"]

    def test_editors_may_keep_the_register(self, editor_client):
        response = editor_client.post(self.add_url, self._data())
        assert response.status_code == 302
        assert ContactPerson.objects.filter(email="petra@example.se").exists()

    def test_bad_phone_is_refused_with_swedish_message(self, admin_client):
        response = admin_client.post(self.add_url, self._data(phone="ring växeln"))
        assert response.status_code == 200
        assert "Ange ett svenskt telefonnummer med riktnummer" in response.content.decode()
        assert not ContactPerson.objects.exists()

    def test_bad_email_is_refused(self, admin_client):
        response = admin_client.post(self.add_url, self._data(email="petra@"))
        assert response.status_code == 200
        assert not ContactPerson.objects.exists()

    def test_list_filters_by_county(self, admin_client):
        ContactPersonFactory(name="Gunnel Gotland", county=County.objects.get(code="09"))
        ContactPersonFactory(name="Nora Norrbotten", county=County.objects.get(code="25"))
        gotland = County.objects.get(code="09").pk
        html = admin_client.get(self.list_url, {"county": gotland}).content.decode()
        assert "Gunnel Gotland" in html
        assert "Nora Norrbotten" not in html

    def test_list_filters_by_responsibility(self, admin_client):
        ContactPersonFactory(name="Ivar Invest", responsibilities=["investeringsstod"])
        ContactPersonFactory(name="Rut Program", responsibilities=["rsp"])
        invest = Responsibility.objects.get(code="investeringsstod").pk
        html = admin_client.get(self.list_url, {"responsibilities": invest}).content.decode()
        assert "Ivar Invest" in html
        assert "Rut Program" not in html


class TestProgrammeReport:
    """The per-county report of the regional service programmes."""

    def test_lists_every_county_with_review_and_publish_dates(self, editor_client, landing):
        page = CountyPageFactory(
            parent=landing,
            county=County.objects.get(code="25"),
            last_reviewed=datetime.date(2025, 6, 3),
        )
        response = editor_client.get(REPORT_URL)
        html = response.content.decode()
        assert response.status_code == 200
        for county in County.objects.all():
            assert county.name in html
        assert html.count("Länssida saknas") == 20
        assert reverse("wagtailadmin_pages:edit", args=[page.pk]) in html
        assert "2022–2025" in html
        assert "3 juni 2025" in html

    def test_unpublished_page_is_marked(self, editor_client, landing):
        CountyPageFactory(parent=landing, county=County.objects.get(code="09"), live=False)
        html = editor_client.get(REPORT_URL).content.decode()
        assert "Gällande (ej publicerad)" in html

    def test_exports_csv(self, editor_client, landing):
        CountyPageFactory(
            parent=landing,
            county=County.objects.get(code="25"),
            last_reviewed=datetime.date(2025, 6, 3),
        )
        response = editor_client.get(REPORT_URL, {"export": "csv"})
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        raw = b"".join(response.streaming_content)
        # The byte-order mark makes Excel read "Län" as UTF-8, not "LÃ¤n".
        assert raw.startswith(b"\xef\xbb\xbfL\xc3\xa4n,")
        content = raw.decode("utf-8-sig")
        years = range(datetime.date.today().year - 2, datetime.date.today().year + 1)
        assert content.splitlines()[0] == (
            "Län,Programperiod,Status,Senast granskad,Senast publicerad,"
            + ",".join(f"Uppföljning {year}" for year in years)
        )
        assert "Norrbottens län,2022–2025,Gällande,2025-06-03" in content

    def test_lists_missing_follow_ups_per_year(self, editor_client, landing, home):
        this_year = datetime.date.today().year
        library = LibraryIndexPageFactory(parent=home)
        norrbotten = County.objects.get(code="25")
        CountyPageFactory(parent=landing, county=norrbotten)
        published = ArticlePageFactory(
            parent=library,
            kind=ArticleKind.FOLLOW_UP,
            publication_date=datetime.date(this_year - 1, 3, 1),
        )
        published.counties.set([norrbotten])
        published.save()
        draft = ArticlePageFactory(
            parent=library,
            kind=ArticleKind.FOLLOW_UP,
            publication_date=datetime.date(this_year, 3, 1),
            live=False,
        )
        draft.counties.set([norrbotten])
        draft.save()
        response = editor_client.get(REPORT_URL, {"export": "csv"})
        rows = b"".join(response.streaming_content).decode().splitlines()
        row = next(row for row in rows if row.startswith("Norrbottens län,"))
        assert row.endswith(",Saknas,Publicerad,Utkast")
        skane = next(row for row in rows if row.startswith("Skåne län,"))
        assert skane.endswith(",Saknas,Saknas,Saknas")
        html = editor_client.get(REPORT_URL).content.decode()
        assert f"Uppföljning {this_year}" in html
        assert html.count("Saknas") == 21 * 3 - 2

    def test_in_reports_menu_for_editors(self, editor_client):
        html = editor_client.get("/admin/").content.decode()
        assert REPORT_URL in html

    def test_anonymous_users_are_sent_to_login(self, client):
        response = client.get(REPORT_URL)
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/login/?next=/admin/")

    def test_query_count(self, editor_client, landing, django_assert_max_num_queries):
        for code in ["01", "03", "09", "25"]:
            CountyPageFactory(parent=landing, county=County.objects.get(code=code))
        with django_assert_max_num_queries(40):
            editor_client.get(REPORT_URL)


def test_admin_edit_views_render(editor_client, landing, directory):
    page = CountyPageFactory(parent=landing, county=County.objects.get(code="25"))
    contact = ContactPersonFactory()
    for url in [
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        reverse("wagtailadmin_pages:edit", args=[landing.pk]),
        reverse("wagtailadmin_pages:edit", args=[directory.pk]),
        reverse("wagtailsnippets_regions_contactperson:edit", args=[contact.pk]),
        reverse("regions_report_results"),
    ]:
        assert editor_client.get(url).status_code == 200, url
