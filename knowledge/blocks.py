"""StreamField blocks of library articles: the shared body blocks plus tables."""

from django.utils.translation import gettext_lazy as _

from wagtail.contrib.table_block.blocks import TableBlock

from core.blocks import BodyBlock


class ArticleBodyBlock(BodyBlock):
    """An article's body: prose, images, quotes, fact boxes, documents and tables."""

    table = TableBlock(
        label=_("Tabell"),
        help_text=_("Ge tabellen en rubrik och markera rubrikraden så att den blir tillgänglig."),
    )
