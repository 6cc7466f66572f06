"""The XML sitemap: every public page in every language."""

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class AllLanguagesSitemap(Sitemap):
    """Wagtail's sitemap, widened from the site root to all its translations."""

    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        descendants = Page.objects.none()
        for root in roots:
            descendants |= Page.objects.descendant_of(root, inclusive=True)
        return descendants.live().public().order_by("path").defer_streamfields().specific()
