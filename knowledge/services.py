"""State changes of the library: members' drafts, their submission for review, and its outcome."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from wagtail.blocks import StreamValue
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Workflow, WorkflowState
from wagtail.rich_text import RichText
from wagtail.users.models import UserProfile

from core.models import County, Topic
from events.models import EventPage
from members.models import Organisation

from . import emails
from .models import ArticleAttachment, ArticleAuthor, ArticleKind, ArticlePage, LibraryIndexPage
from .sanitize import sanitise_member_html

REVIEW_WORKFLOW_NAME = "Granskning"
MEMBER_TEXT_BLOCK = "paragraph"
# Members' images and attachments go here; see permissions.document_access.
MEMBER_UPLOADS_COLLECTION = "Medlemmarnas bidrag"


@dataclass(frozen=True)
class ArticleDraft:
    """What a member wrote: validated and with the body already sanitised."""

    title: str
    summary: str
    body_sections: Sequence[str | None]
    counties: Iterable[County]
    topics: Iterable[Topic]
    organisation: Organisation | None
    image_file: UploadedFile | None
    image_alt: str
    attachment_files: Iterable[UploadedFile]


class ArticleLocked(Exception):
    """The article is under review and cannot be changed or submitted again now."""


class ArticleChanged(Exception):
    """Someone saved the draft after the member opened it; saving would overwrite that."""


def article_review_state(article: ArticlePage) -> WorkflowState | None:
    """The article's most recent review, if it was ever submitted."""
    return (
        WorkflowState.objects.for_instance(article)
        .select_related("current_task_state")
        .order_by("-created_at", "-pk")
        .first()
    )


def article_is_editable(article: ArticlePage) -> bool:
    """Whether the owner may change the draft: not while editors are reviewing it."""
    state = article_review_state(article)
    return state is None or state.status != WorkflowState.STATUS_IN_PROGRESS


SWEDISH_LETTERS = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})


