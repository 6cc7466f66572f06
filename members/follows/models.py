"""What members follow, and the ledger of what each was told of."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Follow(models.Model):
    """One thing a member follows: a county, an article kind or a page (a meeting, an article).

    Topics are followed through the member's interests (``User.interests``).
    Exactly one of ``county``, ``kind`` and ``page`` is set.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medlem"),
        on_delete=models.CASCADE,
        related_name="follows",
    )
    county = models.ForeignKey(
        "core.County",
        verbose_name=_("län"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    # An article kind's key (``knowledge.models.ArticleKind``), as registered in ``kinds``.
    kind = models.CharField(_("sort av artikel"), max_length=20, blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("sida"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sedan"), auto_now_add=True)

    class Meta:
        verbose_name = _("bevakning")
        verbose_name_plural = _("bevakningar")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(county__isnull=False, kind="", page__isnull=True)
                    | Q(county__isnull=True, page__isnull=True) & ~Q(kind="")
                    | Q(county__isnull=True, kind="", page__isnull=False)
                ),
                name="members_follow_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "county"],
                condition=Q(county__isnull=False),
                name="members_follow_county_once",
            ),
            models.UniqueConstraint(
                fields=["user", "kind"], condition=~Q(kind=""), name="members_follow_kind_once"
            ),
            models.UniqueConstraint(
                fields=["user", "page"],
                condition=Q(page__isnull=False),
                name="members_follow_page_once",
            ),
        ]

    def __str__(self):
        target = self.county or self.kind or self.page
        return f"{self.user} → {target}"


class DigestEntry(models.Model):
    """A page a member was told of (in a digest or at once): never told of again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("berättat om")
        verbose_name_plural = _("berättat om")
        constraints = [
            models.UniqueConstraint(fields=["user", "page"], name="members_digest_entry_once")
        ]

    def __str__(self):
        return f"{self.user_id} ← {self.page_id}"
