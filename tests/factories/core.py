"""Factories for the core app's pages and snippets."""

import factory
import wagtail_factories

from core.models import OpenDataPage, StandardPage, Topic


class StandardPageFactory(wagtail_factories.PageFactory):
    """A published standard page; pass parent=… to place it."""

    title = factory.Sequence(lambda n: f"Sida {n}")
    intro = "En ingress."

    class Meta:
        model = StandardPage


class OpenDataPageFactory(wagtail_factories.PageFactory):
    """The published "Öppna data" page; pass parent=home."""

    title = "Öppna data"
    slug = "oppna-data"
    intro = "Våra data är fria att använda."

    class Meta:
        model = OpenDataPage


class TopicFactory(factory.django.DjangoModelFactory):
    """A topic of the shared taxonomy."""

    name = factory.Sequence(lambda n: f"Ämne {n}")
    slug = factory.Sequence(lambda n: f"amne-{n}")
    kind = Topic.Kind.SERVICE

    class Meta:
        model = Topic
        django_get_or_create = ["slug"]
