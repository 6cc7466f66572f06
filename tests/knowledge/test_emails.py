"""Review outcomes and Wagtail's moderation notices go through the outbox, in each reader's
language."""

from wagtail.models import WorkflowState

import pytest

from core.outbox.models import Message
from knowledge.services import article_submit
from tests.factories.knowledge import ArticlePageFactory
from tests.factories.members import sign_in_with_mfa
from tests.factories.outbox import run_send_outbox, wait_for_retry

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(library, member, mail_server, django_capture_on_commit_callbacks):
    """The member's draft, submitted for review; Wagtail's notices to moderators sent."""
    article = ArticlePageFactory(parent=library, title="Bokbussen i Dorotea", owner=member)
    article.unpublish()
    article.save_revision(user=member)
    with django_capture_on_commit_callbacks(execute=True):
        article_submit(article=article, user=member)
    return article


def _decide(client, editor, article, action, comment=""):
    sign_in_with_mfa(client, editor)
    state = WorkflowState.objects.for_instance(article).get(status="in_progress")
    url = f"/admin/pages/workflow/action/{article.pk}/{action}/{state.current_task_state.pk}/"
    return client.post(url, {"comment": comment})


def test_wagtails_notice_to_moderators_goes_through_the_outbox(editor, submitted, mail_server):
    [notice] = Message.objects.filter(kind="core.mail")
    assert (notice.user, notice.status, notice.to) == (editor, "sent", [editor.email])
    [received] = mail_server.messages
    assert received["Subject"].startswith("[Mötesplats] ")
    assert received.get_all("Auto-Submitted") == ["auto-generated"]


def test_the_outcome_is_written_in_the_members_language(
    client, member, editor, submitted, mail_server, django_capture_on_commit_callbacks
):
    member.language = "en"
    member.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        response = _decide(client, editor, submitted, "approve")
    assert response.status_code == 302
    message = Message.objects.get(kind="knowledge.review_outcome")
    assert (message.user, message.language, message.status) == (member, "en", "sent")
    assert message.subject == "[Mötesplats] Your article “Bokbussen i Dorotea” has been published"
    assert mail_server.messages[-1]["To"] == member.email


def test_the_outcome_waits_out_an_outage(
    client, member, editor, submitted, mail_server, django_capture_on_commit_callbacks
):
    mail_server.stop()
    sent_before = len(mail_server.messages)
    with django_capture_on_commit_callbacks(execute=True):
        response = _decide(client, editor, submitted, "reject", "Lägg till kostnaderna.")
    assert response.status_code == 302
    # The decision is kept; the member's message waits with the reason.
    state = WorkflowState.objects.for_instance(submitted).get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    message = Message.objects.get(kind="knowledge.review_outcome")
    assert message.status == Message.Status.PENDING
    assert message.last_error.startswith("ConnectionRefusedError")

    mail_server.start()
    wait_for_retry()
    run_send_outbox()
    run_send_outbox()
    [outcome] = mail_server.messages[sent_before:]
    assert outcome["To"] == member.email
    assert "behöver ändras" in outcome["Subject"]
    assert "Lägg till kostnaderna." in outcome.get_content()
