"""Translations: English is complete, and Swedish, the source, stays as written.

Django merges every installed app's catalogue of the active language, so a Swedish
msgid of ours that is also an English msgid of Wagtail, allauth or Django would be
"translated" by their Swedish catalogue ("Sort" became "Sortera"). The project's
Swedish catalogue in LOCALE_PATHS, which Django reads first, maps every message to
itself (`make messages`).
"""

import ast
import gettext
from dataclasses import dataclass, field
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.utils import translation

import pytest

CATALOGUE = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")
SWEDISH = settings.BASE_DIR / "locale" / "sv" / "LC_MESSAGES" / "django.po"
# Our fixes of other projects' Swedish, merged into SWEDISH by `make messages`.
CORRECTIONS = settings.BASE_DIR / "locale" / "corrections" / "sv.po"


@dataclass
class Entry:
    """One message of a .po file, with the strings unquoted."""

    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False


def parse_po(text: str) -> list[Entry]:
    """Read a .po file into entries; enough of the format for the files makemessages writes."""
    entries: list[Entry] = []
    entry = Entry()
    target: tuple[str, int] | None = None
    started = False

    def finish() -> None:
        nonlocal entry, target, started
        if started:
            entries.append(entry)
        entry, target, started = Entry(), None, False

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            entry.obsolete = True
            line = line[2:].strip()
            if line.startswith("|"):  # the previous msgid of an obsolete entry
                continue
        elif line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        elif line.startswith("#"):
            continue
        if line.startswith('"'):
            value = ast.literal_eval(line)
        else:
            keyword, _, quoted = line.partition(" ")
            value = ast.literal_eval(quoted)
            if keyword.startswith("msgstr["):
                target = ("msgstr", int(keyword[7:-1]))
            elif keyword == "msgstr":
                target = ("msgstr", 0)
            else:
                target = (keyword, 0)
            started = True
            if target[0] == "msgstr":
                entry.msgstr[target[1]] = ""
            else:
                setattr(entry, keyword, "")
        assert target is not None, f"Unexpected line in a catalogue: {raw}"
        name, index = target
        if name == "msgstr":
            entry.msgstr[index] += value
        else:
            setattr(entry, name, getattr(entry, name) + value)
    finish()
    return entries


def _messages(catalogue: Path = CATALOGUE) -> list[Entry]:
    entries = parse_po(catalogue.read_text(encoding="utf-8"))
    return [e for e in entries if e.msgid and not e.obsolete]


def _translate(catalogue, entry: Entry) -> str:
    """The singular (or, for plural messages, the plural) text the catalogue gives."""
    if entry.msgid_plural:
        if entry.msgctxt:
            return catalogue.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 2)
        return catalogue.ngettext(entry.msgid, entry.msgid_plural, 2)
    if entry.msgctxt:
        return catalogue.pgettext(entry.msgctxt, entry.msgid)
    return catalogue.gettext(entry.msgid)


def _label(entry: Entry) -> str:
    return f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid


def test_parser_reads_plural_context_and_obsolete_entries():
    entries = parse_po(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#, python-format\nmsgctxt "byline"\nmsgid "En"\nmsgid_plural "Två"\n'
        'msgstr[0] "One"\nmsgstr[1] ""\n"Two"\n\n'
        '#~ msgid "Gammal"\n#~ msgstr ""\n'
    )
    header, plural, obsolete = entries
    assert header.msgstr == {0: "Language: en\n"}
    assert (plural.msgctxt, plural.msgid, plural.msgid_plural) == ("byline", "En", "Två")
    assert plural.msgstr == {0: "One", 1: "Two"}
    assert plural.flags == {"python-format"}
    assert (obsolete.msgid, obsolete.obsolete) == ("Gammal", True)


def test_catalogue_has_no_untranslated_or_fuzzy_messages():
    messages = _messages()
    assert len(messages) > 400
    untranslated = [_label(e) for e in messages if not all(e.msgstr.values())]
    fuzzy = [_label(e) for e in messages if "fuzzy" in e.flags]
    missing_plural = [_label(e) for e in messages if e.msgid_plural and len(e.msgstr) != 2]
    assert untranslated == []
    assert fuzzy == []
    assert missing_plural == []


