PAGES = [
    ("Regional samordning", "/regional-samordning/"),
    ("Länssida", "/regional-samordning/norrbottens-lan/"),
    ("Kontaktpersoner", "/regional-samordning/kontaktpersoner/"),
    (
        "Kontaktpersoner filtrerade",
        "/regional-samordning/kontaktpersoner/?lan=vastra-gotalands-lan&ansvar=rsp",
    ),
    ("Kontaktpersoner med felaktigt filter", "/regional-samordning/kontaktpersoner/?lan=x", 400),
    ("Okänt län", "/regional-samordning/finns-inte-lan/", 404),
    # Mina sidor of a county's programme reporter: signed out, the sign-in page.
    ("Uppföljning av serviceprogram", "/mina-sidor/uppfoljning/"),
]