def _unique_slug(index_page: LibraryIndexPage, title: str) -> str:
    """An ASCII slug for the title, numbered if a sibling already has it."""
    base = slugify(title.lower().translate(SWEDISH_LETTERS))[:80].strip("-") or "artikel"
    taken = set(
        index_page.get_children().filter(slug__startswith=base).values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def member_text_sections(body: StreamValue) -> list[StreamValue.StreamChild]:
    """The blocks of the body that the member writes: its text (paragraph) blocks."""
    return [block for block in body if block.block_type == MEMBER_TEXT_BLOCK]


def merge_member_text(body: StreamValue, sections: Sequence[str | None]) -> StreamValue:
    """The body with the member's text sections put in place of its text blocks.

    Members write text; editors may add quotes, fact boxes, tables, images and
    document lists while reviewing, or split the text around them. The member's
    form shows one text box per text block with the other blocks read-only in
    between, so here the n-th section replaces the n-th text block and every
    other block keeps its place and its id. A section left unchanged keeps its
    block as it was (with features members cannot write, such as links to
    pages), as does a missing (None) one, an emptied section removes its block,
    and sections beyond the text blocks (a body with none) are added at the end.
    """
    texts = iter(sections)
    merged = []
    for block in body:
        if block.block_type != MEMBER_TEXT_BLOCK:
            merged.append((block.block_type, block.value, block.id))
            continue
        html = next(texts, None)
        if html is None or html == sanitise_member_html(block.value.source):
            merged.append((block.block_type, block.value, block.id))
        elif html:
            merged.append((MEMBER_TEXT_BLOCK, RichText(html), block.id))
    merged.extend((MEMBER_TEXT_BLOCK, RichText(html)) for html in texts if html)
    return StreamValue(body.stream_block, merged)


def member_uploads_collection() -> Collection:
    """The collection that holds members' uploads, created below the root on first use."""
    collection = (
        Collection.objects.filter(name=MEMBER_UPLOADS_COLLECTION, depth=2).order_by("path").first()
    )
    return collection or Collection.get_first_root_node().add_child(name=MEMBER_UPLOADS_COLLECTION)


def _apply_draft(article: ArticlePage, draft: ArticleDraft, user) -> None:
    article.title = draft.title
    article.summary = draft.summary
    article.body = merge_member_text(article.body, draft.body_sections)
    article.organisation = draft.organisation
    article.counties = list(draft.counties)
    article.topics = list(draft.topics)
    uploads = draft.image_file or draft.attachment_files
    collection = member_uploads_collection() if uploads else None
    if draft.image_file:
        image = get_image_model()(
            title=draft.title, file=draft.image_file, uploaded_by_user=user, collection=collection
        )
        image.save()
        article.image = image
    if article.image_id or draft.image_file:
        article.image_alt = draft.image_alt
    documents = [
        get_document_model().objects.create(
            title=uploaded.name,
            file=uploaded,
            file_size=uploaded.size,  # as Wagtail's own upload records it
            uploaded_by_user=user,
            collection=collection,
        )
        for uploaded in draft.attachment_files
    ]
    article.attachments = [
        *(ArticleAttachment(document=a.document) for a in article.attachments.all()),
        *(ArticleAttachment(document=document) for document in documents),
    ]


@transaction.atomic
def article_draft_create(
    *, index_page: LibraryIndexPage, user, draft: ArticleDraft
) -> ArticlePage:
    """Create an unpublished experience article owned by the member, with a first revision."""
    article = ArticlePage(
        title=draft.title,
        slug=_unique_slug(index_page, draft.title),
        kind=ArticleKind.EXPERIENCE,
        summary=draft.summary,
        live=False,
        owner=user,
        publication_date=timezone.localdate(),
    )
    _apply_draft(article, draft, user)
    article.authors = [ArticleAuthor(user=user)]
    index_page.add_child(instance=article)
    article.save_revision(user=user, log_action=True)
    return article


@transaction.atomic
def article_draft_update(
    *, article: ArticlePage, user, draft: ArticleDraft, based_on: int | None = None
) -> ArticlePage:
    """Save the member's changes as a new draft revision; a published version stays as it is.

    ``based_on`` is the revision the member's form showed: if another revision was
    saved since (an editor's, or the member's own in another tab), nothing is saved
    and ``ArticleChanged`` is raised. The page row is locked for the check.
    """
    if article.owner_id != user.pk:
        raise PermissionDenied
    if not article_is_editable(article):
        raise ArticleLocked
    current = (
        Page.objects.select_for_update()
        .values_list("latest_revision_id", flat=True)
        .get(pk=article.pk)
    )
    if based_on is not None and current != based_on:
        raise ArticleChanged
    article.refresh_from_db(fields=["latest_revision"])
    latest = article.get_latest_revision_as_object()
    _apply_draft(latest, draft, user)
    latest.save_revision(user=user, log_action=True)
    return latest


def review_workflow(article: ArticlePage) -> Workflow:
    """The workflow assigned to the library, else the "Granskning" workflow itself."""
    return article.get_workflow() or Workflow.objects.get(name=REVIEW_WORKFLOW_NAME, active=True)


@transaction.atomic
def article_submit(*, article: ArticlePage, user) -> WorkflowState:
    """Send the latest draft to the editors' review, or back to it after requested changes."""
    if article.owner_id != user.pk:
        raise PermissionDenied
    state = article_review_state(article)
    if state and state.status == WorkflowState.STATUS_IN_PROGRESS:
        raise ArticleLocked
    if not user.has_perm("wagtailadmin.access_admin"):
        # Members hear about the outcome from us; Wagtail's own notices link into an
        # admin they cannot open.
        profile = UserProfile.get_for_user(user)
        profile.approved_notifications = False
        profile.rejected_notifications = False
        profile.save(update_fields=["approved_notifications", "rejected_notifications"])
    if state and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user=user)
        return state
    return review_workflow(article).start(article, user)


def notify_review_outcome(*, article_id: int, outcome: str, comment: str = "") -> None:
    """Tell the owner by e-mail, in the transaction of the review's decision."""
    article = ArticlePage.objects.select_related("owner").filter(pk=article_id).first()
    if article is not None and article.owner is not None and article.owner.email:
        emails.review_outcome(article=article, outcome=outcome, comment=comment)


@transaction.atomic
def experience_draft_from_meeting(
    *, event: EventPage, library: LibraryIndexPage, user
) -> ArticlePage:
    """A draft experience article about the meeting, for an editor to write up.

    The meeting's title, date, county and topics are filled in and the meeting is
    linked as related; the editor writes the rest before publishing.
    """
    when = formats.date_format(timezone.localtime(event.start).date(), "j F Y")
    title = gettext("Erfarenheter från %(title)s") % {"title": event.title}
    summary = gettext("Erfarenheter från mötet %(title)s den %(date)s.") % {
        "title": event.title,
        "date": when,
    }
    article = ArticlePage(
        title=title,
        slug=_unique_slug(library, title),
        kind=ArticleKind.EXPERIENCE,
        summary=f"{summary} {event.summary}".strip()[:600],
        live=False,
        owner=user,
    )
    library.add_child(instance=article)
    if event.county_id:
        article.counties.set([event.county_id])
    article.topics.set(event.topics.all())
    article.related_meetings.set([event])
    article.save()
    article.save_revision(user=user)
    return article
