"""A comment's text as HTML: escaped, its web addresses made links, its lines kept."""

from django.utils.html import linebreaks, urlize
from django.utils.safestring import SafeString, mark_safe

# Longest shown text of a link (the address itself is kept whole).
LINK_TEXT_LIMIT = 60


def comment_html(body: str) -> SafeString:
    """Plain text to HTML: every character escaped, addresses linked ``rel="nofollow ugc"``.

    Members' text carries no markup; urlize escapes it word by word, so the only
    attribute in its output is the one it writes itself.
    """
    linked = urlize(body, trim_url_limit=LINK_TEXT_LIMIT, nofollow=True, autoescape=True)
    linked = linked.replace(' rel="nofollow"', ' rel="nofollow ugc"')
    return mark_safe(linebreaks(linked, autoescape=False))  # noqa: S308 - escaped above
