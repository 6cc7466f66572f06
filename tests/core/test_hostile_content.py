"""Every output channel carries every text an editor or member types, or neutralises it.

A meeting, two library articles, a contact person, an organisation, a topic, a county and
a member hold line breaks of three kinds, the characters iCalendar, vCard, CSV and XML
treat specially, markup, a formula, an emoji, right-to-left text, a 300-character word
and two control characters that XML and iCalendar cannot carry. Every channel must
answer 200 and parse back with its own library, the text intact or safely neutralised:

- line breaks may come back as ``\\n`` (iCalendar, vCard and XML normalise them);
- the control characters become U+FFFD in machine-readable outputs;
- a spreadsheet cell starting with ``=`` gets a leading ``'``;
- ``<script>`` never reaches a page unescaped.
"""

import csv
import gzip
import io
import json
import re
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser

from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from wagtail.models import Site

import feedparser
import pytest
import vobject
from defusedxml.ElementTree import fromstring as safe_xml
from icalendar import Calendar
from icalendar.parser import rfc_6868_unescape, unescape_backslash
from openpyxl import load_workbook
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from core.charts import SVG_NAMESPACE as SVG
from core.charts import chart_text
from core.models import County
from core.outbox.models import Message
from core.surveys.models import Questionnaire
from core.text import representable
from events.models import EventPage
from events.registration.services import registration_create
from knowledge.models import ArticleAuthor, ArticleKind
from members.discussion.services import post_comment
from members.follows.emails import send_digests
from members.follows.feed import feed_token_regenerate as follow_feed_token_regenerate
from members.follows.models import Follow
from members.services import feed_token_regenerate
from regions.models import FollowUpAnswer, FollowUpRound, RegionalCoordinationPage
from tests.factories.core import TopicFactory
from tests.factories.events import EventIndexPageFactory
from tests.factories.knowledge import ArticlePageFactory, LibraryIndexPageFactory
from tests.factories.members import OrganisationFactory, UserFactory, sign_in_with_mfa
from tests.factories.regions import (
    ContactDirectoryPageFactory,
    ContactPersonFactory,
    CountyPageFactory,
    RegionalCoordinationPageFactory,
)
from tests.factories.registration import approved_member, open_event

pytestmark = pytest.mark.django_db

CONTROL = "\x07\x0b"  # BEL, and the vertical tab Word pastes for a soft line break
# At most 100 characters: it fits every name field (a topic's and a county's are the shortest).
SHORT = (
    '=HYPERLINK("http://evil.example","x")\n2\r\n3\u2028,;:\\"\''
    "<script>alert(1)</script>]]>😀 مرحبا שלום" + CONTROL
)
WORD = "Mötesplats" * 30  # one word of 300 characters, half of its bytes multibyte
TITLE = f"{SHORT} {WORD[:120]}"  # a page title has at most 255 characters
LONG = f"{SHORT}\n\n{WORD} {SHORT}"
assert len(SHORT) <= 100 and len(TITLE) <= 255


