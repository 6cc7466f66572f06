"""Demo content of the knowledge library: the kunskapsbank and articles of every kind.

The articles are written for this project; names of places and organisations are
real, the figures and experiences are illustrative.
"""

import datetime
import io

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Workflow, WorkflowPage

from PIL import Image, ImageDraw

from core.models import County, HomePage, Topic
from events.models import EventPage
from members.discussion import demo as discussion_demo
from members.models import Organisation, User

from .models import ArticleAttachment, ArticleAuthor, ArticleKind, ArticlePage, LibraryIndexPage
from .services import REVIEW_WORKFLOW_NAME, SWEDISH_LETTERS

LIBRARY = {
    "title": "Kunskapsbank",
    "intro": (
        "<p>Metodstöd, riktlinjer och uppföljningar från Tillväxtverket, och erfarenheter "
        "från regionernas arbete med kommersiell service i serviceglesa områden. Filtrera på "
        "sort, ämne, län och år, eller prenumerera på ett flöde.</p>"
    ),
}


def _p(*texts: str) -> list[tuple[str, str]]:
    return [("paragraph", f"<p>{text}</p>") for text in texts]


def _h(text: str) -> tuple[str, dict]:
    return ("heading", {"text": text, "level": "h2"})


def _fact(title: str, text: str) -> tuple[str, dict]:
    return ("fact_box", {"title": title, "text": f"<p>{text}</p>"})


def _quote(quote: str, source: str) -> tuple[str, dict]:
    return ("quote", {"quote": quote, "source": source})


def _table(caption: str, header: list[str], rows: list[list[str]]) -> tuple[str, dict]:
    return (
        "table",
        {
            "data": [header, *rows],
            "first_row_is_table_header": True,
            "first_col_is_header": True,
            "table_caption": caption,
        },
    )


