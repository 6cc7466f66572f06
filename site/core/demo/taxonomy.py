"""Demo topics: the service types and themes of commercial service planning."""

from core.models import Topic

TOPICS = [
    ("dagligvaror", "Dagligvaror", "Groceries", Topic.Kind.SERVICE),
    ("drivmedel", "Drivmedel", "Fuel", Topic.Kind.SERVICE),
    ("apoteksombud", "Apoteksombud", "Pharmacy agents", Topic.Kind.SERVICE),
    (
        "post-och-paketombud",
        "Post- och paketombud",
        "Postal and parcel agents",
        Topic.Kind.SERVICE,
    ),
    (
        "betaltjanster",
        "Betaltjänster och kontanter",
        "Payment services and cash",
        Topic.Kind.SERVICE,
    ),
    ("hemsandning", "Hemsändning", "Home delivery", Topic.Kind.SERVICE),
    ("servicepunkter", "Servicepunkter", "Service points", Topic.Kind.SERVICE),
    ("serviceplanering", "Serviceplanering", "Service planning", Topic.Kind.THEME),
    ("samverkan", "Samverkan", "Collaboration", Topic.Kind.THEME),
    ("finansiering", "Finansiering och stöd", "Funding and support", Topic.Kind.THEME),
    ("digitalisering", "Digitalisering", "Digitalisation", Topic.Kind.THEME),
    ("uppfoljning", "Uppföljning och analys", "Follow-up and analysis", Topic.Kind.THEME),
]


def seed_topics() -> list[Topic]:
    """Create or update the demo topics."""
    return [
        Topic.objects.update_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "kind": kind}
        )[0]
        for slug, name, name_en, kind in TOPICS
    ]
