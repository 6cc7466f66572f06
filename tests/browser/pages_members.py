PAGES = [
    ("Logga in", "/konto/login/"),
    ("Logga in med kod", "/konto/login/code/"),
    ("Skapa konto", "/konto/signup/"),
    ("Glömt lösenord", "/konto/password/reset/"),
    ("Sign in (English)", "/en/konto/login/"),
]