@pytest.mark.parametrize("catalogue", [CATALOGUE, SWEDISH], ids=["en", "sv"])
def test_compiled_catalogue_matches_the_po_file(catalogue):
    """Catches a .po edited without running compilemessages."""
    with catalogue.with_suffix(".mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = []
    for entry in _messages(catalogue):
        expected = entry.msgstr[1] if entry.msgid_plural else entry.msgstr[0]
        if _translate(compiled, entry) != expected:
            stale.append(_label(entry))
    assert stale == []


def test_swedish_catalogue_keeps_every_message_as_written():
    """The Swedish catalogue holds every message of the English one, unchanged,
    and our corrections of other projects' Swedish."""
    swedish = {(e.msgctxt, e.msgid): e for e in _messages(SWEDISH)}
    corrections = {(e.msgctxt, e.msgid): e for e in _messages(CORRECTIONS)}
    expected = [*_messages(), *corrections.values()]
    missing = [_label(e) for e in expected if (e.msgctxt, e.msgid) not in swedish]
    changed = [
        _label(e)
        for key, e in swedish.items()
        if key not in corrections
        and (e.msgstr[0] != e.msgid or (e.msgid_plural and e.msgstr[1] != e.msgid_plural))
    ]
    corrected = [_label(e) for key, e in corrections.items() if swedish[key].msgstr != e.msgstr]
    assert missing == [], "Run `make messages`."
    assert changed == []
    assert corrected == [], "Run `make messages`."


@pytest.mark.django_db
def test_sign_in_page_offers_sign_up_in_swedish_that_says_so(client, home):
    """django-allauth's Swedish said "Har du redan ett konto? Då kan du logga in." there."""
    html = client.get("/konto/login/").content.decode()
    assert "Har du inget konto än?" in html
    assert "Har du redan ett konto?" not in html


def _foreign_swedish_catalogues() -> dict[str, gettext.GNUTranslations]:
    """Django's and every installed app's compiled Swedish catalogues, by package and file."""
    folders = {"django": Path(django.__file__).parent / "conf"}
    folders |= {config.name: Path(config.path) for config in apps.get_app_configs()}
    catalogues = {}
    for package, folder in folders.items():
        for mo in (folder / "locale" / "sv" / "LC_MESSAGES").glob("*.mo"):
            if not mo.is_relative_to(settings.BASE_DIR / "locale"):
                with mo.open("rb") as file:
                    catalogues[f"{package}:{mo.name}"] = gettext.GNUTranslations(file)
    return catalogues


def test_no_installed_catalogue_translates_our_swedish():
    """With Swedish active, every project message reads exactly as its msgid."""
    foreign = _foreign_swedish_catalogues()
    assert "wagtail.admin:django.mo" in foreign  # the check looks where it should
    changed = []
    with translation.override("sv"):
        for entry in _messages():
            source = entry.msgid_plural or entry.msgid
            shown = _translate(translation, entry)
            if shown != source:
                culprits = [
                    name
                    for name, catalogue in foreign.items()
                    if _translate(catalogue, entry) == shown
                ]
                changed.append(f"{_label(entry)!r} reads {shown!r} (from {', '.join(culprits)})")
    assert changed == []


@pytest.mark.django_db
def test_layout_is_english_on_english_pages(client, home_en):
    response = client.get("/en/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert '<a class="skip-link" href="#main">Skip to content</a>' in html
    assert '<label for="site-search">Search the website</label>' in html
    assert '<button type="submit">Search</button>' in html
    assert '<h2 id="footer-contact">Contact</h2>' in html
    assert '<h2 id="footer-links">About the website</h2>' in html
    assert "Become a member" in html
    assert "Hoppa till innehållet" not in html
    assert "Om webbplatsen" not in html


@pytest.mark.django_db
def test_layout_stays_swedish_on_swedish_pages(client, home, home_en):
    html = client.get("/").content.decode()

    assert '<a class="skip-link" href="#main">Hoppa till innehållet</a>' in html
    assert '<h2 id="footer-links">Om webbplatsen</h2>' in html
    assert "Skip to content" not in html


@pytest.mark.django_db
def test_search_page_is_english(client, home_en):
    html = client.get("/en/sok/", {"q": "zyxxel"}).content.decode()

    assert "Search results for “zyxxel”" in html
    assert "No pages matched your search." in html
