"""A comment's text: escaped, links made with rel="nofollow ugc", as Django's urlize would."""

from django.utils.html import linebreaks, urlize

import pytest

from members.discussion.text import comment_html


@pytest.mark.parametrize(
    "body",
    [
        "Se https://example.se/a?b=1&c=2, och www.example.org.",
        "<script>alert(\"x\")</script> & 'citat' <https://example.se/>",
        "Skriv till info@example.se (eller ring).\n\nNy rad\nrad två",
        'javascript:alert(1) "https://example.se/x" onmouseover=alert(1)',
        "Ingen länk alls, bara text med 3 < 4 och 5 > 2.",
    ],
)
def test_the_same_as_urlize_with_ugc_links(body):
    expected = urlize(body, trim_url_limit=60, nofollow=True, autoescape=True).replace(
        ' rel="nofollow"', ' rel="nofollow ugc"'
    )
    assert comment_html(body) == linebreaks(expected, autoescape=False)


def test_no_markup_survives():
    out = comment_html('<img src=x onerror="alert(1)"><a href="https://evil.example">x</a>')
    assert "<img" not in out and '<a href="https://evil.example">' not in out
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in out