def plain(text: str) -> str:
    """The text with its line breaks as iCalendar, vCard and XML give them back."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def neutral(text: str) -> str:
    """What a machine-readable channel carries: line breaks as above, controls as U+FFFD."""
    return re.sub(f"[{CONTROL}]", "\ufffd", plain(text))


def cell(text: str) -> str:
    """A spreadsheet cell: neutral, and a formula held back as text by a leading quote."""
    return "'" + neutral(text)


@dataclass
class World:
    """Everything the channels are asked about, and the e-mail the registration sent."""

    event: EventPage
    member: object
    member_article: object
    agency_article: object
    contact: object
    topic: object
    county: County
    messages: list = field(default_factory=list)


@pytest.fixture
def world(home, django_capture_on_commit_callbacks) -> World:
    # The feeds are cached under their version; start without any body of an earlier test.
    cache.clear()
    county = County.objects.get(code="25")
    county.name = SHORT
    county.save()
    topic = TopicFactory(name=SHORT, name_en=SHORT, slug="fientligt")
    organisation = OrganisationFactory(name=SHORT, county=county, email_domains=SHORT)
    index = EventIndexPageFactory(parent=home)
    event = open_event(
        home,
        title=TITLE,
        slug="fientligt-mote",
        summary=LONG,
        county=county,
        venue_name=SHORT,
        venue_address=SHORT,
        municipality=SHORT,
        target_audience=SHORT,
        organiser=organisation,
        format=EventPage.Format.HYBRID,
        ask_dietary=True,
        registration_questions=[
            ("long_text", {"label": SHORT, "help_text": "", "required": False})
        ],
    )
    assert event.get_parent().pk == index.pk
    event.topics.set([topic])
    event.save_revision().publish()
    member = approved_member(
        organisation, first_name=SHORT, last_name=SHORT, job_title=SHORT, county=county
    )
    with django_capture_on_commit_callbacks(execute=True):
        registration_create(
            event=event,
            user=member,
            actor=member,
            answers={"Specialkost eller allergier": SHORT, SHORT: LONG},
        )
    library = LibraryIndexPageFactory(parent=home, title=SHORT)
    member_article = ArticlePageFactory(
        parent=library,
        title=TITLE,
        slug="medlemmens-erfarenhet",
        kind=ArticleKind.EXPERIENCE,
        summary=LONG,
        organisation=organisation,
        publication_date=timezone.localdate(),
    )
    member_article.topics.set([topic])
    ArticleAuthor.objects.create(page=member_article, user=member)
    member_article.save_revision().publish()
    agency_article = ArticlePageFactory(
        parent=library,
        title=f"{TITLE[:200]} metodstöd",
        slug="myndighetens-metodstod",
        kind=ArticleKind.METHOD_SUPPORT,
        summary=LONG,
        # Old enough to be due for review, recent enough to be in the feeds.
        publication_date=timezone.localdate() - timedelta(days=400),
        content_owner=member,
    )
    landing = RegionalCoordinationPageFactory(parent=home)
    ContactDirectoryPageFactory(parent=landing)
    contact = ContactPersonFactory(
        name=SHORT,
        role=SHORT,
        organisation_name=SHORT,
        county=county,
        email="kontakt@example.se",
        phone="",
        responsibilities=["rsp"],
    )
    return World(
        event=event,
        member=member,
        member_article=member_article,
        agency_article=agency_article,
        contact=contact,
        topic=topic,
        county=county,
        messages=list(mail.outbox),
    )


@pytest.fixture
def editor_client():
    """A client of an editor, for the admin's exports; ``client`` stays anonymous."""
    editor = UserFactory(totp=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    editor_client = Client()
    sign_in_with_mfa(editor_client, editor)
    return editor_client


def get(client, url: str, headers=None, **params):
    response = client.get(url, params, headers=headers)
    assert response.status_code == 200, response.content[:2000]
    return response


def body(response) -> bytes:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return gzip.decompress(content) if response.get("Content-Encoding") == "gzip" else content


# -- iCalendar -----------------------------------------------------------------------


@dataclass
class Parsed:
    """One .ics as icalendar and as vobject read it."""

    calendar: Calendar
    vcalendar: object

    def name(self, prop: str) -> str:
        """NAME or an X-WR-* text as icalendar and vobject give it; the two must agree.

        icalendar reads these properties as UNKNOWN, escapes included (see core.ical),
        so its value is unescaped here as the TEXT it is.
        """
        value = unescape_backslash(str(self.calendar[prop]))
        assert value == self.vcalendar.contents[prop.lower()][0].value
        return value


def parse_ics(data: bytes | str, *, uid: str) -> Parsed:
    """Parse with icalendar and vobject; check escaping and that every TZID is defined."""
    data = data.encode() if isinstance(data, str) else data
    assert b"\x07" not in data and b"\x0b" not in data
    lines = data.split(b"\r\n")
    assert not any(b"\n" in line or b"\r" in line for line in lines), "a bare line break"
    assert all(len(line) <= 75 for line in lines), "a line longer than 75 octets"
    calendar = Calendar.from_ical(data)
    vcalendar = vobject.readOne(data.decode("utf-8"))
    defined = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    used = {
        str(value.params["TZID"])
        for component in calendar.walk()
        for values in component.values()
        for value in (values if isinstance(values, list) else [values])
        if "TZID" in getattr(value, "params", {})
    }
    assert used <= defined, f"TZID without VTIMEZONE: {used - defined}"
    (vevent,) = [item for item in calendar.walk("VEVENT") if str(item["UID"]) == uid]
    assert str(vevent["SUMMARY"]) == neutral(TITLE)
    assert neutral(LONG) in str(vevent["DESCRIPTION"])
    assert neutral(SHORT) in str(vevent["LOCATION"])
    assert [str(item) for item in vevent["CATEGORIES"].cats] == [neutral(SHORT)]
    (other,) = [item for item in vcalendar.vevent_list if item.uid.value == uid]
    assert other.summary.value == neutral(TITLE)
    assert neutral(LONG) in other.description.value
    assert neutral(SHORT) in other.location.value
    assert other.categories.value == [neutral(SHORT)]
    return Parsed(calendar, vcalendar)


def channel_ics_single(world: World, client, editor_client):
    response = get(client, f"/motesplatser/{world.event.slug}.ics")
    parsed = parse_ics(body(response), uid=str(world.event.ical_uid))
    assert parsed.name("NAME") == parsed.name("X-WR-CALNAME") == neutral(TITLE)
    assert parsed.name("X-WR-CALDESC") == str(parsed.calendar["DESCRIPTION"]) == neutral(LONG)


def _feed(client, world: World, *, gzip_accepted=False, **params) -> Parsed:
    headers = {"Accept-Encoding": "gzip"} if gzip_accepted else {}
    response = get(client, "/motesplatser/kalender.ics", **params, headers=headers)
    assert (response.get("Content-Encoding") == "gzip") == gzip_accepted
    # The UID is new in every test: a body cached by an earlier test would not have it.
    return parse_ics(body(response), uid=str(world.event.ical_uid))


def channel_ics_feed(world: World, client, editor_client):
    parsed = _feed(client, world)
    assert parsed.name("NAME") == parsed.name("X-WR-CALNAME") == "Mötesplatser"
    _feed(client, world, gzip_accepted=True)


def channel_ics_feed_topic(world: World, client, editor_client):
    parsed = _feed(client, world, amne=world.topic.slug)
    assert parsed.name("NAME") == parsed.name("X-WR-CALNAME") == f"Mötesplatser: {neutral(SHORT)}"


def channel_ics_feed_county(world: World, client, editor_client):
    parsed = _feed(client, world, lan=world.county.slug)
    assert parsed.name("NAME") == parsed.name("X-WR-CALNAME") == f"Mötesplatser: {neutral(SHORT)}"


def channel_ics_member_feed(world: World, client, editor_client):
    token = feed_token_regenerate(user=world.member)
    response = get(client, f"/mina-sidor/kalender/{token}.ics")
    registration = world.event.registrations.get()
    parsed = parse_ics(body(response), uid=f"{registration.uid}@motesplats")
    assert [str(tz["TZID"]) for tz in parsed.calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]
    assert parsed.name("X-WR-CALNAME") == "Mötesplats – mina anmälningar"


def channel_ics_email(world: World, client, editor_client):
    (message,) = world.messages
    assert "<script>alert(1)</script>" in message.subject
    assert "&lt;" not in message.subject and "&quot;" not in message.subject
    (attachment,) = [item for item in message.attachments if item[0] == "inbjudan.ics"]
    registration = world.event.registrations.get()
    parsed = parse_ics(attachment[1], uid=f"{registration.uid}@motesplats")
    (vevent,) = parsed.calendar.walk("VEVENT")
    # The name on one line; RFC 6868 would allow ^n, but few clients read it.
    name = neutral(re.sub("[\n\r\x0b\u2028]+", " ", registration.participant_name))
    assert vevent["ATTENDEE"].params["CN"] == name
    # vobject 0.9.9 does not decode RFC 6868 (a double quote is written ^'); icalendar does.
    (vobject_name,) = parsed.vcalendar.vevent.attendee.params["CN"]
    assert rfc_6868_unescape(vobject_name) == name


# -- vCard ---------------------------------------------------------------------------


def channel_vcard(world: World, client, editor_client):
    response = get(client, f"/kontaktpersoner/{world.contact.pk}/vcard.vcf")
    text = body(response).decode("utf-8")
    assert "\x07" not in text and "\x0b" not in text
    card = vobject.readOne(text)
    assert card.fn.value == neutral(SHORT)
    assert card.title.value == neutral(SHORT)
    assert card.org.value == [neutral(SHORT)]
    assert card.note.value == neutral(SHORT)


# -- DCAT-AP-SE catalogue (RDF/XML, JSON-LD) ---------------------------------------


def channel_dcat_catalogue(world: World, client, editor_client):
    Site.objects.filter(is_default_site=True).update(site_name=SHORT)
    graphs = [
        Graph().parse(data=body(get(client, "/api/dcat/katalog.rdf")), format="xml"),
        Graph().parse(data=body(get(client, "/api/dcat/katalog.jsonld")), format="json-ld"),
    ]
    assert isomorphic(*graphs)
    catalogue = URIRef("http://testserver/api/dcat/katalog")
    for graph in graphs:
        titles = list(graph.objects(catalogue, URIRef("http://purl.org/dc/terms/title")))
        # rdflib keeps the line breaks as they were; the control characters are U+FFFD.
        assert titles and all(representable(SHORT) in str(title) for title in titles)


# -- Spreadsheets --------------------------------------------------------------------


def csv_rows(response) -> list[list[str]]:
    text = body(response).decode("utf-8-sig")
    return [[plain(value) for value in row] for row in csv.reader(io.StringIO(text))]


def xlsx_rows(response) -> list[list]:
    workbook = load_workbook(io.BytesIO(body(response)))
    return [
        [plain(value) if isinstance(value, str) else value for value in row]
        for row in workbook.active.iter_rows(values_only=True)
    ]


def assert_safe_table(rows: list[list], *, expected: dict[str, str]):
    """Every text cell is free of formulas and controls; named columns hold what they should."""
    for row in rows:
        for value in row:
            if isinstance(value, str):
                assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
                assert not re.search(f"[{CONTROL}]", value), value
    header, *data = rows
    assert data, "the export has no rows"
    for heading, value in expected.items():
        column = header.index(heading)
        assert value in [row[column] for row in data], (heading, [row[column] for row in data])


def _registrations(world: World, editor_client, fmt: str) -> list[list]:
    response = get(editor_client, f"/admin/motesplatser/{world.event.pk}/", export=fmt)
    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    assert cell(SHORT) in rows[0], "the question's label, as a heading"
    assert_safe_table(
        rows,
        expected={
            "Förnamn": cell(SHORT),
            "Organisation": cell(SHORT),
            "Specialkost eller allergier": cell(SHORT),
            cell(SHORT): cell(LONG),
        },
    )
    return rows


def channel_csv_registrations(world: World, client, editor_client):
    _registrations(world, editor_client, "csv")


def channel_xlsx_registrations(world: World, client, editor_client):
    _registrations(world, editor_client, "xlsx")


def _memberships(world: World, editor_client, export: str):
    response = get(editor_client, "/admin/members/memberships/", export=export)
    rows = csv_rows(response) if export == "csv" else xlsx_rows(response)
    assert_safe_table(
        rows,
        expected={
            "Förnamn": cell(SHORT),
            "Titel": cell(SHORT),
            "Organisation": cell(SHORT),
            "Län": cell(SHORT),
        },
    )


def channel_csv_memberships(world: World, client, editor_client):
    _memberships(world, editor_client, "csv")


def channel_xlsx_memberships(world: World, client, editor_client):
    _memberships(world, editor_client, "xlsx")


def _organisations(world: World, editor_client, export: str):
    response = get(editor_client, "/admin/members/organisations/", export=export)
    rows = csv_rows(response) if export == "csv" else xlsx_rows(response)
    assert_safe_table(rows, expected={"Namn": cell(SHORT), "E-postdomäner": cell(SHORT)})


def channel_csv_organisations(world: World, client, editor_client):
    _organisations(world, editor_client, "csv")


def channel_xlsx_organisations(world: World, client, editor_client):
    _organisations(world, editor_client, "xlsx")


def _programme_report(world: World, editor_client, export: str):
    response = get(editor_client, "/admin/reports/regionala-serviceprogram/", export=export)
    rows = csv_rows(response) if export == "csv" else xlsx_rows(response)
    assert_safe_table(rows, expected={"Län": cell(SHORT)})


def channel_csv_programme_report(world: World, client, editor_client):
    _programme_report(world, editor_client, "csv")


def channel_xlsx_programme_report(world: World, client, editor_client):
    _programme_report(world, editor_client, "xlsx")


def _follow_report(world: World, editor_client, export: str):
    response = get(editor_client, "/admin/reports/bevakningar/", export=export)
    rows = csv_rows(response) if export == "csv" else xlsx_rows(response)
    assert_safe_table(rows, expected={"Namn": cell(SHORT)})


def channel_csv_follow_report(world: World, client, editor_client):
    _follow_report(world, editor_client, "csv")


def channel_xlsx_follow_report(world: World, client, editor_client):
    _follow_report(world, editor_client, "xlsx")


def _review_due(world: World, editor_client, export: str):
    response = get(editor_client, "/admin/reports/granska-artiklar/", export=export)
    rows = csv_rows(response) if export == "csv" else xlsx_rows(response)
    assert_safe_table(rows, expected={"Titel": cell(world.agency_article.title)})


def channel_csv_review_due(world: World, client, editor_client):
    _review_due(world, editor_client, "csv")


def channel_xlsx_review_due(world: World, client, editor_client):
    _review_due(world, editor_client, "xlsx")


def _participation_report(world: World, editor_client, **params):
    start = (world.event.start - timedelta(days=1)).date().isoformat()
    end = (world.event.start + timedelta(days=1)).date().isoformat()
    return get(editor_client, "/admin/motesplatser/rapport/", start=start, end=end, **params)


def channel_csv_participation_report(world: World, client, editor_client):
    response = _participation_report(world, editor_client, export="csv")
    assert_safe_table(csv_rows(response), expected={"Namn": cell(SHORT)})


def channel_xlsx_participation_report(world: World, client, editor_client):
    response = _participation_report(world, editor_client, export="xlsx")
    assert_safe_table(xlsx_rows(response), expected={"Namn": cell(SHORT)})


def channel_svg_participation_chart(world: World, client, editor_client):
    html = _participation_report(world, editor_client).text
    charts = re.findall(r'<svg[^>]*class="bar-chart__svg".*?</svg>', html, re.DOTALL)
    assert len(charts) == 2
    titles = []
    for chart in charts:
        root = safe_xml(chart)  # well-formed whatever the label
        assert not any(element.tag.endswith(("script", "style")) for element in root.iter())
        assert not any("style" in element.attrib for element in root.iter())
        titles += ["".join(title.itertext()) for title in root.iter(f"{{{SVG}}}title")]
    assert chart_text(SHORT) in titles, "the county's whole name, as the label's tooltip"


def _evaluated(world: World):
    """An evaluation with hostile questions and three hostile answers on the meeting."""
    from core.surveys.models import Questionnaire
    from events.evaluations import emails
    from events.models import EvaluationInvitation, EvaluationResponse

    questionnaire = Questionnaire.objects.create(
        title=SHORT,
        kind=Questionnaire.Kind.EVALUATION,
        intro=LONG,
        questions=[
            ("rating", {"label": SHORT, "required": True}),
            ("single_choice", {"label": f"{SHORT} val", "choices": [SHORT, "Annat"]}),
            ("long_text", {"label": f"{SHORT} text"}),
        ],
    )
    questionnaire = Questionnaire.objects.get(pk=questionnaire.pk)
    rating, choice, text = (question.id for question in questionnaire.question_list)
    event = world.event
    event.evaluation = questionnaire
    event.save_revision().publish()
    for _ in range(3):
        EvaluationResponse.objects.create(
            event=event,
            occurrence_start=event.start,
            questionnaire=questionnaire,
            answers={rating: 3, choice: SHORT, text: LONG},
            submitted_on=timezone.localdate(),
        )
    invitations = [
        EvaluationInvitation.objects.create(
            event=event,
            occurrence_start=event.start,
            registration=event.registrations.get() if n == 0 else None,
            user=world.member,
            sent_at=timezone.now(),
            answered=True,
        )
        for n in range(3)
    ]
    return invitations[0], emails


def channel_email_evaluation(world: World, client, editor_client):
    invitation, emails = _evaluated(world)
    message = emails.queue(invitation, emails.INVITATION)
    assert "<script>alert(1)</script>" in message.subject
    assert "\n" not in message.subject and "&lt;" not in message.subject
    assert SHORT in message.body_text  # the member's name, as typed
    assert "&lt;" not in message.body_text and "&quot;" not in message.body_text


def _evaluation_export(world: World, editor_client, fmt: str) -> list[list]:
    _evaluated(world)
    response = get(editor_client, f"/admin/utvarderingar/{world.event.pk}/", export=fmt)
    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    assert_safe_table(
        rows,
        expected={cell(f"{SHORT} val"): cell(SHORT), cell(f"{SHORT} text"): cell(LONG)},
    )
    return rows


def channel_csv_evaluation(world: World, client, editor_client):
    _evaluation_export(world, editor_client, "csv")


def channel_xlsx_evaluation(world: World, client, editor_client):
    _evaluation_export(world, editor_client, "xlsx")


def channel_svg_evaluation_chart(world: World, client, editor_client):
    _evaluated(world)
    html = get(editor_client, f"/admin/utvarderingar/{world.event.pk}/").text
    assert "<script>alert(1)" not in html
    charts = re.findall(r'<svg[^>]*class="bar-chart__svg".*?</svg>', html, re.DOTALL)
    assert len(charts) == 2
    for chart in charts:
        root = safe_xml(chart)
        assert not any(element.tag.endswith(("script", "style")) for element in root.iter())


# -- RSS and Atom --------------------------------------------------------------------


def _library_feed(world: World, client, kind: str):
    response = get(client, f"/kunskapsbank/flode/{kind}/")
    content = body(response)
    assert b"\x07" not in content and b"\x0b" not in content
    # Markup in the feed is text, so it is compared unsanitised.
    feed = feedparser.parse(content, sanitize_html=False)
    assert not feed.bozo, feed.get("bozo_exception")
    assert plain(feed.feed.title) == neutral(SHORT)
    entries = {plain(entry.title): entry for entry in feed.entries}
    assert set(entries) == {
        neutral(world.member_article.title),
        neutral(world.agency_article.title),
    }
    entry = entries[neutral(world.member_article.title)]
    assert plain(entry.summary) == neutral(LONG)
    assert plain(entry.author) == neutral(SHORT)
    assert neutral(SHORT) in [plain(tag.term) for tag in entry.tags]


def channel_atom_follow_feed(world: World, client, editor_client):
    world.member.interests.set([world.topic])
    Follow.objects.create(user=world.member, county=world.county)
    token = follow_feed_token_regenerate(user=world.member)
    content = body(get(client, f"/mina-sidor/bevakningar/{token}.atom"))
    assert b"\x07" not in content and b"\x0b" not in content
    feed = feedparser.parse(content, sanitize_html=False)
    assert not feed.bozo, feed.get("bozo_exception")
    entries = {plain(entry.title): entry for entry in feed.entries}
    # The agency's article was never published through a revision: it is not new.
    assert set(entries) == {neutral(world.event.title), neutral(world.member_article.title)}
    assert neutral(SHORT) in plain(entries[neutral(world.event.title)].summary)


def channel_email_digest(world: World, client, editor_client):
    world.member.interests.set([world.topic])
    send_digests()
    message = Message.objects.get(kind="members.digest")
    assert TITLE in message.body_text and SHORT in message.body_text
    assert "&lt;" not in message.body_text and "&quot;" not in message.body_text


def channel_rss(world: World, client, editor_client):
    _library_feed(world, client, "rss")


def channel_atom(world: World, client, editor_client):
    _library_feed(world, client, "atom")


# -- Pages: <title>, Open Graph, JSON-LD -----------------------------------------------


class PageHead(HTMLParser):
    """The title, meta properties and scripts of a page, as a browser would read them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.meta: dict[str, str] = {}
        self.scripts: list[tuple[dict, str]] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "property" in attrs:
            self.meta[attrs["property"]] = attrs.get("content", "")
        if tag in ("title", "script"):
            self._in = tag
            if tag == "script":
                self.scripts.append((attrs, ""))

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "script":
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)


def parse_page(response) -> PageHead:
    html = body(response).decode("utf-8")
    assert "<script>alert(1)" not in html
    page = PageHead()
    page.feed(html)
    page.close()
    for attrs, text in page.scripts:
        # Only script files and JSON-LD data blocks; no inline code, no markup from text.
        assert attrs.get("src") or attrs.get("type") == "application/ld+json", attrs
        assert "<" not in text, text
    return page


def channel_html_event(world: World, client, editor_client):
    page = parse_page(get(client, world.event.url))
    assert plain(page.title) == f"{plain(TITLE)} – Mötesplats"
    assert plain(page.meta["og:title"]) == plain(TITLE)
    assert plain(page.meta["og:description"]) == plain(LONG)
    (data,) = [json.loads(text) for attrs, text in page.scripts if attrs.get("type")]
    assert data["name"] == TITLE
    assert data["description"] == LONG
    assert data["location"][0]["address"]["addressRegion"] == SHORT
    assert data["organizer"]["name"] == SHORT


def channel_html_member_article(world: World, client, editor_client):
    page = parse_page(get(client, world.member_article.url))
    assert plain(page.title) == f"{plain(world.member_article.title)} – Mötesplats"


def channel_html_agency_article(world: World, client, editor_client):
    page = parse_page(get(client, world.agency_article.url))
    assert plain(page.title) == f"{plain(world.agency_article.title)} – Mötesplats"


def channel_html_library(world: World, client, editor_client):
    page = parse_page(get(client, "/kunskapsbank/"))
    assert plain(page.title) == f"{plain(SHORT)} – Mötesplats"


def channel_html_contact_directory(world: World, client, editor_client):
    parse_page(get(client, "/regional-samordning/kontaktpersoner/"))


def _comment(world: World):
    """The member's comment (the hostile long text) on the meeting, told to its contact."""
    EventPage.objects.filter(pk=world.event.pk).update(contact_email="kontakt@example.se")
    event = EventPage.objects.get(pk=world.event.pk)
    return post_comment(user=world.member, page=event, body=LONG)


def channel_html_comment(world: World, client, editor_client):
    _comment(world)
    response = get(client, world.event.url)
    parse_page(response)
    html = body(response).decode("utf-8")
    discussion = html[html.index('id="diskussion"') :]
    discussion = discussion[: discussion.index("</section>")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;]]&gt;" in discussion
    # The text's control characters were replaced when it was stored.
    assert "😀 مرحبا שלום\ufffd" in discussion
    assert "<script" not in discussion


