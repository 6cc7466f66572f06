"""Members' rich text through Wagtail's rich-text whitelister.

Only the features in ``MEMBER_RICH_TEXT_FEATURES`` survive: script and style
elements, event-handler attributes and links to anything but http(s), mailto,
tel or a relative path are dropped by the whitelister.
"""

import re

from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

from bs4 import BeautifulSoup

MEMBER_RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]

# Elements whose text content is code, not prose: removed with what they hold.
_DROP_WITH_CONTENT = ["script", "style", "iframe", "object", "embed", "svg", "math", "template"]
_BLOCK_START = re.compile(r"^\s*<(h2|h3|p|ul|ol)\b", re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def _paragraphs(text: str) -> str:
    """Wrap blank-line separated chunks of plain text in <p> elements."""
    chunks = [chunk.strip() for chunk in _PARAGRAPH_BREAK.split(text.replace("\r\n", "\n"))]
    return "".join(
        chunk if _BLOCK_START.match(chunk) else f"<p>{chunk}</p>" for chunk in chunks if chunk
    )


def sanitise_member_html(text: str) -> str:
    """The member's text as database rich text, holding only the allowed features."""
    soup = BeautifulSoup(_paragraphs(text), "html.parser")
    for element in soup.find_all(_DROP_WITH_CONTENT):
        element.decompose()
    html = EditorHTMLConverter(features=MEMBER_RICH_TEXT_FEATURES).to_database_format(str(soup))
    # Paragraphs left empty once disallowed markup is gone say nothing.
    html = re.sub(r"<p>\s*</p>", "", html)
    return html.strip()
