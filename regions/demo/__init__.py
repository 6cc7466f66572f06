"""Demo content of the regions app: the landing page, 21 county pages and contact persons."""

import unicodedata

from wagtail.models import Locale

from core.models import County, HomePage
from members.models import Organisation
from regions.models import (
    ContactDirectoryPage,
    ContactPerson,
    CountyPage,
    RegionalCoordinationPage,
    Responsibility,
)

from ..followups import demo as follow_up_demo
from .content import CONTACTS, DIRECTORY, LANDING, NATIONAL_CONTACT, PRIORITIES, PROGRAMMES
from .documents import demo_document

PHONE_PREFIX = "070-174 06"


def _publish(page):
    page.save_revision().publish()
    return page


def _landing(home: HomePage) -> RegionalCoordinationPage:
    spec = LANDING["guidelines"]
    fields = {
        "title": LANDING["title"],
        "intro": LANDING["intro"],
        "body": LANDING["body"],
        "show_in_menus": True,
        "guidelines_document": demo_document(
            title=spec["title"], filename=spec["filename"], lines=spec["lines"]
        ),
    }
    page = RegionalCoordinationPage.objects.child_of(home).first()
    if page is None:
        page = home.add_child(instance=RegionalCoordinationPage(slug=LANDING["slug"], **fields))
    for name, value in fields.items():
        setattr(page, name, value)
    return _publish(page)


def _directory(landing: RegionalCoordinationPage) -> ContactDirectoryPage:
    page = ContactDirectoryPage.objects.child_of(landing).first()
    if page is None:
        page = landing.add_child(instance=ContactDirectoryPage(**DIRECTORY))
    page.title, page.intro = DIRECTORY["title"], DIRECTORY["intro"]
    return _publish(page)


def _programme_fields(county: County) -> dict:
    start, end, status, reviewed, analysis, priority_indexes = PROGRAMMES[county.code]
    period = f"{start}–{end}"
    document = demo_document(
        title=f"Regionalt serviceprogram för {county.name} {period}",
        filename=f"rsp-{county.slug}.pdf",
        lines=["Demodokument för Mötesplats.", analysis],
    )
    return {
        "title": county.name,
        "programme_start_year": start,
        "programme_end_year": end,
        "programme_status": status,
        "last_reviewed": reviewed,
        "analysis_summary": f"<p>{analysis}</p>",
        "priorities": [("priority", PRIORITIES[index]) for index in priority_indexes],
        "programme_document": document,
    }


def _county_pages(landing: RegionalCoordinationPage) -> list[CountyPage]:
    existing = {page.county_id: page for page in CountyPage.objects.child_of(landing)}
    pages = []
    for county in County.objects.all():
        fields = _programme_fields(county)
        page = existing.get(county.pk)
        if page is None:
            page = landing.add_child(instance=CountyPage(county=county, **fields))
        for name, value in fields.items():
            setattr(page, name, value)
        pages.append(_publish(page))
    return pages


def _email(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return ascii_name.lower().replace(" ", ".") + "@example.se"


def _contacts() -> list[ContactPerson]:
    counties = {county.code: county for county in County.objects.all()}
    responsibilities = {r.code: r for r in Responsibility.objects.all()}
    organisations = {o.name: o for o in Organisation.objects.all()}
    result = []
    for number, (code, name, role, codes, kind) in enumerate(CONTACTS):
        county = counties[code]
        org_name = county.region_body if kind == "region" else f"Länsstyrelsen i {county.name}"
        contact, _ = ContactPerson.objects.update_or_create(
            email=_email(name),
            defaults={
                "name": name,
                "role": role,
                "county": county,
                "organisation": organisations.get(org_name),
                "organisation_name": org_name,
                "phone": f"{PHONE_PREFIX} {10 + number:02d}",
            },
        )
        contact.responsibilities.set([responsibilities[c] for c in codes])
        result.append(contact)
    name, role, org_name = NATIONAL_CONTACT
    national, _ = ContactPerson.objects.update_or_create(
        email=_email(name),
        defaults={
            "name": name,
            "role": role,
            "county": None,
            "organisation": organisations.get(org_name),
            "organisation_name": org_name,
            "phone": f"{PHONE_PREFIX} 99",
        },
    )
    return [*result, national]


def seed(stdout) -> None:
    """Create or update the regional coordination pages and contact persons."""
    home = HomePage.objects.get(locale=Locale.get_default())
    landing = _landing(home)
    directory = _directory(landing)
    county_pages = _county_pages(landing)
    contacts = _contacts()
    stdout.write(
        f"regions: {landing.url}, {len(county_pages)} county pages, "
        f"{len(contacts)} contact persons ({directory.url})."
    )
    follow_up_demo.seed(stdout)
