"""Members' rich text goes through Wagtail's whitelister: nothing executable reaches a page."""

import pytest

from core.models import County
from knowledge.models import ArticlePage
from knowledge.sanitize import sanitise_member_html
from tests.factories.members import MembershipFactory

pytestmark = pytest.mark.django_db

HOSTILE = (
    "Inledning.\n\n"
    '<p onclick="stjal()">Klicka <a href="javascript:alert(1)">här</a> eller '
    '<a href=" JaVaScRiPt:alert(2)">där</a>.</p>\n\n'
    "<script>alert(3)</script>\n\n"
    '<img src="x" onerror="alert(4)">\n\n'
    '<a href="data:text/html,<script>alert(5)</script>">data</a>\n\n'
    '<svg onload="alert(6)"><circle/></svg>\n\n'
    '<iframe src="https://example.com"></iframe>\n\n'
    '<h2 style="color:red" onmouseover="alert(7)">Resultat</h2>\n\n'
    '<a href="https://www.tillvaxtverket.se/" target="_blank">Tillväxtverket</a>'
)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Ett stycke.\n\nEtt till.", "<p>Ett stycke.</p><p>Ett till.</p>"),
        ("<h2>Rubrik</h2>\n\nText", "<h2>Rubrik</h2><p>Text</p>"),
        ("<h1>Stor</h1>", "<p>Stor</p>"),
        ("<ul><li>ett</li></ul>", "<ul><li>ett</li></ul>"),
        ('<p><a href="javascript:alert(1)">x</a></p>', "<p><a>x</a></p>"),
        ('<p onclick="x()">y</p>', "<p>y</p>"),
        ("<script>alert(1)</script>", ""),
        (
            '<p><a href="https://x.se" onmouseover="y()">ok</a></p>',
            '<p><a href="https://x.se">ok</a></p>',
        ),
    ],
)
def test_sanitise_member_html(source, expected):
    assert sanitise_member_html(source) == expected


def test_hostile_markup_never_reaches_the_page(client, library):
    member = MembershipFactory().user
    client.force_login(member)
    response = client.post(
        "/kunskapsbank/skriv/",
        {
            "title": "Erfarenheter av servicepunkter",
            "summary": "Vad vi lärde oss.",
            "body": HOSTILE,
            "counties": [County.objects.first().pk],
        },
    )
    assert response.status_code == 302
    article = ArticlePage.objects.get(owner=member)
    preview = client.get(f"/kunskapsbank/skriv/{article.pk}/forhandsgranska/").content.decode()
    # Publish as editors would, then read the public page too.
    article.get_latest_revision().publish()
    public = client.get(article.url).content.decode()
    for html in (preview, public):
        body = html.split('<article class="prose article">')[1].split("</article>")[0]
        lowered = body.lower()
        assert "<script" not in lowered
        assert "javascript:" not in lowered
        assert "data:text" not in lowered
        assert " on" + "click" not in lowered
        assert "onerror" not in lowered
        assert "onload" not in lowered
        assert "onmouseover" not in lowered
        assert "<svg" not in lowered
        assert "<iframe" not in lowered
        assert "<img" not in lowered
        assert "style=" not in lowered
        assert "<h2>Resultat</h2>" in body
        assert '<a href="https://www.tillvaxtverket.se/">Tillväxtverket</a>' in body
