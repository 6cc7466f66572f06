"""Factories for the knowledge library's pages."""

import datetime

import factory
import wagtail_factories

from knowledge.models import ArticleKind, ArticlePage, LibraryIndexPage


class LibraryIndexPageFactory(wagtail_factories.PageFactory):
    """A published library index; pass parent=home."""

    title = "Kunskapsbank"
    slug = "kunskapsbank"

    class Meta:
        model = LibraryIndexPage


class ArticlePageFactory(wagtail_factories.PageFactory):
    """A published article; pass parent=library. Topics and counties via .topics.set()."""

    title = factory.Sequence(lambda n: f"Artikel {n}")
    slug = factory.Sequence(lambda n: f"artikel-{n}")
    kind = ArticleKind.METHOD_SUPPORT
    summary = "En kort sammanfattning av artikeln."
    publication_date = datetime.date(2024, 5, 1)

    class Meta:
        model = ArticlePage
