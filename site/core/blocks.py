"""StreamField blocks shared by every page type."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

# Rich text for editors' and members' prose: structure and links, no styling.
RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.StructBlock):
    """A section heading at level 2 or 3."""

    text = blocks.CharBlock(label=_("Rubrik"), max_length=200)
    level = blocks.ChoiceBlock(label=_("Nivå"), choices=[("h2", "H2"), ("h3", "H3")], default="h2")

    class Meta:
        icon = "title"
        label = _("Rubrik")
        template = "blocks/heading_block.html"


class ImageBlock(blocks.StructBlock):
    """An image with mandatory alternative text and an optional caption."""

    image = ImageChooserBlock(label=_("Bild"))
    alt_text = blocks.CharBlock(
        label=_("Alternativtext"),
        max_length=250,
        help_text=_("Beskriv bildens innehåll för den som inte ser den."),
    )
    caption = blocks.CharBlock(label=_("Bildtext"), required=False, max_length=300)

    class Meta:
        icon = "image"
        label = _("Bild")
        template = "blocks/image_block.html"


class QuoteBlock(blocks.StructBlock):
    """A pull quote with its source."""

    quote = blocks.TextBlock(label=_("Citat"))
    source = blocks.CharBlock(label=_("Källa"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Citat")
        template = "blocks/quote_block.html"


class FactBoxBlock(blocks.StructBlock):
    """A boxed summary of key facts."""

    title = blocks.CharBlock(label=_("Rubrik"), max_length=200)
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "info-circle"
        label = _("Faktaruta")
        template = "blocks/fact_box_block.html"


class DocumentLinksBlock(blocks.StructBlock):
    """A titled list of downloadable documents."""

    title = blocks.CharBlock(label=_("Rubrik"), required=False, max_length=200)
    documents = blocks.ListBlock(DocumentChooserBlock(label=_("Dokument")))

    class Meta:
        icon = "doc-full"
        label = _("Dokument")
        template = "blocks/document_links_block.html"


class BodyBlock(blocks.StreamBlock):
    """The body of standard pages and articles."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)
    image = ImageBlock()
    quote = QuoteBlock()
    fact_box = FactBoxBlock()
    documents = DocumentLinksBlock()
