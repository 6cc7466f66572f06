"""Factories for the regions app's pages and contact persons."""

import factory
import wagtail_factories

from core.models import County
from regions.models import (
    ContactDirectoryPage,
    ContactPerson,
    CountyPage,
    RegionalCoordinationPage,
    Responsibility,
)


class RegionalCoordinationPageFactory(wagtail_factories.PageFactory):
    """A published landing page; pass parent=home."""

    title = "Regional samordning"
    slug = "regional-samordning"

    class Meta:
        model = RegionalCoordinationPage


class ContactDirectoryPageFactory(wagtail_factories.PageFactory):
    """A published contact directory; pass parent=landing."""

    title = "Regionala kontaktpersoner"
    slug = "kontaktpersoner"

    class Meta:
        model = ContactDirectoryPage


class CountyPageFactory(wagtail_factories.PageFactory):
    """A published county page; pass parent=landing and county=…."""

    county = factory.LazyFunction(lambda: County.objects.get(code="25"))
    title = factory.LazyAttribute(lambda page: page.county.name)
    programme_start_year = 2022
    programme_end_year = 2025

    class Meta:
        model = CountyPage


class ContactPersonFactory(factory.django.DjangoModelFactory):
    """A contact person in Norrbotten unless county=… is given."""

    name = factory.Sequence(lambda n: f"Kim Kontakt{n}")
    role = "Handläggare"
    organisation_name = "Region Norrbotten"
    county = factory.LazyFunction(lambda: County.objects.get(code="25"))
    email = factory.Sequence(lambda n: f"kontakt{n}@example.se")
    phone = "070-174 06 50"

    class Meta:
        model = ContactPerson
        skip_postgeneration_save = True

    @factory.post_generation
    def responsibilities(self, create, extracted, **kwargs):
        """Pass responsibilities=["rsp", …] as Responsibility codes."""
        if create and extracted:
            self.responsibilities.set(Responsibility.objects.filter(code__in=extracted))
