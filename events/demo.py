"""Demo meetings: a year of network meetings, webinars and conferences across counties.

Dates are relative to the Monday of the current week, so that the demo always has
past and upcoming meetings; the recurring digital series is placed so that it
crosses the next daylight-saving change.
"""

from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from wagtail.documents.models import Document
from wagtail.models import Locale

from core.models import County, HomePage, Topic
from events.models import (
    EventDocument,
    EventExceptionDate,
    EventExtraDate,
    EventIndexPage,
    EventPage,
)
from events.recurrence import STOCKHOLM
from members.models import Organisation

INDEX = {
    "title": "Mötesplatser",
    "slug": "motesplatser",
    "intro": (
        "<p>Nätverksträffar, konferenser och webbinarier för er som planerar kommersiell "
        "service i serviceglesa områden. Filtrera på län, ämne och form, eller prenumerera "
        "på kalendern så ser du mötena i din egen kalender.</p>"
    ),
}


def _next_dst_change(today: date) -> date:
    """The next last Sunday of March or October on or after today."""
    candidates = []
    for year in (today.year, today.year + 1):
        for month in (3, 10):
            day = date(year, month, 31)
            candidates.append(day - timedelta(days=(day.weekday() + 1) % 7))
    return min(day for day in candidates if day >= today)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=STOCKHOLM)


def _weekday_on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _first_weekday_of_month(year: int, month: int, weekday: int) -> date:
    return _weekday_on_or_after(date(year, month, 1), weekday)


def _paragraphs(*texts: str) -> list[tuple[str, str]]:
    return [("paragraph", f"<p>{text}</p>") for text in texts]


def _document() -> Document:
    title = "Inbjudan till nationella konferensen om kommersiell service"
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title)
        document.file.save(
            "inbjudan-konferens-kommersiell-service.txt",
            ContentFile(
                "Välkommen till den nationella konferensen om kommersiell service i "
                "serviceglesa områden. Programmet finns på konferensens sida.\n".encode()
            ),
        )
    return document


