from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    """The knowledge library: method support, guidelines, follow-ups and experience articles."""

    name = "knowledge"
    verbose_name = _("Kunskapsbank")
