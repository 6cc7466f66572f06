"""StreamField blocks of event pages: the programme."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks


class ProgrammeItemBlock(blocks.StructBlock):
    """One item of a meeting's programme: a time, a title, speakers and a description."""

    start_time = blocks.TimeBlock(label=_("Starttid"), format="%H:%M")
    end_time = blocks.TimeBlock(label=_("Sluttid"), required=False, format="%H:%M")
    title = blocks.CharBlock(label=_("Rubrik"), max_length=200)
    speakers = blocks.CharBlock(label=_("Medverkande"), required=False, max_length=300)
    description = blocks.TextBlock(label=_("Beskrivning"), required=False)

    class Meta:
        icon = "time"
        label = _("Programpunkt")


class ProgrammeDayBlock(blocks.StructBlock):
    """A heading that starts a new day in a multi-day programme."""

    heading = blocks.CharBlock(
        label=_("Dag"), max_length=100, help_text=_("T.ex. ”Dag 1, tisdag 3 mars”.")
    )

    class Meta:
        icon = "date"
        label = _("Ny dag")


class ProgrammeBlock(blocks.StreamBlock):
    """A meeting's programme (agenda)."""

    day = ProgrammeDayBlock()
    item = ProgrammeItemBlock()
