"""Hooks into Wagtail's workflow: tell a member how the review of their article went."""

from wagtail.models import Workflow, WorkflowPage, WorkflowState

from .models import ArticlePage, LibraryIndexPage
from .services import REVIEW_WORKFLOW_NAME, notify_review_outcome

APPROVED = "approved"
NEEDS_CHANGES = "needs_changes"


def _member_article(workflow_state: WorkflowState) -> ArticlePage | None:
    page = workflow_state.content_object
    article = getattr(page, "specific", None)
    if isinstance(article, ArticlePage) and article.owner_id:
        return article
    return None


def _last_comment(workflow_state: WorkflowState) -> str:
    task_state = workflow_state.task_states.order_by("-finished_at", "-pk").first()
    return task_state.comment if task_state else ""


def on_workflow_approved(sender, instance: WorkflowState, user=None, **kwargs) -> None:
    """The editors approved the article, which Wagtail has just published."""
    article = _member_article(instance)
    if article and article.owner_id != getattr(user, "pk", None):
        notify_review_outcome(
            article_id=article.pk, outcome=APPROVED, comment=_last_comment(instance)
        )


def on_workflow_rejected(sender, instance: WorkflowState, user=None, **kwargs) -> None:
    """The editors asked for changes, usually with a comment."""
    article = _member_article(instance)
    if article and article.owner_id != getattr(user, "pk", None):
        notify_review_outcome(
            article_id=article.pk, outcome=NEEDS_CHANGES, comment=_last_comment(instance)
        )


def on_library_created(sender, instance: LibraryIndexPage, created: bool, **kwargs) -> None:
    """A new library's articles are moderated by the "Granskning" workflow."""
    if not created or kwargs.get("raw"):
        return
    workflow = Workflow.objects.filter(name=REVIEW_WORKFLOW_NAME, active=True).first()
    if workflow and not WorkflowPage.objects.filter(page=instance).exists():
        WorkflowPage.objects.create(page=instance, workflow=workflow)
