PAGES = [
    ("Mötesplatser", "/motesplatser/"),
    ("Mötesplatser filtrerade", "/motesplatser/?lan=norrbottens-lan&amne=dagligvaror"),
    ("Tidigare möten", "/motesplatser/tidigare/"),
    ("Månadskalender", "/motesplatser/kalender/"),
    ("Möte med program", "/motesplatser/nationell-konferens-kommersiell-service/"),
    ("Återkommande möte", "/motesplatser/digitalt-natverksmote-rsp/"),
    ("Inställt möte", "/motesplatser/apoteksombud-jamtland/"),
    ("Prenumerera", "/motesplatser/prenumerera/"),
]