def _meetings(monday: date, today: date) -> list[dict]:
    """The demo meetings as field dictionaries, keyed by slug."""
    dst = _next_dst_change(monday)
    # Every second Tuesday, starting four weeks before the DST change.
    series_start = _weekday_on_or_after(dst - timedelta(days=28), 1)
    conference_day = _weekday_on_or_after(monday + timedelta(days=70), 1)
    first_thursday = _first_weekday_of_month(
        (monday + timedelta(days=31)).year, (monday + timedelta(days=31)).month, 3
    )
    return [
        {
            "slug": "digitalt-kafe-serviceplanering",
            "title": "Digitalt kafé om serviceplanering",
            "summary": "En öppen stund för frågor och tips mellan kollegor som arbetar med serviceplanering. Ingen anmälan behövs.",
            "start": _at(today, 15, 0),
            "end": _at(today, 16, 0),
            "format": EventPage.Format.DIGITAL,
            "online_link": "https://mote.example.se/kafe",
            "organiser": "Tillväxtverket",
            "topics": ["serviceplanering"],
        },
        {
            "slug": "digitalt-natverksmote-rsp",
            "title": "Digitalt nätverksmöte för RSP-samordnare",
            "summary": "Varannan tisdag träffas länens samordnare för regionala serviceprogram digitalt för att dela lägesbilder och stämma av aktuella frågor.",
            "start": _at(series_start, 10),
            "end": _at(series_start, 11, 30),
            "repeat_frequency": EventPage.Frequency.WEEKLY,
            "repeat_interval": 2,
            "repeat_count": 8,
            "format": EventPage.Format.DIGITAL,
            "online_link": "https://mote.example.se/rsp-natverk",
            "online_code": "123 456 789",
            "organiser": "Tillväxtverket",
            "topics": ["serviceplanering", "samverkan"],
            "target_audience": "Samordnare och handläggare för regionala serviceprogram",
            "contact": ("Karin Lindqvist", "karin.lindqvist@example.se", "08-681 91 00"),
            "excluded": [series_start + timedelta(days=28)],
            "extra": [(series_start + timedelta(days=30), time(13, 0))],
            "body": _paragraphs(
                "Mötet är en stående punkt för alla som arbetar med regionala serviceprogram. Vi börjar med en kort runda där varje län berättar om läget, och fördjupar oss sedan i ett tema.",
                "Ett tillfälle är flyttat till en torsdag eftermiddag på grund av en krock med en nationell konferens.",
            ),
        },
        {
            "slug": "nationell-konferens-kommersiell-service",
            "title": "Nationell konferens om kommersiell service",
            "summary": "Två dagar om hur vi tryggar tillgången till dagligvaror, drivmedel och betaltjänster i hela landet. Delta på plats i Stockholm eller digitalt.",
            "start": _at(conference_day, 9, 30),
            "end": _at(conference_day + timedelta(days=1), 15, 0),
            "format": EventPage.Format.HYBRID,
            "venue_name": "Tillväxtverket, konferenscenter",
            "venue_address": "Götgatan 74",
            "municipality": "Stockholm",
            "county": "stockholms-lan",
            "latitude": "59.311400",
            "longitude": "18.072900",
            "online_link": "https://mote.example.se/konferens",
            "organiser": "Tillväxtverket",
            "topics": ["dagligvaror", "betaltjanster", "serviceplanering", "finansiering"],
            "target_audience": "Regioner, länsstyrelser, kommuner och andra som arbetar med service på landsbygden",
            "contact": ("Anders Berg", "anders.berg@example.se", "08-681 91 00"),
            "document": True,
            "programme": [
                ("day", {"heading": "Dag 1"}),
                (
                    "item",
                    {
                        "start_time": time(9, 30),
                        "end_time": time(10, 0),
                        "title": "Registrering och kaffe",
                        "speakers": "",
                        "description": "",
                    },
                ),
                (
                    "item",
                    {
                        "start_time": time(10, 0),
                        "end_time": time(10, 45),
                        "title": "Läget för kommersiell service i Sverige",
                        "speakers": "Tillväxtverket",
                        "description": "En genomgång av den senaste uppföljningen av de regionala serviceprogrammen.",
                    },
                ),
                (
                    "item",
                    {
                        "start_time": time(11, 0),
                        "end_time": time(12, 0),
                        "title": "Så fick byn behålla sin butik",
                        "speakers": "Region Norrbotten och Arjeplogs kommun",
                        "description": "Erfarenheter av investeringsstöd och driftstöd till en landsbygdsbutik.",
                    },
                ),
                (
                    "item",
                    {
                        "start_time": time(13, 0),
                        "end_time": time(16, 0),
                        "title": "Workshoppar",
                        "speakers": "",
                        "description": "Välj mellan servicepunkter, hemsändning och kontanttjänster.",
                    },
                ),
                ("day", {"heading": "Dag 2"}),
                (
                    "item",
                    {
                        "start_time": time(9, 0),
                        "end_time": time(11, 30),
                        "title": "Digitalisering av servicen",
                        "speakers": "Hela Sverige ska leva",
                        "description": "",
                    },
                ),
                (
                    "item",
                    {
                        "start_time": time(13, 0),
                        "end_time": time(15, 0),
                        "title": "Sammanfattning och nästa steg",
                        "speakers": "Tillväxtverket",
                        "description": "",
                    },
                ),
            ],
        },
        {
            "slug": "natverkstraff-norrbotten-dagligvaror",
            "title": "Nätverksträff i Norrbotten om dagligvaror i glesbygd",
            "summary": "Hur håller vi liv i de sista butikerna i inlandet? Länets kommuner och Region Norrbotten delar erfarenheter.",
            "start": _at(monday + timedelta(days=16), 9, 0),
            "end": _at(monday + timedelta(days=16), 15, 0),
            "format": EventPage.Format.ON_SITE,
            "venue_name": "Kulturens hus",
            "venue_address": "Skeppsbrogatan 17",
            "municipality": "Luleå",
            "county": "norrbottens-lan",
            "latitude": "65.584500",
            "longitude": "22.154700",
            "organiser": "Region Norrbotten",
            "topics": ["dagligvaror", "servicepunkter"],
            "target_audience": "Kommuner och regionala aktörer i Norrbottens län",
            "contact": ("Maria Nilsson", "maria.nilsson@example.se", "0920-100 00"),
        },
        {
            "slug": "apoteksombud-jamtland",
            "title": "Träff om apoteksombud i Jämtland",
            "summary": "Erfarenhetsutbyte om apoteksombud och läkemedelsnära tjänster i glesbygd.",
            "start": _at(monday + timedelta(days=23), 13, 0),
            "end": _at(monday + timedelta(days=23), 16, 0),
            "format": EventPage.Format.ON_SITE,
            "venue_name": "Regionens hus",
            "venue_address": "Kyrkgatan 12",
            "municipality": "Östersund",
            "county": "jamtlands-lan",
            "organiser": "Region Jämtland Härjedalen",
            "topics": ["apoteksombud"],
            "status": EventPage.Status.CANCELLED,
            "status_reason": "Träffen är inställd på grund av för få anmälda. Ämnet tas upp på den nationella konferensen i stället.",
            "contact": ("Erik Sjöberg", "erik.sjoberg@example.se", ""),
        },
        {
            "slug": "workshop-hemsandning-varmland",
            "title": "Workshop om hemsändning i Värmland",
            "summary": "Hur kan hemsändningsbidraget användas bättre? En workshop för kommunernas handläggare.",
            "start": _at(monday + timedelta(days=37), 9, 0),
            "end": _at(monday + timedelta(days=37), 12, 0),
            "format": EventPage.Format.HYBRID,
            "venue_name": "Region Värmland",
            "venue_address": "Fredsgatan 4",
            "municipality": "Karlstad",
            "county": "varmlands-lan",
            "organiser": "Region Värmland",
            "topics": ["hemsandning", "finansiering"],
            "status": EventPage.Status.POSTPONED,
            "status_reason": "Workshopen flyttas till våren. Nytt datum meddelas här.",
        },
        {
            "slug": "handlaggartraff-gotland",
            "title": "Handläggarträff på Gotland",
            "summary": "Två dagar för länsstyrelsernas handläggare av investeringsstöd, med studiebesök på servicepunkter på norra Gotland.",
            "start": _at(monday + timedelta(days=50), 0, 0),
            "end": _at(monday + timedelta(days=51), 0, 0),
            "all_day": True,
            "format": EventPage.Format.ON_SITE,
            "venue_name": "Almedalsbiblioteket",
            "venue_address": "Cramérgatan 5",
            "municipality": "Visby",
            "county": "gotlands-lan",
            "latitude": "57.641700",
            "longitude": "18.290400",
            "organiser": "Region Gotland",
            "topics": ["servicepunkter", "finansiering"],
            "target_audience": "Handläggare på länsstyrelser",
        },
        {
            "slug": "webbinarium-kontanter-betaltjanster",
            "title": "Webbinarium: kontanter och betaltjänster på landsbygden",
            "summary": "Vad betyder förändringarna i kontanthanteringen för landsbygdens invånare och företag?",
            "start": _at(monday + timedelta(days=9), 14, 0),
            "end": _at(monday + timedelta(days=9), 15, 0),
            "format": EventPage.Format.DIGITAL,
            "online_link": "https://mote.example.se/kontanter",
            "organiser": "Tillväxtverket",
            "topics": ["betaltjanster", "digitalisering"],
        },
        {
            "slug": "fragestund-investeringsstod",
            "title": "Frågestund om investeringsstöd",
            "summary": "Första torsdagen varje månad svarar Tillväxtverket på frågor om investeringsstöd och driftstöd.",
            "start": _at(first_thursday, 9, 0),
            "end": _at(first_thursday, 10, 0),
            "repeat_frequency": EventPage.Frequency.MONTHLY,
            "repeat_monthly_by": EventPage.MonthlyBy.WEEKDAY,
            "repeat_until": first_thursday + timedelta(days=150),
            "format": EventPage.Format.DIGITAL,
            "online_link": "https://mote.example.se/fragestund",
            "organiser": "Tillväxtverket",
            "topics": ["finansiering"],
        },
        {
            "slug": "servicepunkter-dalarna",
            "title": "Servicepunkter i Dalarna – så går vi vidare",
            "summary": "Länets kommuner går igenom utvärderingen av servicepunkterna och planerar nästa år.",
            "start": _at(monday + timedelta(days=120), 10, 0),
            "end": _at(monday + timedelta(days=120), 15, 0),
            "format": EventPage.Format.HYBRID,
            "venue_name": "Falu kommun, Stadshuset",
            "venue_address": "Slaggatan 2",
            "municipality": "Falun",
            "county": "dalarnas-lan",
            "topics": ["servicepunkter", "uppfoljning"],
        },
        {
            "slug": "natverkstraff-vasterbotten",
            "title": "Nätverksträff i Västerbotten om drivmedel",
            "summary": "Hur tryggar vi tillgången till drivmedel när de små stationerna stänger?",
            "start": _at(monday - timedelta(days=40), 9, 30),
            "end": _at(monday - timedelta(days=40), 15, 0),
            "format": EventPage.Format.ON_SITE,
            "venue_name": "Folkets hus",
            "venue_address": "Storgatan 46",
            "municipality": "Lycksele",
            "county": "vasterbottens-lan",
            "topics": ["drivmedel"],
        },
        {
            "slug": "uppfoljningsseminarium",
            "title": "Seminarium om årets uppföljning av serviceprogrammen",
            "summary": "Tillväxtverket presenterar den årliga uppföljningen av de regionala serviceprogrammen.",
            "start": _at(monday - timedelta(days=90), 10, 0),
            "end": _at(monday - timedelta(days=90), 12, 0),
            "format": EventPage.Format.DIGITAL,
            "organiser": "Tillväxtverket",
            "topics": ["uppfoljning", "serviceplanering"],
        },
        {
            "slug": "studieresa-smaland",
            "title": "Studieresa till Småland: butiker som mötesplatser",
            "summary": "Tre dagar med besök i landsbygdsbutiker som har blivit bygdens servicepunkt.",
            "start": _at(monday + timedelta(days=200), 10, 0),
            "end": _at(monday + timedelta(days=202), 14, 0),
            "format": EventPage.Format.ON_SITE,
            "venue_name": "Samling vid Växjö station",
            "venue_address": "Norra Järnvägsgatan 2",
            "municipality": "Växjö",
            "county": "kronobergs-lan",
            "topics": ["dagligvaror", "servicepunkter", "samverkan"],
        },
    ]


