"""Members write, submit and revise experience articles; editors review them in the admin."""

import io

from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from wagtail.models import WorkflowState

import pytest
from PIL import Image

from core.models import County, Topic
from knowledge.models import ArticleKind, ArticlePage
from members.models import Membership
from tests.factories.core import TopicFactory
from tests.factories.knowledge import ArticlePageFactory
from tests.factories.members import (
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    assert_asked_for_code,
    assert_sent_to_set_up,
    sign_in_with_mfa,
)

pytestmark = pytest.mark.django_db

CREATE_URL = "/kunskapsbank/skriv/"
MINE_URL = "/kunskapsbank/mina-artiklar/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def png_file(name="bild.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def article_data(**overrides) -> dict:
    data = {
        "title": "Hemsändning med bokbussen",
        "summary": "Bokbussen i Dorotea kör ut varor till dem som inte kan ta sig till butiken.",
        "body": (
            "Vi började 2023.\n\n<h2>Så gjorde vi</h2>\n\nKommunen och butiken <b>samverkar</b>."
        ),
        "counties": [County.objects.get(slug="vasterbottens-lan").pk],
        "topics": [TopicFactory(slug="hemsandning", name="Hemsändning").pk],
    }
    data.update(overrides)
    return data


def workflow_action_url(article, action) -> str:
    state = WorkflowState.objects.for_instance(article).get(status="in_progress")
    return f"/admin/pages/workflow/action/{article.pk}/{action}/{state.current_task_state.pk}/"


def workflow_action(client, article, action, comment="", **kwargs):
    return client.post(workflow_action_url(article, action), {"comment": comment}, **kwargs)


