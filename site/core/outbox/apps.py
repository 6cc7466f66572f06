from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    """Every e-mail the site sends, kept until the mail server has taken it."""

    name = "core.outbox"
    label = "outbox"
    verbose_name = _("E-post")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import headers

        # One-click unsubscribe links are longer than a folded line (headers.py).
        headers.register()