def channel_email_comment(world: World, client, editor_client):
    _comment(world)
    message = Message.objects.get(kind="members.comment_new")
    assert plain(representable(LONG.strip())) in plain(message.body_text)
    assert "&lt;" not in message.body_text and "&quot;" not in message.body_text


# -- JSON ----------------------------------------------------------------------------


def channel_json_member_data(world: World, client, editor_client):
    client.force_login(world.member)
    data = json.loads(body(get(client, "/mina-sidor/mina-uppgifter/")))
    assert data["profile"]["first_name"] == SHORT
    assert data["memberships"][0]["organisation"] == SHORT


def channel_json_api_meetings(world: World, client, editor_client):
    """The open-data API carries the texts exactly: JSON escapes what it must."""
    listing = json.loads(body(get(client, "/api/v2/moten/", lan=world.county.slug)))
    [item] = listing["items"]
    detail = json.loads(body(get(client, item["meta"]["detail_url"])))
    for data in (item, detail):
        assert data["title"] == TITLE
        assert data["summary"] == LONG
        assert data["venue_name"] == data["venue_address"] == data["municipality"] == SHORT
        assert data["target_audience"] == data["organiser"] == SHORT
        assert data["county"]["name"] == SHORT
        assert data["topics"] == [{"slug": "fientligt", "name": SHORT}]