def test_whole_contribution_workflow(
    client, library, member, editor, django_capture_on_commit_callbacks
):
    organisation = member.memberships.get().organisation
    organisation.name = "Region Västerbotten"
    organisation.save()
    # The member writes a draft with an image and an attachment.
    response = client.post(
        CREATE_URL,
        {
            **article_data(organisation=organisation.pk, image_alt="Bokbussen vid butiken"),
            "image": png_file(),
            "attachments": [
                SimpleUploadedFile("rutiner.pdf", b"%PDF-1.7\n%rutiner", "application/pdf")
            ],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    article = ArticlePage.objects.get(owner=member)
    assert not article.live
    assert article.kind == ArticleKind.EXPERIENCE
    assert response["Location"] == f"/kunskapsbank/skriv/{article.pk}/forhandsgranska/"

    # A draft is not public and is not found by visitors.
    assert client.get(article.url).status_code == 404

    # The preview shows it to its owner.
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Förhandsgranskning." in html
    assert "<h2>Så gjorde vi</h2>" in html
    assert 'alt="Bokbussen vid butiken"' in html
    assert "rutiner.pdf" in html

    # Submitting starts the review workflow; the member can no longer change it.
    response = client.post(f"/kunskapsbank/skriv/{article.pk}/skicka/")
    assert response.status_code == 302
    state = WorkflowState.objects.for_instance(article).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Granskning"
    mine = client.get(MINE_URL).content.decode()
    assert "Granskas av redaktionen" in mine
    edit = client.get(f"/kunskapsbank/skriv/{article.pk}/")
    assert edit.status_code == 302

    # The editor requests changes with a comment in the Wagtail admin.
    editor_client = client.__class__()
    sign_in_with_mfa(editor_client, editor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = workflow_action(editor_client, article, "reject", "Lägg till kostnaderna.")
    assert response.status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert [m.to for m in mail.outbox] == [["maja@region.se"]]
    assert "behöver ändras" in mail.outbox[0].subject
    assert "Lägg till kostnaderna." in mail.outbox[0].body
    mine = client.get(MINE_URL).content.decode()
    assert "Behöver ändras" in mine
    assert "Lägg till kostnaderna." in mine

    # The member revises and resubmits.
    edit = client.get(f"/kunskapsbank/skriv/{article.pk}/")
    assert edit.status_code == 200
    assert edit.context["form"].initial["title"] == "Hemsändning med bokbussen"
    response = client.post(
        f"/kunskapsbank/skriv/{article.pk}/",
        article_data(
            body="Vi började 2023. Det kostade 40 000 kronor om året.",
            image_alt="Bokbussen vid butiken",
            organisation=organisation.pk,
        ),
    )
    assert response.status_code == 302
    client.post(f"/kunskapsbank/skriv/{article.pk}/skicka/")
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS

    # The editor approves: the page is published with author and organisation.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = workflow_action(editor_client, article, "approve")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.live
    assert [m.to for m in mail.outbox] == [["maja@region.se"]]
    assert "är publicerad" in mail.outbox[0].subject
    page = client.__class__().get(article.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "40 000 kronor" in html
    assert "Maja Lind" in html
    assert "Region Västerbotten" in html
    assert "Publicerad" in client.get(MINE_URL).content.decode()


def test_visitor_is_sent_to_login(client, library):
    response = client.get(CREATE_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


def test_unverified_member_may_not_contribute(client, library):
    client.force_login(UserFactory(verified_email=False))
    response = client.get(CREATE_URL)
    assert response.status_code == 403
    assert "verifierad e-postadress" in response.content.decode()
    assert client.post(CREATE_URL, article_data()).status_code == 403
    assert not ArticlePage.objects.exists()


@pytest.mark.parametrize("suffix", ["", "forhandsgranska/"])
def test_member_cannot_see_others_drafts(client, library, member, suffix):
    other = UserFactory()
    draft = ArticlePageFactory(parent=library, owner=other, title="Någon annans utkast")
    draft.unpublish()
    assert client.get(f"/kunskapsbank/skriv/{draft.pk}/{suffix}").status_code == 404


def test_member_cannot_change_or_submit_others_drafts(client, library, member):
    other = UserFactory()
    draft = ArticlePageFactory(parent=library, owner=other, title="Någon annans utkast")
    draft.unpublish()
    response = client.post(f"/kunskapsbank/skriv/{draft.pk}/", article_data(title="Kapat"))
    assert response.status_code == 404
    assert client.post(f"/kunskapsbank/skriv/{draft.pk}/skicka/").status_code == 404
    draft.refresh_from_db()
    assert draft.title == "Någon annans utkast"
    assert not WorkflowState.objects.exists()
    assert "Någon annans utkast" not in client.get(MINE_URL).content.decode()


def test_submit_needs_post(client, library, member):
    client.post(CREATE_URL, article_data())
    article = ArticlePage.objects.get(owner=member)
    assert client.get(f"/kunskapsbank/skriv/{article.pk}/skicka/").status_code == 405


def test_members_never_publish_directly(client, library, member):
    client.post(CREATE_URL, article_data())
    article = ArticlePage.objects.get(owner=member)
    client.post(f"/kunskapsbank/skriv/{article.pk}/skicka/")
    article.refresh_from_db()
    assert not article.live
    assert client.get("/admin/").status_code == 403  # no access to the admin


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "Det här fältet är obligatoriskt"),
        ({"title": "x" * 201}, "title", "Rubriken får vara högst 200 tecken."),
        ({"summary": ""}, "summary", "Det här fältet är obligatoriskt"),
        ({"body": "<script>alert(1)</script>"}, "body", "Skriv artikelns text."),
        ({"counties": ["999"]}, "counties", "Välj ett giltigt alternativ."),
    ],
)
def test_bad_input_is_explained_and_nothing_saved(
    client, library, member, overrides, field, message
):
    response = client.post(CREATE_URL, article_data(**overrides))
    assert response.status_code == 400
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors
    assert "Artikeln kunde inte sparas" in response.content.decode()
    assert not ArticlePage.objects.exists()


def test_image_needs_alt_text(client, library, member):
    response = client.post(CREATE_URL, {**article_data(), "image": png_file()})
    assert response.status_code == 400
    assert response.context["form"].errors["image_alt"] == ["Skriv en alternativtext till bilden."]
    assert not ArticlePage.objects.exists()


def test_topics_are_offered_by_label(client, library, member):
    Topic.objects.create(slug="drivmedel", name="Drivmedel", kind="service")
    html = client.get(CREATE_URL).content.decode()
    assert "Drivmedel" in html
    assert "<legend>Län som berörs</legend>" in html


def test_editing_a_published_article_keeps_the_public_version(client, library, member):
    article = ArticlePageFactory(
        parent=library, owner=member, title="Publicerad erfarenhet", kind=ArticleKind.EXPERIENCE
    )
    response = client.post(
        f"/kunskapsbank/skriv/{article.pk}/", article_data(title="Ny rubrik i utkast")
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.live and article.has_unpublished_changes
    public = client.get(article.url).content.decode()
    assert "Publicerad erfarenhet" in public
    assert "Ny rubrik i utkast" not in public
    mine = client.get(MINE_URL).content.decode()
    assert "Ny rubrik i utkast" in mine
    assert "Publicerad, med ändringar som inte skickats in" in mine


def test_verified_member_without_approved_membership_may_not_contribute(client, library):
    pending = MembershipFactory(status=Membership.Status.PENDING).user
    client.force_login(pending)
    response = client.get(CREATE_URL)
    assert response.status_code == 403
    assert "godkänd medlem" in response.content.decode()
    assert client.post(CREATE_URL, article_data()).status_code == 403
    assert not ArticlePage.objects.exists()


def test_form_proposes_the_members_organisation(client, library, member):
    organisation = member.memberships.get().organisation
    response = client.get(CREATE_URL)
    assert response.context["form"]["organisation"].initial == organisation
    assert f'<option value="{organisation.pk}" selected>' in response.content.decode()


# A member attributes articles to their own organisation only; editors choose any.

NOT_YOURS = "Du kan bara ange din egen organisation, eller ingen."


def test_form_offers_only_the_members_organisation(client, library, member):
    OrganisationFactory(name="Någon annans kommun")
    form = client.get(CREATE_URL).context["form"]
    assert list(form.fields["organisation"].queryset) == [member.memberships.get().organisation]
    assert "Någon annans kommun" not in str(form["organisation"])


def test_forged_organisation_is_refused_and_nothing_saved(client, library, member):
    other = OrganisationFactory(name="Någon annans kommun")
    response = client.post(CREATE_URL, article_data(organisation=other.pk))
    assert response.status_code == 400
    assert response.context["form"].errors["organisation"] == [NOT_YOURS]
    assert NOT_YOURS in response.content.decode()
    assert not ArticlePage.objects.exists()


def test_forged_organisation_on_a_draft_is_refused_and_nothing_saved(client, library, member):
    own = member.memberships.get().organisation
    client.post(CREATE_URL, article_data(organisation=own.pk))
    article = ArticlePage.objects.get(owner=member)
    revisions = article.revisions.count()
    other = OrganisationFactory(name="Någon annans kommun")
    response = client.post(
        f"/kunskapsbank/skriv/{article.pk}/",
        article_data(title="Ny rubrik", organisation=other.pk),
    )
    assert response.status_code == 400
    assert response.context["form"].errors["organisation"] == [NOT_YOURS]
    assert article.revisions.count() == revisions
    article.refresh_from_db()
    assert article.get_latest_revision_as_object().organisation == own


def test_member_may_name_their_organisation_or_none(client, library, member):
    own = member.memberships.get().organisation
    assert client.post(CREATE_URL, article_data(organisation=own.pk)).status_code == 302
    article = ArticlePage.objects.get(owner=member)
    assert article.organisation == own
    response = client.post(f"/kunskapsbank/skriv/{article.pk}/", article_data(organisation=""))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.get_latest_revision_as_object().organisation is None


def test_an_organisation_already_on_the_draft_is_kept(client, library, member):
    """What an editor set while reviewing (or the member's former organisation) may stay."""
    earlier = OrganisationFactory(name="Tidigare kommun")
    article = ArticlePageFactory(parent=library, owner=member, organisation=earlier)
    edit = client.get(f"/kunskapsbank/skriv/{article.pk}/")
    assert f'<option value="{earlier.pk}" selected>' in edit.content.decode()
    response = client.post(
        f"/kunskapsbank/skriv/{article.pk}/", article_data(organisation=earlier.pk)
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.get_latest_revision_as_object().organisation == earlier


def test_editors_choose_any_organisation_in_the_admin(client, library):
    article = ArticlePageFactory(parent=library)
    OrganisationFactory(name="Någon annans kommun")
    sign_in_with_mfa(client, UserFactory(is_superuser=True, is_staff=True, totp=True))
    response = client.get(f"/admin/pages/{article.pk}/edit/")
    assert "Någon annans kommun" in response.content.decode()


# Reviewing members' articles needs an authenticator and a session that used it.


@pytest.fixture
def submitted(client, library, member):
    """A member's article waiting for the editors' review."""
    client.post(CREATE_URL, article_data())
    article = ArticlePage.objects.get(owner=member)
    client.post(f"/kunskapsbank/skriv/{article.pk}/skicka/")
    return article


def moderator_client(**kwargs):
    """A client signed in, without the second factor, as a new moderator."""
    moderator = UserFactory(**kwargs)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    reviewer = Client()
    reviewer.force_login(moderator)
    return reviewer, moderator


def _in_review(article) -> bool:
    return WorkflowState.objects.for_instance(article).get().status == "in_progress"


def test_article_review_without_authenticator_sends_to_set_one_up(submitted):
    reviewer, _moderator = moderator_client()
    assert_sent_to_set_up(reviewer.get(f"/admin/pages/{submitted.pk}/edit/"))
    assert_sent_to_set_up(workflow_action(reviewer, submitted, "approve"))
    assert _in_review(submitted)


def test_article_review_in_a_session_without_the_second_factor_asks_for_a_code(submitted):
    reviewer, _moderator = moderator_client(totp=True)
    edit = f"/admin/pages/{submitted.pk}/edit/"
    assert_asked_for_code(reviewer.get(edit), edit)
    response = workflow_action(
        reviewer, submitted, "approve", headers={"referer": f"http://testserver{edit}"}
    )
    assert_asked_for_code(response, edit)
    assert _in_review(submitted)


def test_article_review_after_the_second_factor(submitted):
    reviewer, moderator = moderator_client(totp=True)
    sign_in_with_mfa(reviewer, moderator)
    assert reviewer.get(f"/admin/pages/{submitted.pk}/edit/").status_code == 200
    assert workflow_action(reviewer, submitted, "approve").status_code == 302
    assert ArticlePage.objects.get(pk=submitted.pk).live
