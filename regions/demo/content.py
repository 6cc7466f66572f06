"""Swedish demo content for regional coordination, written for this project.

The programmes' figures and the people are invented; the counties are real.
"""

import datetime

LANDING = {
    "title": "Regional samordning",
    "slug": "regional-samordning",
    "intro": (
        "<p>Butiken, bensinmacken och paketombudet avgör om det går att bo och driva "
        "företag på landsbygden. Här samlar Tillväxtverket länens arbete med att planera "
        "kommersiell service där avstånden är långa och kunderna få.</p>"
    ),
    "body": [
        ("heading", {"text": "Ett program i varje län", "level": "h2"}),
        (
            "paragraph",
            "<p>Alla 21 län har ett regionalt serviceprogram. Programmet bygger på en "
            "genomgång av hur servicen ser ut i länet i dag: var butikerna finns, hur långt "
            "invånarna har till närmaste drivmedelsstation och vilka orter som riskerar att "
            "bli utan. Utifrån den analysen bestämmer länet vad som ska prioriteras och vilka "
            "aktörer som ska göra vad.</p>",
        ),
        (
            "paragraph",
            "<p>Programmet styr också hur länet använder stöden till kommersiell service, "
            "till exempel investeringsstöd till lanthandlare och bidrag till hemsändning av "
            "dagligvaror. Arbetet ska hänga ihop med länets regionala utvecklingsstrategi.</p>",
        ),
        ("heading", {"text": "Så stöttar Tillväxtverket", "level": "h2"}),
        (
            "paragraph",
            "<p>Tillväxtverket har tagit fram riktlinjer för hur programmen ska utformas och "
            "följs upp. Varje år sammanställer vi länens uppföljningar, och vi ordnar "
            "nätverksträffar där handläggare från regioner, länsstyrelser och kommuner "
            "jämför metoder och lär av varandras insatser.</p>",
        ),
    ],
    "guidelines": {
        "title": "Riktlinjer för regionala serviceprogram",
        "filename": "riktlinjer-regionala-serviceprogram.pdf",
        "lines": [
            "Demodokument för Mötesplats.",
            "Riktlinjerna beskriver hur länen tar fram, genomför och följer upp",
            "sina regionala serviceprogram: analys, prioriteringar, aktörer och uppföljning.",
        ],
    },
}

DIRECTORY = {
    "title": "Regionala kontaktpersoner",
    "slug": "kontaktpersoner",
    "intro": (
        "<p>Hitta handläggarna för det regionala serviceprogrammet och för stöd till "
        "kommersiell service i ditt län. Investeringsstöd söks hos länsstyrelsen.</p>"
    ),
}

# Priorities shared between the programmes; each county takes a few of them.
PRIORITIES = [
    {
        "title": "Dagligvarubutiker på landsbygden",
        "description": "<p>Behålla de butiker som är ensamma i sitt område och stärka deras ekonomi.</p>",
        "measures": [
            "Investeringsstöd till kyl, frys och energieffektivisering",
            "Rådgivning om sortiment och öppettider",
            "Butiksnätverk för erfarenhetsutbyte",
        ],
    },
    {
        "title": "Tillgång till drivmedel",
        "description": "<p>Säkra att ingen tätort har mer än 20 kilometer till närmaste station.</p>",
        "measures": [
            "Stöd till obemannade stationer med förnybara drivmedel",
            "Kartläggning av laddinfrastruktur vid servicepunkter",
        ],
    },
    {
        "title": "Kommunal serviceplanering",
        "description": "<p>Alla kommuner i länet ska ha en aktuell plan för kommersiell service.</p>",
        "measures": [
            "Metodstöd och mall för kommunala serviceplaner",
            "Gemensam workshop för kommunernas näringslivsutvecklare",
        ],
    },
    {
        "title": "Servicepunkter och ombud",
        "description": "<p>Samla paket, apoteksvaror och betaltjänster hos en aktör på orten.</p>",
        "measures": [
            "Utveckla butiker till servicepunkter",
            "Samverkan med apoteks- och paketombud",
            "Information om kontantuttag och betaltjänster",
        ],
    },
    {
        "title": "Hemsändning av dagligvaror",
        "description": "<p>Nå äldre och personer utan bil i de glesaste delarna av länet.</p>",
        "measures": [
            "Hemsändningsbidrag via kommunerna",
            "Samordnade transporter med skolskjuts och post",
        ],
    },
    {
        "title": "Digitala tjänster i butiken",
        "description": "<p>Göra det lättare att handla och hämta varor när butiken är obemannad.</p>",
        "measures": [
            "Förstudie om obemannade butikstider",
            "Utbildning i e-handel och digitala kassasystem",
        ],
    },
]

