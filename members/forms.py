"""Forms for sign-up and the member pages."""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from allauth.core import context as allauth_context

from core.models import County, Topic

from . import services
from .follows.forms import PREFERENCE_FIELDS, PREFERENCE_WIDGETS
from .models import Organisation, User
from .selectors import organisation_by_name, privacy_page


class DatalistInput(forms.TextInput):
    """A text input suggesting organisation names as one types, with no JavaScript.

    The browser filters the ``<datalist>`` itself; the server matches the typed
    name, so a browser without datalist support still works.
    """

    def render(self, name, value, attrs=None, renderer=None):
        list_id = f"{(attrs or {}).get('id') or name}-options"
        attrs = {**(attrs or {}), "list": list_id}
        names = Organisation.objects.order_by("name").values_list("name", flat=True)
        options = format_html_join("", "<option>{}</option>", ((n,) for n in names))
        return format_html(
            '{}<datalist id="{}">{}</datalist>',
            super().render(name, value, attrs, renderer),
            list_id,
            options,
        )


class OrganisationNameField(forms.CharField):
    """The name of an existing organisation, typed with suggestions."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("widget", DatalistInput(attrs={"autocomplete": "off"}))
        super().__init__(**kwargs)


class SignupForm(forms.Form):
    """Extra sign-up fields; allauth's own form inherits from this one."""

    first_name = forms.CharField(
        label=_("Förnamn"), max_length=150, widget=forms.TextInput({"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=_("Efternamn"),
        max_length=150,
        widget=forms.TextInput({"autocomplete": "family-name"}),
    )
    organisation = OrganisationNameField(
        label=_("Organisation"),
        required=False,
        help_text=_(
            "Börja skriva och välj i listan. Du kan också välja organisation senare under "
            "Mina sidor."
        ),
    )
    new_organisation = forms.BooleanField(
        label=_("Min organisation finns inte i listan – be redaktionen lägga till den"),
        required=False,
    )
    privacy_consent = forms.BooleanField(
        label=_("Jag har läst personuppgiftspolicyn och godkänner att mina uppgifter behandlas."),
        error_messages={"required": _("Du behöver godkänna personuppgiftspolicyn.")},
    )

    field_order = [
        "first_name",
        "last_name",
        "email",
        "password1",
        "password2",
        "organisation",
        "new_organisation",
        "privacy_consent",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = allauth_context.request
        page = privacy_page(request) if request is not None else None
        if page is not None:
            self.fields["privacy_consent"].help_text = format_html(
                '<a href="{}">{}</a>',
                page.localized.url,
                _("Läs personuppgiftspolicyn"),
            )

    def clean(self):
        cleaned = super().clean()
        name = (cleaned.get("organisation") or "").strip()
        cleaned["organisation_object"] = None
        if name:
            organisation = organisation_by_name(name)
            if organisation is not None:
                cleaned["organisation_object"] = organisation
            elif not cleaned.get("new_organisation"):
                self.add_error(
                    "organisation",
                    _(
                        "Det finns ingen organisation med det namnet. Välj ett namn i listan "
                        "eller kryssa i att din organisation saknas."
                    ),
                )
        elif cleaned.get("new_organisation"):
            self.add_error("organisation", _("Skriv namnet på organisationen som saknas."))
        return cleaned

    def signup(self, request, user) -> None:
        """Called by allauth once the user is saved: consent and organisation."""
        services.consent_record(user=user, page=privacy_page(request))
        organisation = self.cleaned_data.get("organisation_object")
        if organisation is not None:
            services.membership_request(user=user, organisation=organisation)
        elif self.cleaned_data.get("new_organisation"):
            services.organisation_request_create(user=user, name=self.cleaned_data["organisation"])


class ProfileForm(forms.ModelForm):
    """The member's own profile."""

    class Meta:
        model = User
        fields = [
            "first_name",
            "last_name",
            "job_title",
            "phone",
            "county",
            "interests",
            "language",
            *PREFERENCE_FIELDS,
            "visible_to_members",
        ]
        widgets = {
            "first_name": forms.TextInput({"autocomplete": "given-name"}),
            "last_name": forms.TextInput({"autocomplete": "family-name"}),
            "job_title": forms.TextInput({"autocomplete": "organization-title"}),
            "phone": forms.TextInput({"autocomplete": "tel", "type": "tel"}),
            "interests": forms.CheckboxSelectMultiple,
            **PREFERENCE_WIDGETS,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["interests"].queryset = Topic.objects.order_by("kind", "name")


class OrganisationChoiceForm(forms.Form):
    """Choose an existing organisation by name."""

    organisation = OrganisationNameField(label=_("Organisation"))

    def clean_organisation(self):
        organisation = organisation_by_name(self.cleaned_data["organisation"])
        if organisation is None:
            raise forms.ValidationError(
                _("Det finns ingen organisation med det namnet. Välj ett namn i listan.")
            )
        return organisation


class OrganisationRequestForm(forms.Form):
    """Ask the editors to add an organisation."""

    name = forms.CharField(label=_("Organisationens namn"), max_length=200)
    county = forms.ModelChoiceField(
        label=_("Län"), queryset=County.objects.all(), required=False, empty_label=_("Inget län")
    )
    website = forms.URLField(label=_("Webbplats"), required=False, assume_scheme="https")


class DirectoryFilterForm(forms.Form):
    """Filters of the members' directory."""

    county = forms.ModelChoiceField(
        label=_("Län"), queryset=County.objects.all(), required=False, empty_label=_("Alla län")
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        required=False,
        empty_label=_("Alla organisationer"),
    )


class DeleteAccountForm(forms.Form):
    """Confirm account deletion with the current password."""

    password = forms.CharField(
        label=_("Ditt lösenord"),
        widget=forms.PasswordInput({"autocomplete": "current-password"}),
        strip=False,
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Lösenordet stämmer inte."))
        return password
