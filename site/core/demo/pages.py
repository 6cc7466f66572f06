"""Demo pages: the home page, about, accessibility statement, privacy policy and open data, in Swedish and English."""

from urllib.parse import urlsplit

from django.conf import settings

from wagtail.models import Locale, Page, Site

from core.models import HomePage, OpenDataPage, SiteFooter, StandardPage


def _paragraphs(*texts: str) -> list[tuple[str, str]]:
    return [("paragraph", f"<p>{text}</p>") for text in texts]


HOME_SV = {
    "title": "Mötesplats för kommersiell service",
    "intro": (
        "<p>Här möts regionernas organisationer som planerar kommersiell service i "
        "serviceglesa områden. Hitta nätverksträffar, prenumerera på kalendern och ta del "
        "av metodstöd och andras erfarenheter.</p>"
    ),
}
HOME_EN = {
    "title": "Meeting place for commercial service",
    "intro": (
        "<p>The regional organisations that plan commercial service in sparsely served "
        "areas meet here. Find network meetings, subscribe to the calendar and read method "
        "support and other regions' experience.</p>"
    ),
}

STANDARD_PAGES = [
    {
        "slug": "om-motesplats",
        "show_in_menus": True,
        "sv": {
            "title": "Om Mötesplats",
            "intro": "Mötesplats är Tillväxtverkets plattform för regional samordning av kommersiell service.",
            "body": _paragraphs(
                "Dagligvarubutiker, drivmedel, apoteks- och paketombud och tillgång till "
                "kontanter är grunden för att människor och företag ska kunna bo och verka på "
                "landsbygden. Länen planerar servicen i sina regionala serviceprogram.",
                "På Mötesplats samlar vi nätverksträffar, konferenser och webbinarier för dem "
                "som arbetar med serviceplanering, och en kunskapsbank där regionerna delar "
                "metoder och erfarenheter.",
            ),
        },
        "en": {
            "title": "About Mötesplats",
            "intro": "Mötesplats is the Swedish Agency for Economic and Regional Growth's platform for regional coordination of commercial service.",
            "body": _paragraphs(
                "Grocery shops, fuel, pharmacy and parcel agents and access to cash are what "
                "lets people and businesses live and work in rural Sweden. Each county plans "
                "this service in its regional service programme.",
            ),
        },
    },
    {
        "slug": "tillganglighetsredogorelse",
        "show_in_menus": False,
        "sv": {
            "title": "Tillgänglighetsredogörelse",
            "intro": "Tillväxtverket står bakom Mötesplats och vill att så många som möjligt ska kunna använda webbplatsen.",
            "body": [
                ("heading", {"text": "Hur tillgänglig är webbplatsen?", "level": "h2"}),
                *_paragraphs(
                    "Webbplatsen är byggd för att uppfylla WCAG 2.1 på nivå AA enligt lagen "
                    "om tillgänglighet till digital offentlig service. Varje sidtyp testas "
                    "automatiskt för tillgänglighet och giltig HTML innan en ändring publiceras.",
                ),
                ("heading", {"text": "Kontakta oss om du hittar brister", "level": "h2"}),
                *_paragraphs(
                    "Upplever du problem med innehållet eller funktionerna, eller behöver du "
                    "innehåll i ett annat format? Kontakta oss via e-postadressen i sidfoten.",
                ),
                ("heading", {"text": "Kontakta tillsynsmyndigheten", "level": "h2"}),
                *_paragraphs(
                    "Myndigheten för digital förvaltning (Digg) har ansvaret för tillsyn över "
                    "lagen om tillgänglighet till digital offentlig service. Om du inte är nöjd "
                    "med hur vi hanterar dina synpunkter kan du kontakta Digg.",
                ),
            ],
        },
        "en": {
            "title": "Accessibility statement",
            "intro": "The Swedish Agency for Economic and Regional Growth runs Mötesplats and wants as many people as possible to be able to use it.",
            "body": _paragraphs(
                "The site is built to meet WCAG 2.1 level AA. Please contact us at the e-mail "
                "address in the footer if you find a problem.",
            ),
        },
    },
    {
        "slug": "personuppgiftspolicy",
        "show_in_menus": False,
        "sv": {
            "title": "Personuppgiftspolicy",
            "intro": "Så behandlar vi dina personuppgifter när du är medlem på Mötesplats.",
            "body": [
                ("heading", {"text": "Vilka uppgifter sparar vi?", "level": "h2"}),
                *_paragraphs(
                    "Vi sparar namn, e-postadress, organisation och de uppgifter du själv lämnar "
                    "i din profil och i anmälningar till träffar.",
                ),
                ("heading", {"text": "Dina rättigheter", "level": "h2"}),
                *_paragraphs(
                    "Du kan när som helst ladda ner dina uppgifter eller radera ditt konto under "
                    "Mina sidor. Konton som aldrig verifieras raderas automatiskt.",
                ),
            ],
        },
        "en": {
            "title": "Privacy policy",
            "intro": "How we handle your personal data as a member of Mötesplats.",
            "body": _paragraphs(
                "We store your name, e-mail address, organisation and what you enter in your "
                "profile and registrations. You can download or delete your data at any time.",
            ),
        },
    },
]

