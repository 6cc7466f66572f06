"""allauth customisation: language of new accounts, where members land, and its mail."""

from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress

from core.outbox.services import enqueue_message

from .models import User

# allauth's messages whose link or code lets the reader in: cleared once delivered.
SECRET_MAIL = {
    "account/email/password_reset_key",
    "account/email/password_reset_code",
    "account/email/login_code",
    "account/email/email_confirmation",
    "account/email/email_confirmation_signup",
}


def _account_for(email: str, context: dict) -> User | None:
    user = context.get("user")
    if isinstance(user, User):
        return user
    address = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
    if address is not None:
        return address.user
    return User.objects.filter(email__iexact=email).first()


class AccountAdapter(DefaultAccountAdapter):
    """Stores the sign-up language, sends new members to Mina sidor, mails through the outbox."""

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

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render allauth's message in the account holder's language into the outbox.

        Its kind is the template's app and name (``account.password_reset_key``).
        """
        user = _account_for(email, context)
        language = (user.language if user else "") or get_language() or settings.LANGUAGE_CODE
        # What allauth's own send_mail gives every template.
        context = {
            "request": self.request,
            "email": email,
            "current_site": get_current_site(self.request),
            **context,
        }
        with translation.override(language):
            message = self.render_mail(template_prefix, email, context)
        parts = template_prefix.split("/")
        enqueue_message(
            message,
            kind=f"{parts[0]}.{parts[-1]}",
            user=user,
            language=language,
            secret=template_prefix in SECRET_MAIL,
        )
