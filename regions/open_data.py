"""The counties' programmes and the contact persons as datasets of the open data."""

from django.utils.translation import gettext_lazy as _

from core.api.datasets import Dataset, Frequency, Theme

from .models import CountyPage

COUNTIES = Dataset(
    key="lan",
    title=_("Länens serviceprogram och uppföljning"),
    description=_(
        "Varje läns regionala serviceprogram för kommersiell service: programperiod, status, "
        "dokument och prioriteringar, och de godkända siffrorna från den årliga uppföljningen."
    ),
    keywords=(_("serviceprogram"), _("län"), _("uppföljning"), _("kommersiell service")),
    themes=(Theme.GOVERNMENT, Theme.REGIONS),
    frequency=Frequency.ANNUAL,
    endpoint="lan",
    page_model=CountyPage,
)

CONTACTS = Dataset(
    key="kontaktpersoner",
    title=_("Kontaktpersoner för kommersiell service i länen"),
    description=_(
        "Publika kontaktpersoner för kommersiell service i länen: namn, roll, organisation, "
        "län, ansvarsområden och kontaktuppgifter."
    ),
    keywords=(_("kontaktpersoner"), _("län"), _("kommersiell service")),
    themes=(Theme.GOVERNMENT,),
    frequency=Frequency.IRREGULAR,
    endpoint="kontaktpersoner",
    personal_data=True,
)