OPEN_DATA = {
    "slug": "oppna-data",
    "sv": {
        "title": "Öppna data",
        "intro": (
            "Möten, kunskapsbankens artiklar, länens serviceprogram och kontaktpersoner finns "
            "som öppna data. Använd dem fritt i egna webbplatser, appar och analyser."
        ),
        "body": _paragraphs(
            "Tillväxtverket publicerar uppgifterna enligt lagen om den offentliga sektorns "
            "tillhandahållande av data. Har du frågor eller vill du rapportera ett fel i "
            "datan är du välkommen att kontakta oss.",
        ),
    },
    "en": {
        "title": "Open data",
        "intro": (
            "Meetings, the library's articles, the counties' service programmes and contact "
            "persons are available as open data. Use them freely in your own sites, apps and "
            "analyses."
        ),
        "body": _paragraphs(
            "The Swedish Agency for Economic and Regional Growth publishes the data under the "
            "Swedish open data act. Please contact us with questions or to report an error.",
        ),
    },
}


def _save(page: Page) -> Page:
    page.save_revision().publish()
    return page


def _update(page: Page, fields: dict) -> Page:
    for name, value in fields.items():
        setattr(page, name, value)
    return _save(page)


def _home_pages() -> tuple[HomePage, HomePage]:
    """The Swedish home page at the site root and its English translation."""
    sv = Locale.objects.get(language_code="sv")
    en, _ = Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(locale=sv).first()
    if home is None:
        home = root.add_child(instance=HomePage(slug="start", locale=sv, **HOME_SV))
        site = Site.objects.filter(is_default_site=True).first()
        old_root = site.root_page if site else None
        Site.objects.update_or_create(
            is_default_site=True, defaults={"root_page": home, "site_name": "Mötesplats"}
        )
        if old_root and not isinstance(old_root.specific, HomePage):
            old_root.delete()
    site_url = urlsplit(settings.SITE_URL)
    Site.objects.filter(is_default_site=True).update(
        hostname=site_url.hostname or "localhost",
        port=site_url.port or (443 if site_url.scheme == "https" else 80),
    )
    _update(home, HOME_SV)
    home_en = home.get_translation_or_none(en) or home.copy_for_translation(en)
    _update(home_en, HOME_EN)
    return home, home_en


def seed_pages() -> list[Page]:
    """Create or update the demo pages and footer settings; return every page touched."""
    home, home_en = _home_pages()
    result = [home, home_en]
    by_slug = {}
    for spec in STANDARD_PAGES:
        page = StandardPage.objects.child_of(home).filter(slug=spec["slug"]).first()
        if page is None:
            page = home.add_child(instance=StandardPage(slug=spec["slug"], **spec["sv"]))
        _update(page, {**spec["sv"], "show_in_menus": spec["show_in_menus"]})
        translation = page.get_translation_or_none(home_en.locale) or page.copy_for_translation(
            home_en.locale
        )
        _update(translation, {**spec["en"], "show_in_menus": spec["show_in_menus"]})
        by_slug[spec["slug"]] = page
        result += [page, translation]

    open_data = OpenDataPage.objects.child_of(home).first()
    if open_data is None:
        open_data = home.add_child(
            instance=OpenDataPage(slug=OPEN_DATA["slug"], **OPEN_DATA["sv"])
        )
    _update(open_data, OPEN_DATA["sv"])
    open_data_en = open_data.get_translation_or_none(
        home_en.locale
    ) or open_data.copy_for_translation(home_en.locale)
    _update(open_data_en, OPEN_DATA["en"])
    result += [open_data, open_data_en]

    footer = SiteFooter.for_site(Site.objects.get(is_default_site=True))
    footer.contact_email = "motesplats@tillvaxtverket.se"
    footer.contact_phone = "08-681 91 00"
    footer.contact_text = (
        "<p>Tillväxtverket, enheten för regional samordning av kommersiell service.</p>"
    )
    footer.accessibility_page = by_slug["tillganglighetsredogorelse"]
    footer.privacy_page = by_slug["personuppgiftspolicy"]
    footer.save()
    return result