def channel_json_api_articles(world: World, client, editor_client):
    listing = json.loads(body(get(client, "/api/v2/artiklar/")))
    by_slug = {item["meta"]["slug"]: item for item in listing["items"]}
    member_article = json.loads(body(get(client, f"/api/v2/artiklar/{world.member_article.pk}/")))
    assert member_article["title"] == TITLE
    assert member_article["summary"] == LONG
    assert member_article["organisation"] == SHORT
    assert member_article["topics"] == [{"slug": "fientligt", "name": SHORT}]
    assert by_slug.keys() == {"medlemmens-erfarenhet", "myndighetens-metodstod"}
    assert by_slug["myndighetens-metodstod"]["title"] == f"{TITLE[:200]} metodstöd"
    assert by_slug["myndighetens-metodstod"]["summary"] == LONG


# -- The programme follow-up ------------------------------------------------------------


def _follow_up(world: World):
    """The hostile county's page with a priority, and its approved follow-up."""
    landing = RegionalCoordinationPage.objects.get()
    priority_id = "7d1e0f5a-0000-4000-8000-000000000001"
    CountyPageFactory(
        parent=landing,
        county=world.county,
        priorities=[
            {"type": "priority", "id": priority_id, "value": {"title": SHORT, "measures": []}}
        ],
    )
    ids = ["7d1e0f5a-0000-4000-8000-00000000000" + digit for digit in "234"]
    form = Questionnaire.objects.create(
        title=SHORT,
        kind=Questionnaire.Kind.FOLLOW_UP,
        questions=[
            {"type": "number", "id": ids[0], "value": {"label": SHORT}},
            {"type": "long_text", "id": ids[1], "value": {"label": SHORT}},
            {"type": "number", "id": ids[2], "value": {"label": SHORT, "per_priority": True}},
        ],
    )
    today = timezone.localdate()
    round_ = FollowUpRound.objects.create(
        year=today.year, questionnaire=form, opens_on=today, closes_on=today
    )
    FollowUpAnswer.objects.create(
        round=round_,
        county=world.county,
        status=FollowUpAnswer.Status.APPROVED,
        answers={ids[0]: 1234, ids[1]: LONG, ids[2]: {priority_id: 7}},
        priorities=[{"key": priority_id, "title": SHORT}],
    )
    return round_


