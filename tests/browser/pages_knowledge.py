PAGES = [
    ("Kunskapsbank", "/kunskapsbank/"),
    (
        "Kunskapsbank, uppföljningar i Jämtlands län",
        "/kunskapsbank/?kind=uppfoljning&county=jamtlands-lan",
    ),
    ("Kunskapsbank, sorterad på titel", "/kunskapsbank/?topic=hemsandning&sort=title"),
    ("Riktlinjer för RSP", "/kunskapsbank/riktlinjer-for-regionala-serviceprogram-2014-2018/"),
    ("Uppföljning med tabell", "/kunskapsbank/uppfoljning-rsp-norrbottens-lan-2024/"),
    ("Erfarenhetsartikel med bild", "/kunskapsbank/hemsandning-i-arjeplog/"),
    ("Sökresultat", "/sok/?q=hems%C3%A4ndning"),
    ("Sökresultat, metodstöd", "/sok/?q=kommun&type=artikel&kind=metodstod"),
    ("Sökning utan träffar", "/sok/?q=zyxxel"),
]
