"""allauth customisation: language of new accounts and where members land."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Stores the sign-up language and sends new members to Mina sidor."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        language = (get_language() or "").split("-")[0]
        if language in dict(settings.LANGUAGES):
            user.language = language
        if commit:
            user.save()
        return user

    def get_email_verification_redirect_url(self, email_address):
        if self.request.user.is_authenticated:
            return reverse("members:dashboard")
        return super().get_email_verification_redirect_url(email_address)
