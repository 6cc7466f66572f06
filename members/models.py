"""Members' accounts and the organisations they belong to."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from .validators import normalise_organisation_number, validate_organisation_number


class UserManager(BaseUserManager):
    """Creates users identified by e-mail address instead of a username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractUser):
    """A person with an account; the e-mail address is the login."""

    username = None
    email = models.EmailField(_("e-postadress"), max_length=254, unique=True)
    first_name = models.CharField(_("förnamn"), max_length=150, blank=True)
    last_name = models.CharField(_("efternamn"), max_length=150, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("användare")
        verbose_name_plural = _("användare")
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="members_user_email_ci_unique"),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


class Organisation(models.Model):
    """A regional body, county administrative board, municipality or other member organisation."""

    class Type(models.TextChoices):
        REGION = "region", _("Region")
        COUNTY_BOARD = "lansstyrelse", _("Länsstyrelse")
        MUNICIPALITY = "kommun", _("Kommun")
        AGENCY = "tillvaxtverket", _("Tillväxtverket")
        PUBLIC_BODY = "offentlig", _("Annan offentlig aktör")
        COMPANY = "foretag", _("Företag eller förening")

    name = models.CharField(_("namn"), max_length=200, unique=True)
    type = models.CharField(_("typ"), max_length=20, choices=Type.choices)
    county = models.ForeignKey(
        "core.County",
        verbose_name=_("län"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    organisation_number = models.CharField(
        _("organisationsnummer"),
        max_length=11,
        blank=True,
        validators=[validate_organisation_number],
        help_text=_("Tio siffror, till exempel 202100-2114."),
    )
    website = models.URLField(_("webbplats"), blank=True)
    email_domains = models.CharField(
        _("e-postdomäner"),
        max_length=500,
        blank=True,
        help_text=_(
            "Kommaseparerade domäner. Medlemmar med verifierad adress i en av dem godkänns direkt."
        ),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.organisation_number:
            self.organisation_number = normalise_organisation_number(self.organisation_number)

    @property
    def domain_list(self) -> list[str]:
        """The organisation's e-mail domains, lower-cased."""
        return [d.strip().lower() for d in self.email_domains.split(",") if d.strip()]