# County code: (period start, period end, status, last reviewed, analysis, priority indexes)
PROGRAMMES = {
    "01": (
        2022,
        2025,
        "gallande",
        datetime.date(2025, 3, 12),
        "Skärgården och norra länsdelen har lång väg till service, särskilt vintertid när färjorna går glesare.",
        [0, 3, 4],
    ),
    "03": (
        2022,
        2025,
        "revideras",
        datetime.date(2025, 9, 2),
        "Flera mindre orter i norra Uppland har förlorat sin enda butik de senaste åren.",
        [0, 2, 3],
    ),
    "04": (
        2021,
        2025,
        "gallande",
        datetime.date(2024, 11, 20),
        "Servicen är god kring tätorterna men sårbar i skogsbygderna i länets västra del.",
        [0, 1, 2],
    ),
    "05": (
        2022,
        2025,
        "gallande",
        datetime.date(2025, 5, 6),
        "Kust och skärgård har stora säsongsvariationer som gör butikernas ekonomi osäker.",
        [0, 3, 4],
    ),
    "06": (
        2022,
        2026,
        "gallande",
        datetime.date(2025, 1, 28),
        "Ett starkt föreningsliv driver flera byabutiker, men många ägare närmar sig pension.",
        [0, 2, 5],
    ),
    "07": (
        2021,
        2025,
        "revideras",
        datetime.date(2025, 10, 14),
        "Avstånden till drivmedel har ökat i länets södra delar sedan flera stationer lagts ned.",
        [1, 2, 3],
    ),
    "08": (
        2022,
        2025,
        "gallande",
        datetime.date(2024, 9, 30),
        "Öland och de inre delarna av länet är beroende av ett fåtal helårsöppna butiker.",
        [0, 3, 4],
    ),
    "09": (
        2022,
        2026,
        "gallande",
        datetime.date(2025, 6, 17),
        "Öns landsbygdsbutiker bär servicen för både boende och besökare och har tydliga säsongstoppar.",
        [0, 3, 5],
    ),
    "10": (
        2022,
        2025,
        "gallande",
        datetime.date(2024, 12, 3),
        "Länet är litet men skärgården och norra skogsbygden saknar i dag ombud för apoteksvaror.",
        [2, 3],
    ),
    "12": (
        2022,
        2025,
        "gallande",
        datetime.date(2025, 4, 9),
        "Nordöstra Skåne har glesare service än övriga länet och längre resor till drivmedel.",
        [0, 1, 2],
    ),
    "13": (
        2021,
        2025,
        "tas-fram",
        datetime.date(2025, 11, 5),
        "Inlandet i Halland har fått färre betaltjänster sedan bankkontoren stängt.",
        [2, 3],
    ),
    "14": (
        2022,
        2025,
        "gallande",
        datetime.date(2025, 2, 25),
        "Dalsland och skärgården i Bohuslän har de längsta avstånden till dagligvaror i regionen.",
        [0, 2, 3, 4],
    ),
    "17": (
        2022,
        2025,
        "gallande",
        datetime.date(2025, 8, 19),
        "Norra Värmland har stora avstånd och en åldrande befolkning som behöver hemsändning.",
        [0, 1, 4],
    ),
    "18": (
        2022,
        2025,
        "revideras",
        datetime.date(2025, 10, 1),
        "Bergslagens mindre orter har tappat butiker och kräver samordnade insatser.",
        [0, 2, 5],
    ),
    "19": (
        2021,
        2024,
        "upphort",
        datetime.date(2024, 6, 10),
        "Länets norra del har få butiker men korta avstånd till större orter.",
        [2, 3],
    ),
    "20": (
        2022,
        2026,
        "gallande",
        datetime.date(2025, 7, 2),
        "Fjällvärlden och västra Dalarna har stora säsongsskillnader i efterfrågan.",
        [0, 1, 3],
    ),
    "21": (
        2022,
        2025,
        "gallande",
        datetime.date(2025, 3, 31),
        "Hälsinglands skogsbygder har långa avstånd till både butik och drivmedel.",
        [0, 1, 4],
    ),
    "22": (
        2022,
        2025,
        "gallande",
        datetime.date(2024, 10, 22),
        "Inlandet i Västernorrland har få butiker som ofta är ortens sista servicepunkt.",
        [0, 3, 4],
    ),
    "23": (
        2022,
        2026,
        "gallande",
        datetime.date(2025, 9, 23),
        "Länet är Sveriges glesaste söder om Norrbotten och många byar saknar egen butik.",
        [0, 1, 3, 4],
    ),
    "24": (
        2022,
        2025,
        "gallande",
        datetime.date(2025, 5, 20),
        "Inlandskommunerna i Västerbotten har ett litet kundunderlag och mycket långa avstånd.",
        [0, 1, 4, 5],
    ),
    "25": (
        2022,
        2025,
        "gallande",
        datetime.date(2025, 6, 3),
        "Norrbottens inland och fjällområden har landets längsta avstånd till service.",
        [0, 1, 3, 4],
    ),
}

