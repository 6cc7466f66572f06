from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    """The knowledge library: method support, guidelines, follow-ups and experience articles."""

    name = "knowledge"
    verbose_name = _("Kunskapsbank")

    def ready(self):
        from django.db.models.signals import post_save

        from wagtail.signals import workflow_approved, workflow_rejected

        from core.api import router as api
        from core.api.datasets import register_dataset
        from core.search import SearchType, register_search_type
        from members import gdpr as members_gdpr
        from members.discussion import registry as discussion
        from members.follows import kinds as follows
        from members.follows.digest import register_source

        from . import digest, gdpr, signals
        from .api import ArticlesEndpoint
        from .discussion import article_watchers
        from .models import ArticleKind, ArticlePage, LibraryIndexPage
        from .open_data import ARTICLES

        workflow_approved.connect(signals.on_workflow_approved, dispatch_uid="knowledge-approved")
        workflow_rejected.connect(signals.on_workflow_rejected, dispatch_uid="knowledge-rejected")
        post_save.connect(
            signals.on_library_created, sender=LibraryIndexPage, dispatch_uid="knowledge-library"
        )
        register_source(digest.new_articles)
        members_gdpr.register_exporter(gdpr.export_articles)
        members_gdpr.register_eraser(gdpr.erase_articles)
        follows.register_kinds(ArticleKind.choices)
        follows.register_page_type("articles", ArticlePage, _("Artiklar"))
        discussion.register_page_type(ArticlePage, article_watchers)
        register_search_type(
            SearchType(
                key="artikel",
                label=_("Artiklar i kunskapsbanken"),
                model=ArticlePage,
                kind_field="kind",
                kind_choices=ArticleKind.choices,
            )
        )
        api.register(ArticlesEndpoint.name, ArticlesEndpoint)

        # The "Öppna data" page and the DCAT catalogue describe the dataset.
        register_dataset(ARTICLES)
