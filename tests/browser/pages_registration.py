PAGES = [
    ("Möte med anmälan och reservlista", "/motesplatser/natverkstraff-norrbotten-dagligvaror/"),
    ("Möte med anmälningsfrågor", "/motesplatser/nationell-konferens-kommersiell-service/"),
]