# Fictional contact persons: (county code, name, role, responsibility codes, organisation kind)
# organisation kind "region" means the county's regional body, "lst" its länsstyrelse.
CONTACTS = [
    ("01", "Karin Lindqvist", "Handläggare regionalt serviceprogram", ["rsp", "stod"], "region"),
    ("03", "Johan Berglund", "Utvecklingsstrateg", ["rsp"], "region"),
    ("03", "Elin Sjöberg", "Handläggare investeringsstöd", ["investeringsstod"], "lst"),
    ("05", "Maria Holm", "Samordnare kommersiell service", ["rsp", "stod"], "region"),
    ("07", "Anders Nyström", "Handläggare", ["rsp", "stod"], "region"),
    ("09", "Sofia Wallin", "Landsbygdsutvecklare", ["rsp", "stod", "investeringsstod"], "region"),
    ("12", "Erik Lundgren", "Handläggare regionalt serviceprogram", ["rsp"], "region"),
    ("12", "Fatima Haddad", "Handläggare stöd till kommersiell service", ["stod"], "region"),
    ("14", "Lars Engström", "Regional utvecklare", ["rsp", "stod"], "region"),
    ("14", "Hanna Ek", "Handläggare investeringsstöd", ["investeringsstod"], "lst"),
    ("17", "Per Olsson", "Handläggare regionalt serviceprogram", ["rsp", "stod"], "region"),
    ("20", "Ingrid Dahl", "Processledare service", ["rsp", "stod"], "region"),
    ("21", "Mikael Forsberg", "Handläggare", ["rsp", "stod"], "region"),
    ("22", "Lena Hedlund", "Utvecklingsledare", ["rsp"], "region"),
    ("23", "Nils Jonsson", "Handläggare kommersiell service", ["rsp", "stod"], "region"),
    ("23", "Amanda Persson", "Handläggare investeringsstöd", ["investeringsstod"], "lst"),
    ("24", "Jonas Hällgren", "Regional serviceplanerare", ["rsp", "stod"], "region"),
    ("25", "Sara Nilsson", "Handläggare regionalt serviceprogram", ["rsp", "stod"], "region"),
    ("25", "Oskar Lind", "Handläggare investeringsstöd", ["investeringsstod"], "lst"),
]

# A national contact without a county: kept in the register, not listed publicly.
NATIONAL_CONTACT = ("Eva Strand", "Samordnare, Tillväxtverket", "Tillväxtverket")
