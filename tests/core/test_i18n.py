"""English translation: the layout is English under /en/, and the catalogue is complete."""

import ast
import gettext
from dataclasses import dataclass, field

from django.conf import settings

import pytest

CATALOGUE = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")


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
        assert target is not None, f"Unexpected line in {CATALOGUE}: {raw}"
        name, index = target
        if name == "msgstr":
            entry.msgstr[index] += value
        else:
            setattr(entry, name, getattr(entry, name) + value)
    finish()
    return entries


def _messages() -> list[Entry]:
    entries = parse_po(CATALOGUE.read_text(encoding="utf-8"))
    return [e for e in entries if e.msgid and not e.obsolete]


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


def test_compiled_catalogue_matches_the_po_file():
    """Catches a .po edited without running compilemessages."""
    with COMPILED.open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = []
    for entry in _messages():
        if entry.msgid_plural:
            got = (
                compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 2)
                if entry.msgctxt
                else compiled.ngettext(entry.msgid, entry.msgid_plural, 2)
            )
            expected = entry.msgstr[1]
        else:
            got = (
                compiled.pgettext(entry.msgctxt, entry.msgid)
                if entry.msgctxt
                else compiled.gettext(entry.msgid)
            )
            expected = entry.msgstr[0]
        if got != expected:
            stale.append(_label(entry))
    assert stale == []


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
