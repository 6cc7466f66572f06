"""Members' accounts and the organisations they belong to."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

# Django finds an app's models in its models module; following's live in their package.
from .discussion.models import Comment, CommentReport, DiscussionSettings  # noqa: F401
from .follows.models import DigestEntry, Follow  # noqa: F401
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
    job_title = models.CharField(_("titel"), max_length=150, blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    county = models.ForeignKey(
        "core.County",
        verbose_name=_("län"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    interests = models.ManyToManyField(
        "core.Topic", verbose_name=_("intresseområden"), blank=True, related_name="+"
    )
    language = models.CharField(_("språk"), max_length=5, choices=settings.LANGUAGES, default="sv")

    class DigestFrequency(models.TextChoices):
        DAILY = "daily", _("Varje dag")
        WEEKLY = "weekly", _("Varje vecka")
        OFF = "off", _("Aldrig")

    notify_new_events = models.BooleanField(_("e-post om nya mötesplatser"), default=True)
    digest_frequency = models.CharField(
        _("sammanfattning av nyheter"),
        max_length=10,
        choices=DigestFrequency.choices,
        default=DigestFrequency.WEEKLY,
        help_text=_("Nya mötesplatser och artiklar om det du bevakar, samlade i ett e-brev."),
    )
    new_events_at_once = models.BooleanField(
        _("nya mötesplatser genast"),
        default=False,
        help_text=_("Få e-post om en ny mötesplats du bevakar när den publiceras."),
    )
    # When the last digest was made (also when nothing was new); new items are those since.
    digest_sent_at = models.DateTimeField(_("senaste sammanfattning"), null=True, blank=True)
    notify_event_updates = models.BooleanField(
        _("e-post om ändringar i mina anmälningar"), default=True
    )
    visible_to_members = models.BooleanField(
        _("synlig för andra medlemmar"),
        default=False,
        help_text=_("Andra inloggade medlemmar kan se ditt namn, titel, organisation och län."),
    )
    feed_token = models.CharField(
        _("kalendernyckel"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    follow_feed_token = models.CharField(
        _("nyckel till bevakningsflödet"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
    )

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


class MembershipQuerySet(models.QuerySet):
    """Queries on memberships."""

    def active(self):
        """Memberships that are pending or approved, i.e. not closed."""
        return self.filter(status__in=Membership.ACTIVE_STATUSES)

    def approved(self):
        return self.filter(status=Membership.Status.APPROVED)

    def pending(self):
        return self.filter(status=Membership.Status.PENDING)


class Membership(models.Model):
    """A user's membership of an organisation; at most one is open (pending or approved)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Väntar på godkännande")
        APPROVED = "approved", _("Godkänd")
        DECLINED = "declined", _("Avböjd")
        REMOVED = "removed", _("Borttagen")

    class Role(models.TextChoices):
        MEMBER = "member", _("Medlem")
        COORDINATOR = "coordinator", _("Samordnare")

    ACTIVE_STATUSES = (Status.PENDING, Status.APPROVED)

    user = models.ForeignKey(
        User, verbose_name=_("användare"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    role = models.CharField(_("roll"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    decided_at = models.DateTimeField(_("beslutad"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("beslutad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    notified_at = models.DateTimeField(_("granskarna meddelade"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status__in=["pending", "approved"]),
                name="members_membership_one_open_per_user",
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_status_display()})"

    @property
    def is_coordinator(self) -> bool:
        return self.role == self.Role.COORDINATOR and self.status == self.Status.APPROVED


class OrganisationRequest(models.Model):
    """A member's request that an organisation not yet in the register be added."""

    user = models.ForeignKey(
        User,
        verbose_name=_("användare"),
        on_delete=models.CASCADE,
        related_name="organisation_requests",
    )
    name = models.CharField(_("organisationens namn"), max_length=200)
    county = models.ForeignKey(
        "core.County", verbose_name=_("län"), on_delete=models.SET_NULL, null=True, blank=True
    )
    website = models.URLField(_("webbplats"), blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    notified_at = models.DateTimeField(_("redaktionen meddelad"), null=True, blank=True)
    handled = models.BooleanField(_("hanterad"), default=False)

    class Meta:
        verbose_name = _("begäran om ny organisation")
        verbose_name_plural = _("begäran om nya organisationer")
        ordering = ["handled", "-created_at"]

    def __str__(self):
        return self.name


class Consent(models.Model):
    """A recorded consent: which version of which document, and when."""

    class Kind(models.TextChoices):
        PRIVACY = "privacy", _("Personuppgiftspolicy")

    user = models.ForeignKey(
        User, verbose_name=_("användare"), on_delete=models.CASCADE, related_name="consents"
    )
    kind = models.CharField(_("sort"), max_length=20, choices=Kind.choices)
    version = models.CharField(
        _("version"),
        max_length=100,
        help_text=_("Sidans revisions-id när samtycket gavs."),
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("sida"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    given_at = models.DateTimeField(_("lämnat"), auto_now_add=True)

    class Meta:
        verbose_name = _("samtycke")
        verbose_name_plural = _("samtycken")
        ordering = ["-given_at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.version}"