def _index(home: HomePage) -> EventIndexPage:
    index = EventIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(instance=EventIndexPage(**INDEX, show_in_menus=True))
    for name, value in INDEX.items():
        setattr(index, name, value)
    index.show_in_menus = True
    index.save_revision().publish()
    return index


def seed_events() -> list[EventPage]:
    """Create or update the index and the demo meetings; return the meetings."""
    home = HomePage.objects.get(locale=Locale.objects.get(language_code="sv"), depth=2)
    index = _index(home)
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    counties = {county.slug: county for county in County.objects.all()}
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    organisations = {
        organisation.name: organisation for organisation in Organisation.objects.all()
    }
    result = []
    for spec in _meetings(monday, today):
        spec = dict(spec)
        slug = spec.pop("slug")
        page = EventPage.objects.child_of(index).filter(slug=slug).first()
        topic_slugs = spec.pop("topics", [])
        contact = spec.pop("contact", ("", "", ""))
        excluded = spec.pop("excluded", [])
        extra = spec.pop("extra", [])
        with_document = spec.pop("document", False)
        spec["county"] = counties.get(spec.pop("county", None))
        spec["organiser"] = organisations.get(spec.pop("organiser", None))
        spec["contact_name"], spec["contact_email"], spec["contact_phone"] = contact
        if page is None:
            page = index.add_child(instance=EventPage(slug=slug, **spec))
        for name, value in spec.items():
            setattr(page, name, value)
        page.topics = [topics[slug] for slug in topic_slugs if slug in topics]
        page.excluded_dates = [EventExceptionDate(date=day) for day in excluded]
        page.extra_dates = [EventExtraDate(date=day, time=clock) for day, clock in extra]
        page.documents = [EventDocument(document=_document())] if with_document else []
        page.save_revision().publish()
        result.append(page)
    return result


def seed(stdout) -> None:
    """Create or update the demo meetings."""
    from .evaluations.demo import seed_evaluation
    from .registration.demo import seed_registrations

    events = seed_events()
    stdout.write(f"events: {len(events)} meetings under /motesplatser/.")
    created = seed_registrations(events)
    stdout.write(f"events: registration open on three meetings, {created} new registrations.")
    invited = seed_evaluation(events)
    stdout.write(f"events: an evaluation on a past meeting, {invited} new invitations.")
