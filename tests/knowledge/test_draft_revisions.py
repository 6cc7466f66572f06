"""A member revising a draft keeps what editors added to it: only the text boxes change."""

import pytest

from knowledge.models import ArticlePage
from tests.factories.members import MembershipFactory, sign_in_with_mfa
from tests.knowledge.test_contributions import CREATE_URL, article_data, workflow_action

pytestmark = pytest.mark.django_db

QUOTE = {"quote": "Bussen är vår livlina.", "source": "Kund i Dorotea"}
FACT_BOX = {"title": "Kostnad", "text": "<p>40 000 kronor om året.</p>"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _blocks(article: ArticlePage) -> list[tuple[str, object]]:
    body = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object().body
    return [(block.block_type, block.value) for block in body]


def _editor_rewrites_body(article: ArticlePage, editor, blocks: list[dict]) -> dict[str, str]:
    """The editor saves a revision with ``blocks`` ("text" keeps the member's text block)."""
    latest = article.get_latest_revision_as_object()
    text = next(block for block in latest.body.raw_data if block["type"] == "paragraph")
    latest.body = [text if block == "text" else block for block in blocks]
    latest.save_revision(user=editor)
    saved = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object().body
    return {block.block_type: block.id for block in saved if block.block_type != "paragraph"}


@pytest.fixture
def reviewed_draft(client, library, member, editor):
    """A submitted draft to which the editor added blocks, then asked for changes."""
    client.post(CREATE_URL, article_data(body="Vi började 2023."))
    article = ArticlePage.objects.get(owner=member)
    client.post(f"/kunskapsbank/skriv/{article.pk}/skicka/")
    editor_client = client.__class__()
    sign_in_with_mfa(editor_client, editor)

    def review(blocks):
        ids = _editor_rewrites_body(article, editor, blocks)
        assert workflow_action(editor_client, article, "reject", "Skriv mer.").status_code == 302
        return article, ids

    return review


def test_member_edit_keeps_the_editors_quote_and_fact_box(client, reviewed_draft):
    article, ids = reviewed_draft(
        [
            {"type": "quote", "value": QUOTE},
            "text",
            {"type": "fact_box", "value": FACT_BOX},
        ]
    )
    url = f"/kunskapsbank/skriv/{article.pk}/"

    form = client.get(url)
    assert form.status_code == 200
    html = form.content.decode()
    # The editor's blocks are shown read-only around the one text box.
    assert "Bussen är vår livlina." in html
    assert "40 000 kronor om året." in html
    assert html.index("Bussen är vår livlina.") < html.index('name="body"') < html.index("40 000")
    assert "Citat, ligger kvar här." in html
    assert form.context["form"].initial["body"] == "<p>Vi började 2023.</p>"

    response = client.post(url, article_data(body="Vi började 2023 med två turer i veckan."))
    assert response.status_code == 302
    blocks = _blocks(article)
    assert [block_type for block_type, _value in blocks] == ["quote", "paragraph", "fact_box"]
    assert blocks[0][1]["quote"] == "Bussen är vår livlina."
    assert blocks[1][1].source == "<p>Vi började 2023 med två turer i veckan.</p>"
    assert blocks[2][1]["text"].source == "<p>40 000 kronor om året.</p>"
    body = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object().body
    assert {b.block_type: b.id for b in body if b.block_type != "paragraph"} == ids


def test_text_split_by_the_editor_is_edited_box_by_box(client, reviewed_draft):
    article, _ids = reviewed_draft(
        [
            "text",
            {"type": "quote", "value": QUOTE},
            {"type": "paragraph", "value": '<p>Läs <a linktype="page" id="3">mer</a>.</p>'},
            {"type": "paragraph", "value": "<p>Redaktionens slutord.</p>"},
        ]
    )
    url = f"/kunskapsbank/skriv/{article.pk}/"
    form = client.get(url).context["form"]
    assert form.section_names == ["body", "body_2", "body_3"]
    assert form["body_2"].label == "Brödtext, del 2 av 3"
    assert form.initial["body_3"] == "<p>Redaktionens slutord.</p>"

    response = client.post(
        url,
        article_data(
            body='Ny början.<script>alert(1)</script><a href="javascript:alert(1)">x</a>',
            body_2=form.initial["body_2"],  # unchanged, with a page link members cannot write
            body_3="",  # emptied: the block goes
        ),
    )
    assert response.status_code == 302
    blocks = _blocks(article)
    assert [block_type for block_type, _value in blocks] == ["paragraph", "quote", "paragraph"]
    assert blocks[0][1].source == "<p>Ny början.<a>x</a></p>"
    assert blocks[2][1].source == '<p>Läs <a linktype="page" id="3">mer</a>.</p>'


def test_later_text_boxes_are_sanitised_too(client, reviewed_draft):
    article, _ids = reviewed_draft(
        [
            "text",
            {"type": "fact_box", "value": FACT_BOX},
            {"type": "paragraph", "value": "<p>B</p>"},
        ]
    )
    response = client.post(
        f"/kunskapsbank/skriv/{article.pk}/",
        article_data(body="A", body_2='<p onclick="alert(1)">B ändrad</p><style>p{}</style>'),
    )
    assert response.status_code == 302
    blocks = _blocks(article)
    assert [block_type for block_type, _value in blocks] == ["paragraph", "fact_box", "paragraph"]
    assert blocks[2][1].source == "<p>B ändrad</p>"


def test_body_without_text_gets_the_new_text_after_the_kept_blocks(client, reviewed_draft):
    article, _ids = reviewed_draft([{"type": "quote", "value": QUOTE}])
    url = f"/kunskapsbank/skriv/{article.pk}/"
    html = client.get(url).content.decode()
    assert html.index("Bussen är vår livlina.") < html.index('name="body"')
    assert client.post(url, article_data(body="Ny text.")).status_code == 302
    blocks = _blocks(article)
    assert [block_type for block_type, _value in blocks] == ["quote", "paragraph"]


def test_first_text_box_stays_required(client, reviewed_draft):
    article, _ids = reviewed_draft(["text", {"type": "quote", "value": QUOTE}])
    response = client.post(
        f"/kunskapsbank/skriv/{article.pk}/", article_data(body="<script></script>")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["body"] == ["Skriv artikelns text."]
    assert [block_type for block_type, _value in _blocks(article)] == ["paragraph", "quote"]


def test_other_member_cannot_touch_the_reviewed_draft(client, reviewed_draft):
    article, _ids = reviewed_draft(
        ["text", {"type": "quote", "value": QUOTE}, {"type": "paragraph", "value": "<p>B</p>"}]
    )
    before = ArticlePage.objects.get(pk=article.pk).latest_revision_id
    other = MembershipFactory().user
    client.force_login(other)
    url = f"/kunskapsbank/skriv/{article.pk}/"
    assert client.get(url).status_code == 404
    assert client.post(url, article_data(body="Kapat", body_2="Kapat")).status_code == 404
    assert ArticlePage.objects.get(pk=article.pk).latest_revision_id == before


def test_text_block_added_after_the_form_was_shown_is_kept(client, reviewed_draft):
    """The member's form had one box; an editor added a second text block meanwhile."""
    article, _ids = reviewed_draft(
        ["text", {"type": "quote", "value": QUOTE}, {"type": "paragraph", "value": "<p>Nytt</p>"}]
    )
    response = client.post(f"/kunskapsbank/skriv/{article.pk}/", article_data(body="Ändrad."))
    assert response.status_code == 302
    blocks = _blocks(article)
    assert [block_type for block_type, _value in blocks] == ["paragraph", "quote", "paragraph"]
    assert blocks[0][1].source == "<p>Ändrad.</p>"
    assert blocks[2][1].source == "<p>Nytt</p>"


def test_an_edit_over_a_newer_revision_is_refused_and_loses_nothing(
    client, library, member, editor
):
    """The editor saved while the member was writing: nothing is overwritten, 409 and retry."""
    client.post(CREATE_URL, article_data(body="Vi började 2023."))
    article = ArticlePage.objects.get(owner=member)
    url = f"/kunskapsbank/skriv/{article.pk}/"
    opened = client.get(url).context["form"].initial["revision"]
    assert opened == article.latest_revision_id
    _editor_rewrites_body(article, editor, ["text", {"type": "quote", "value": QUOTE}])
    revisions = article.revisions.count()

    stale = client.post(url, {**article_data(body="Min nya text."), "revision": opened})

    assert stale.status_code == 409
    html = stale.content.decode()
    assert "Artikeln har ändrats sedan du öppnade den" in html
    assert "Min nya text." in html  # the member's text is still in the form
    assert "Bussen är vår livlina." in html  # beside the editor's newer quote
    assert article.revisions.count() == revisions
    newest = ArticlePage.objects.get(pk=article.pk).latest_revision_id
    assert stale.context["form"]["revision"].value() == str(newest)

    saved = client.post(url, {**article_data(body="Min nya text."), "revision": newest})

    assert saved.status_code == 302
    blocks = _blocks(article)
    assert [block_type for block_type, _value in blocks] == ["paragraph", "quote"]
    assert blocks[0][1].source == "<p>Min nya text.</p>"


def test_editors_table_scrolls_in_its_own_box_on_the_form_and_the_preview(client, reviewed_draft):
    table = {
        "data": [["Tjänst", "Ombud"], ["Paket", "3"]],
        "first_row_is_table_header": True,
        "first_col_is_header": False,
        "table_caption": "Ombud i byn",
    }
    article, _ids = reviewed_draft(["text", {"type": "table", "value": table}])

    for url in (
        f"/kunskapsbank/skriv/{article.pk}/",
        f"/kunskapsbank/skriv/{article.pk}/forhandsgranska/",
    ):
        html = client.get(url).content.decode()
        # A narrow screen scrolls the table, not the page; keyboards reach the box by its name.
        box = html.index('role="region" tabindex="0" aria-label="Ombud i byn"')
        assert box < html.index("<table>") < html.index("Paket")