def channel_html_county_key_figures(world: World, client, editor_client):
    round_ = _follow_up(world)
    response = get(client, f"/regional-samordning/{world.county.slug}/")
    parse_page(response)
    html = body(response).decode()
    assert f"Nyckeltal {round_.year}" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def _follow_up_report(world: World, editor_client, export: str):
    _follow_up(world)
    response = get(editor_client, "/admin/uppfoljning/rapport/", export=export)
    rows = csv_rows(response) if export == "csv" else xlsx_rows(response)
    assert_safe_table(rows, expected={"Län": cell(SHORT)})


def channel_csv_follow_up_report(world: World, client, editor_client):
    _follow_up_report(world, editor_client, "csv")


def channel_xlsx_follow_up_report(world: World, client, editor_client):
    _follow_up_report(world, editor_client, "xlsx")


def channel_svg_follow_up_chart(world: World, client, editor_client):
    _follow_up(world)
    html = get(editor_client, "/admin/uppfoljning/rapport/").text
    charts = re.findall(r'<svg[^>]*class="bar-chart__svg".*?</svg>', html, re.DOTALL)
    assert len(charts) == 2
    for chart in charts:
        root = safe_xml(chart)
        assert not any(element.tag.endswith(("script", "style")) for element in root.iter())
        titles = ["".join(title.itertext()) for title in root.iter(f"{{{SVG}}}title")]
        assert chart_text(SHORT) in titles


