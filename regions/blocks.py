"""StreamField blocks of the regional service programme."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from core.blocks import RICH_TEXT_FEATURES


class PriorityBlock(blocks.StructBlock):
    """One priority of a county's programme and the measures that carry it out."""

    title = blocks.CharBlock(label=_("Prioritering"), max_length=200)
    description = blocks.RichTextBlock(
        label=_("Beskrivning"), features=RICH_TEXT_FEATURES, required=False
    )
    measures = blocks.ListBlock(
        blocks.CharBlock(label=_("Insats"), max_length=300),
        label=_("Insatser"),
        min_num=0,
    )

    class Meta:
        icon = "list-ul"
        label = _("Prioritering med insatser")
        template = "blocks/priority_block.html"


class ProgrammeBlock(blocks.StreamBlock):
    """The priorities and measures section of a county page."""

    priority = PriorityBlock()
    paragraph = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)