def _follow_up(county: str, year: int, stores: int, points: int, note: str) -> dict:
    """An annual follow-up of one county's regional service programme."""
    return {
        "slug": slugify(f"uppfoljning rsp {county} {year}".lower().translate(SWEDISH_LETTERS)),
        "title": f"Uppföljning av regionalt serviceprogram {county} {year}",
        "kind": ArticleKind.FOLLOW_UP,
        "date": datetime.date(year + 1, 3, 15),
        "summary": f"Årlig uppföljning av hur {county} har genomfört sitt regionala serviceprogram under {year}: stöd, servicepunkter och samverkan med kommunerna.",
        "topics": ["uppfoljning", "serviceplanering", "servicepunkter"],
        "counties": [county],
        "organisation": "Tillväxtverket",
        "body": [
            _h("Sammanfattning"),
            *_p(
                f"Under {year} fortsatte arbetet med det regionala serviceprogrammet. {note}",
                "Uppföljningen bygger på länets egen rapportering till Tillväxtverket och på "
                "statistik över beviljade stöd till kommersiell service.",
            ),
            _table(
                f"Nyckeltal för {county} {year}",
                ["Mått", "Antal"],
                [
                    ["Dagligvarubutiker med investeringsstöd", str(stores)],
                    ["Servicepunkter i drift", str(points)],
                    ["Kommuner med serviceplan", str(max(2, points // 2))],
                ],
            ),
            _h("Fortsatt arbete"),
            *_p(
                "Länet planerar att fördjupa samverkan med kommunerna om hemsändning och att "
                "följa upp hur servicepunkterna används."
            ),
        ],
    }


ARTICLES = [
    {
        "slug": "riktlinjer-for-regionala-serviceprogram-2014-2018",
        "title": "Riktlinjer för framtagande och genomförande av regionala serviceprogram 2014–2018",
        "kind": ArticleKind.GUIDELINE,
        "date": datetime.date(2013, 11, 20),
        "reviewed": datetime.date(2023, 1, 10),
        "summary": "Tillväxtverkets riktlinjer, framtagna 2013 på uppdrag av regeringen, för hur länen tar fram och genomför sina regionala serviceprogram.",
        "topics": ["serviceplanering", "samverkan", "finansiering"],
        "counties": [],
        "organisation": "Tillväxtverket",
        "attachment": "Riktlinjer för regionala serviceprogram 2014–2018",
        "body": [
            _h("Syftet med regionala serviceprogram"),
            *_p(
                "Ett regionalt serviceprogram (RSP) samordnar insatser och aktörer i arbetet med "
                "att främja tillgänglighet till kommersiell och viss offentlig service i länet.",
                "Programmet bygger på en analys av länets förutsättningar och är grunden för hur "
                "länet prioriterar stöd till kommersiell service.",
            ),
            _fact(
                "Detta ska ett RSP innehålla",
                "En analys av servicesituationen, mål för perioden, prioriterade insatser, en plan "
                "för samverkan med kommunerna och en beskrivning av hur arbetet följs upp.",
            ),
            _h("Samverkan"),
            *_p(
                "Arbetet med RSP ska samverka med den regionala utvecklingsstrategin och med "
                "genomförandet av landsbygdsprogrammet. Kommunerna är viktiga parter, bland annat "
                "genom sina kommunala serviceplaner."
            ),
        ],
    },
    {
        "slug": "metodstod-kommunal-serviceplan",
        "title": "Metodstöd: så tar kommunen fram en serviceplan",
        "kind": ArticleKind.METHOD_SUPPORT,
        "date": datetime.date(2024, 2, 12),
        "reviewed": datetime.date(2025, 2, 1),
        "summary": "En arbetsgång i fem steg för kommuner som vill ta fram en kommunal serviceplan, från kartläggning av butiker och ombud till beslut och uppföljning.",
        "topics": ["serviceplanering", "samverkan"],
        "counties": [],
        "organisation": "Tillväxtverket",
        "attachment": "Mall för kommunal serviceplan",
        "body": [
            *_p(
                "En kommunal serviceplan beskriver var i kommunen det finns butiker, drivmedel, "
                "apoteksombud och paketombud, och vad kommunen gör för att servicen ska finnas kvar."
            ),
            _h("Fem steg"),
            (
                "paragraph",
                "<ol><li>Kartlägg servicen och avstånden till den.</li>"
                "<li>Tala med handlare och ombud om deras situation.</li>"
                "<li>Identifiera sårbara orter.</li>"
                "<li>Besluta om insatser och vem som ansvarar.</li>"
                "<li>Följ upp varje år.</li></ol>",
            ),
            _quote(
                "Kartläggningen gav oss för första gången en gemensam bild av servicen i hela kommunen.",
                "Serviceplanerare i en inlandskommun",
            ),
        ],
    },
    {
        "slug": "metodstod-analys-av-tillganglighet",
        "title": "Metodstöd: analysera tillgänglighet till dagligvaror och drivmedel",
        "kind": ArticleKind.METHOD_SUPPORT,
        "date": datetime.date(2025, 4, 7),
        "summary": "Hur länet kan använda restidsberäkningar och befolkningsdata för att hitta områden där det är långt till närmaste dagligvarubutik eller drivmedelsstation.",
        "topics": ["dagligvaror", "drivmedel", "uppfoljning"],
        "counties": [],
        "organisation": "Tillväxtverket",
        "body": [
            *_p(
                "Restid med bil till närmaste butik är ett enkelt och jämförbart mått. Kombinerat "
                "med befolkningsdata visar det hur många som bor långt från service.",
            ),
            _fact(
                "Tumregel",
                "Mer än 20 minuters restid till närmaste dagligvarubutik räknas ofta som långt.",
            ),
            *_p(
                "Analysen blir bättre om den kompletteras med samtal med handlare, eftersom en "
                "butik kan vara sårbar även om avstånden ser rimliga ut."
            ),
        ],
    },
    {
        "slug": "hemsandning-i-arjeplog",
        "title": "Hemsändning av dagligvaror i Arjeplog",
        "kind": ArticleKind.EXPERIENCE,
        "date": datetime.date(2024, 10, 3),
        "summary": "Arjeplogs kommun och den lokala butiken kör ut varor till hushåll långt från byn. Så organiserade vi hemsändningen och vad den kostar.",
        "topics": ["hemsandning", "dagligvaror", "finansiering"],
        "counties": ["Norrbottens län"],
        "organisation": "Arjeplogs kommun",
        "author": "medlem@example.se",
        "image": "Skåpbil med matkassar framför en butik i snön",
        "body": [
            *_p(
                "Många hushåll i kommunen har mer än fem mil till närmaste butik. Sedan 2022 kör "
                "butiken ut varor två gånger i veckan med stöd av hemsändningsbidraget.",
            ),
            _h("Så gjorde vi"),
            *_p(
                "Kommunen tog fram rutiner tillsammans med butiken. Beställningar tas emot per "
                "telefon och via sms, och chauffören lämnar också apoteksvaror och paket.",
            ),
            _quote(
                "Utan hemsändningen hade flera av våra äldre kunder fått flytta.",
                "Handlare i Arjeplog",
            ),
            _h("Vad vi har lärt oss"),
            *_p(
                "Hemsändning fungerar bäst när den kombineras med andra ärenden. Bidraget täcker "
                "en del av kostnaden, men butiken behöver också volym för att det ska gå ihop."
            ),
        ],
    },
    {
        "slug": "servicepunkt-i-bygdegarden",
        "title": "En servicepunkt i bygdegården i Härjedalen",
        "kind": ArticleKind.EXPERIENCE,
        "date": datetime.date(2023, 6, 19),
        "summary": "När den sista butiken stängde öppnade byaföreningen en servicepunkt med paketombud, apoteksombud och kaffe. Erfarenheter efter ett år.",
        "topics": ["servicepunkter", "post-och-paketombud", "apoteksombud", "samverkan"],
        "counties": ["Jämtlands län"],
        "organisation": "Region Jämtland Härjedalen",
        "body": [
            *_p(
                "Byaföreningen driver servicepunkten ideellt med ett mindre driftstöd från "
                "regionen. Den är öppen fyra dagar i veckan.",
                "Paketombudet har blivit det viktigaste: nästan alla i byn handlar på nätet.",
            ),
            _fact(
                "Servicepunkten i korthet",
                "Paketombud, apoteksombud, uttag av kontanter, turistinformation och en plats att ses.",
            ),
        ],
    },
    {
        "slug": "kontanter-och-betaltjanster-pa-gotland",
        "title": "Kontanter och betaltjänster på norra Gotland",
        "kind": ArticleKind.EXPERIENCE,
        "date": datetime.date(2025, 1, 28),
        "summary": "Region Gotland kartlade var företag och föreningar kan sätta in dagskassor och hittade en lösning tillsammans med två lanthandlare.",
        "topics": ["betaltjanster", "samverkan"],
        "counties": ["Gotlands län"],
        "organisation": "Region Gotland",
        "body": [
            *_p(
                "Sommarens besöksnäring ger stora kontantflöden, men närmaste insättningsautomat "
                "låg i Visby. Två lanthandlare erbjuder nu insättning av dagskassor.",
                "Lösningen bygger på ett avtal med en betaltjänstleverantör och ett mindre stöd "
                "för säkerhetsutrustning.",
            ),
        ],
    },
    {
        "slug": "drivmedel-vid-lanthandeln-i-varmland",
        "title": "Drivmedel vid lanthandeln: erfarenheter från Värmland",
        "kind": ArticleKind.EXPERIENCE,
        "date": datetime.date(2024, 4, 22),
        "summary": "Tre lanthandlare i norra Värmland fick investeringsstöd för nya drivmedelspumpar. Så gick det, och vad de hade gjort annorlunda.",
        "topics": ["drivmedel", "finansiering", "dagligvaror"],
        "counties": ["Värmlands län"],
        "organisation": "Region Värmland",
        "body": [
            *_p(
                "Drivmedel ger kunder till butiken. När de gamla pumparna behövde bytas sökte "
                "handlarna investeringsstöd via länsstyrelsen.",
                "Alla tre anläggningarna har både bensin och diesel, och en har även HVO.",
            ),
            _h("Råd till andra"),
            *_p(
                "Börja tidigt med tillstånden, räkna med markarbeten och tala med kommunen om "
                "placeringen."
            ),
        ],
    },
    {
        "slug": "rapport-kommersiell-service-i-landsbygder-2024",
        "title": "Rapport: kommersiell service i Sveriges landsbygder 2024",
        "kind": ArticleKind.REPORT,
        "date": datetime.date(2025, 5, 20),
        "summary": "En samlad bild av tillgången till dagligvaror, drivmedel, apoteksombud, paketombud och betaltjänster i serviceglesa områden, med utvecklingen sedan 2019.",
        "topics": ["uppfoljning", "dagligvaror", "drivmedel", "betaltjanster"],
        "counties": [],
        "organisation": "Tillväxtverket",
        "attachment": "Kommersiell service i Sveriges landsbygder 2024",
        "body": [
            *_p(
                "Antalet dagligvarubutiker i glesbygd har minskat något sedan 2019, medan antalet "
                "paketombud har ökat kraftigt.",
            ),
            _table(
                "Förändring 2019–2024 i serviceglesa områden",
                ["Service", "Förändring"],
                [
                    ["Dagligvarubutiker", "−6 procent"],
                    ["Drivmedelsstationer", "−4 procent"],
                    ["Paketombud", "+38 procent"],
                ],
            ),
        ],
    },
    {
        "slug": "rapport-utvardering-av-hemsandningsbidrag",
        "title": "Rapport: utvärdering av hemsändningsbidraget",
        "kind": ArticleKind.REPORT,
        "date": datetime.date(2023, 11, 2),
        "summary": "Hur kommunerna använder hemsändningsbidraget, vilka hushåll som nås och vad som skiljer väl fungerande hemsändning från den som läggs ned.",
        "topics": ["hemsandning", "finansiering", "uppfoljning"],
        "counties": ["Norrbottens län", "Västerbottens län", "Jämtlands län"],
        "organisation": "Tillväxtverket",
        "body": [
            *_p(
                "Utvärderingen bygger på intervjuer med handlare och serviceplanerare i tre län.",
                "Hemsändning som kombineras med andra tjänster, till exempel apoteksvaror, har "
                "bättre förutsättningar att överleva.",
            ),
        ],
    },
    _follow_up(
        "Norrbottens län",
        2023,
        7,
        12,
        "Länet beviljade investeringsstöd till sju butiker och öppnade två nya servicepunkter.",
    ),
    _follow_up(
        "Norrbottens län",
        2024,
        5,
        14,
        "Fokus låg på drivmedel i inlandet och på samverkan med kommunerna om hemsändning.",
    ),
    _follow_up(
        "Jämtlands län",
        2024,
        4,
        9,
        "Flera byaföreningar fick stöd för att starta servicepunkter efter butiksnedläggningar.",
    ),
    _follow_up(
        "Värmlands län",
        2023,
        6,
        8,
        "Arbetet med kommunala serviceplaner kom igång i fyra nya kommuner.",
    ),
    _follow_up(
        "Gotlands län",
        2024,
        2,
        5,
        "Tillgången till kontanter och betaltjänster var årets viktigaste fråga.",
    ),
]

MEMBER_DRAFT = {
    "slug": "samlastning-av-varor-i-inlandet",
    "title": "Samlastning av varor till byarna i inlandet",
    "summary": "Hur vi samordnade leveranser till tre lanthandlare och sparade både pengar och körsträcka.",
    "body": [
        *_p(
            "Tre lanthandlare i inlandet beställer nu sina varor med gemensam transport. "
            "Kommunen hjälpte till med logistiken."
        )
    ],
    "counties": ["Norrbottens län"],
    "topics": ["dagligvaror", "samverkan"],
}

# A minimal, valid one-page PDF, enough to download and open.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _document(title: str):
    documents = get_document_model().objects
    document = documents.filter(title=title).first()
    if document is None:
        document = documents.create(title=title, file=ContentFile(PDF_BYTES, name="dokument.pdf"))
    return document


def _image(title: str):
    images = get_image_model().objects
    image = images.filter(title=title).first()
    if image is None:
        canvas = Image.new("RGB", (1200, 675), "#cfe3dc")
        draw = ImageDraw.Draw(canvas)
        draw.rectangle((0, 450, 1200, 675), fill="#f4f4f4")
        draw.rectangle((300, 250, 800, 520), fill="#005a46")
        draw.ellipse((360, 480, 460, 580), fill="#1b1b1b")
        draw.ellipse((640, 480, 740, 580), fill="#1b1b1b")
        buffer = io.BytesIO()
        canvas.save(buffer, "PNG")
        image = images.create(title=title, file=ContentFile(buffer.getvalue(), name="bild.png"))
    return image


def _library(home: HomePage) -> LibraryIndexPage:
    library = LibraryIndexPage.objects.child_of(home).first()
    if library is None:
        library = home.add_child(instance=LibraryIndexPage(slug="kunskapsbank", **LIBRARY))
    for name, value in {**LIBRARY, "slug": "kunskapsbank", "show_in_menus": True}.items():
        setattr(library, name, value)
    library.save_revision().publish()
    workflow = Workflow.objects.filter(name=REVIEW_WORKFLOW_NAME).first()
    if workflow:
        WorkflowPage.objects.update_or_create(page=library, defaults={"workflow": workflow})
    return library


def _article(library: LibraryIndexPage, spec: dict, topics: dict, counties: dict) -> ArticlePage:
    article = ArticlePage.objects.child_of(library).filter(slug=spec["slug"]).first()
    if article is None:
        article = ArticlePage(slug=spec["slug"], title=spec["title"], summary=spec["summary"])
        library.add_child(instance=article)
        article = ArticlePage.objects.get(pk=article.pk)
    article.title = spec["title"]
    article.kind = spec["kind"]
    article.summary = spec["summary"]
    article.body = spec["body"]
    article.publication_date = spec["date"]
    article.last_reviewed = spec.get("reviewed")
    article.organisation = Organisation.objects.filter(name=spec["organisation"]).first()
    article.content_owner = User.objects.filter(email="redaktor@example.se").first()
    article.topics = [topics[slug] for slug in spec["topics"] if slug in topics]
    article.counties = [counties[name] for name in spec["counties"]]
    author = User.objects.filter(email=spec.get("author", "")).first()
    article.authors = [ArticleAuthor(user=author)] if author else []
    article.attachments = (
        [ArticleAttachment(document=_document(spec["attachment"]))] if "attachment" in spec else []
    )
    if "image" in spec:
        article.image = _image(spec["image"])
        article.image_alt = spec["image"]
    article.save_revision().publish()
    return article


def _member_draft(library: LibraryIndexPage, topics: dict, counties: dict) -> ArticlePage | None:
    """A member's article waiting in review, so editors find something to moderate."""
    member = User.objects.filter(email="medlem@example.se").first()
    if member is None or ArticlePage.objects.filter(slug=MEMBER_DRAFT["slug"]).exists():
        return None
    article = ArticlePage(
        slug=MEMBER_DRAFT["slug"],
        title=MEMBER_DRAFT["title"],
        summary=MEMBER_DRAFT["summary"],
        body=MEMBER_DRAFT["body"],
        kind=ArticleKind.EXPERIENCE,
        live=False,
        owner=member,
        publication_date=timezone.localdate(),
    )
    article.topics = [topics[slug] for slug in MEMBER_DRAFT["topics"] if slug in topics]
    article.counties = [counties[name] for name in MEMBER_DRAFT["counties"]]
    article.authors = [ArticleAuthor(user=member)]
    library.add_child(instance=article)
    article.save_revision(user=member)
    workflow = article.get_workflow()
    if workflow:
        workflow.start(article, member)
    return article


def seed(stdout) -> None:
    """Create or update the library and its articles."""
    sv = Locale.objects.get(language_code="sv")
    home = HomePage.objects.filter(locale=sv).first()
    if home is None:
        stdout.write("knowledge: no Swedish home page, nothing seeded.")
        return
    library = _library(home)
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    counties = {county.name: county for county in County.objects.all()}
    articles = [_article(library, spec, topics, counties) for spec in ARTICLES]
    draft = _member_draft(library, topics, counties)
    kinds = {article.kind for article in articles}
    stdout.write(
        f"knowledge: library with {len(articles)} articles of {len(kinds)} kinds"
        + (", one member article in review." if draft else ".")
    )
    # Meetings are seeded before the library (events is a lower app), members before both.
    commented = {article.slug: article for article in articles}
    commented.update({event.slug: event for event in EventPage.objects.filter(locale=sv)})
    if added := discussion_demo.seed(commented):
        stdout.write(f"knowledge: {added} demo comments.")
