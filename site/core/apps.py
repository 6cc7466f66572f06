from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Home page, standard pages, shared taxonomy and site-wide pieces."""

    name = "core"
    verbose_name = _("Webbplats")

    def ready(self):
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.models import Locale, PageViewRestriction, Site
        from wagtail.signals import page_published

        from . import page_cache, read_ahead
        from .generations import CONTENT
        from .models import County, SiteFooter, StandardPage, Topic
        from .search import SearchType, register_search_type, reindex_when_published

        register_search_type(SearchType(key="sida", label=_("Sidor"), model=StandardPage))
        # Everything shown to anonymous visitors besides the pages themselves; a
        # page's privacy setting is saved without publishing it.
        for model in (
            Site,
            PageViewRestriction,
            Locale,
            SiteFooter,
            Topic,
            County,
            get_image_model(),
            get_document_model(),
        ):
            page_cache.invalidate_on_change(model)
        page_cache.connect_signals()
        # Every page a member sees keys its fragments with the content generation.
        read_ahead.register(lambda user_id: [CONTENT.key])
        page_published.connect(reindex_when_published, dispatch_uid="core-search-reindex")
        # OpenSearch's client needs the name `events` lent to it while it is imported:
        # import it now, before any request is served (see core.opensearch).
        backends = settings.WAGTAILSEARCH_BACKENDS.values()
        if any(backend["BACKEND"] == "core.opensearch" for backend in backends):
            from . import opensearch  # noqa: F401
