"""Comments on pages, members' reports of them, and a page's moderation setting."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CommentQuerySet(models.QuerySet):
    def shown(self):
        """Comments the public thread shows: published ones and removed ones (as removed)."""
        return self.filter(status__in=[Comment.Status.PUBLISHED, Comment.Status.REMOVED])

    def counted(self):
        """Comments a count tells of: published ones the thread shows (not under a hidden one)."""
        return self.filter(status=Comment.Status.PUBLISHED).filter(
            models.Q(parent=None)
            | models.Q(parent__status__in=[Comment.Status.PUBLISHED, Comment.Status.REMOVED])
        )


class Comment(models.Model):
    """A member's comment on a page, or a reply to one (one level deep)."""

    class Status(models.TextChoices):
        PUBLISHED = "published", _("Publicerad")
        HELD = "held", _("Väntar på granskning")
        HIDDEN = "hidden", _("Dold")
        REMOVED = "removed", _("Borttagen")

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("sida"), on_delete=models.CASCADE, related_name="+"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("svar på"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    # Null once the author's account is gone and comments are kept ("tidigare medlem").
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medlem"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    body = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED
    )
    created_at = models.DateTimeField(_("skriven"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("ändrad"), null=True, blank=True)
    # When others could first read it: at once, or when an editor approved it.
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True, db_index=True)
    removal_reason = models.TextField(_("skäl till borttagning"), blank=True)
    moderated_at = models.DateTimeField(_("modererad"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("kommentar")
        verbose_name_plural = _("kommentarer")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["page", "status"], name="members_comment_page_status")]

    def __str__(self):
        return f"{self.page_id}#{self.pk}"

    @property
    def is_removed(self) -> bool:
        return self.status == self.Status.REMOVED


class CommentReport(models.Model):
    """A member's report ("Anmäl") of a comment to the editors; once per member."""

    comment = models.ForeignKey(
        Comment, verbose_name=_("kommentar"), on_delete=models.CASCADE, related_name="reports"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("anmäld av"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("anmäld"), auto_now_add=True)
    # Set when an editor has decided on the comment; the queue shows open reports.
    handled = models.BooleanField(_("hanterad"), default=False)

    class Meta:
        verbose_name = _("anmälan av kommentar")
        verbose_name_plural = _("anmälningar av kommentarer")
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="members_comment_report_once")
        ]

    def __str__(self):
        return f"{self.user_id} → {self.comment_id}"


class DiscussionSettings(models.Model):
    """A page's discussion setting: hold new comments for an editor's approval first.

    Kept beside the page (any page type that takes comments) rather than as a field of
    each type; a page without a row publishes comments at once.
    """

    page = models.OneToOneField(
        "wagtailcore.Page",
        verbose_name=_("sida"),
        on_delete=models.CASCADE,
        related_name="discussion_settings",
    )
    hold_for_approval = models.BooleanField(
        _("granska kommentarer före publicering"),
        default=True,
        help_text=_("Nya kommentarer på sidan visas först när en redaktör har godkänt dem."),
    )

    class Meta:
        verbose_name = _("inställning för diskussion")
        verbose_name_plural = _("inställningar för diskussion")

    def __str__(self):
        return str(self.page)
