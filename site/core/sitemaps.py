"""The XML sitemap: every public page in every language."""

from django.db.models import Max
from django.db.models.functions import Coalesce

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class AllLanguagesSitemap(Sitemap):
    """Wagtail's sitemap, widened from the site root to all its translations.

    At most ``limit`` URLs a file (the protocol allows 50,000): ``/sitemap.xml`` is
    the index of the files, ``/sitemap-pages.xml?p=2`` the second one.
    """

    limit = 5000

    def _pages(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        descendants = Page.objects.none()
        for root in roots:
            descendants |= Page.objects.descendant_of(root, inclusive=True)
        return descendants.live().public()

    def items(self):
        return self._pages().order_by("path").defer_streamfields().specific()

    def get_latest_lastmod(self):
        """The index's date, from one query: Django's default loads every page."""
        return self._pages().aggregate(
            latest=Max(Coalesce("last_published_at", "latest_revision_created_at"))
        )["latest"]