def channel_json_api_county(world: World, client, editor_client):
    _follow_up(world)
    data = json.loads(body(get(client, "/api/v2/lan/", lan=world.county.slug)))
    (item,) = data["items"]
    assert item["county"]["name"] == SHORT
    assert [priority["title"] for priority in item["priorities"]] == [SHORT]
    (year,) = item["follow_up"]
    number, text, per_priority = year["figures"]
    assert number["question"] == SHORT and number["value"] == 1234
    assert text["value"] == LONG
    assert per_priority["per_priority"][0]["priority"] == SHORT


def channel_json_api_contacts(world: World, client, editor_client):
    data = json.loads(body(get(client, "/api/v2/kontaktpersoner/", ansvar="rsp")))
    (item,) = data["items"]
    assert item["name"] == item["role"] == item["organisation"] == SHORT
    assert item["county"]["name"] == SHORT
    detail = json.loads(body(get(client, f"/api/v2/kontaktpersoner/{world.contact.pk}/")))
    assert detail["name"] == SHORT


def channel_json_comment_data(world: World, client, editor_client):
    _comment(world)
    client.force_login(world.member)
    data = json.loads(body(get(client, "/mina-sidor/mina-uppgifter/")))
    [comment] = data["comments"]
    assert comment["text"] == representable(LONG.strip())
    assert comment["page"] == TITLE


CHANNELS = {
    name.removeprefix("channel_").replace("_", "-"): function
    for name, function in dict(globals()).items()
    if name.startswith("channel_")
}


@pytest.mark.parametrize("channel", sorted(CHANNELS))
def test_channel_carries_hostile_text(channel, world, client, editor_client):
    CHANNELS[channel](world, client, editor_client)
