"""Factories for members and organisations."""

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from members.models import Membership, Organisation, User


class UserFactory(factory.django.DjangoModelFactory):
    """A user with a verified primary e-mail address and the password 'losenord-123'."""

    email = factory.Sequence(lambda n: f"person{n}@example.se")
    first_name = "Anna"
    last_name = factory.Sequence(lambda n: f"Andersson{n}")
    password = factory.django.Password("losenord-123")

    class Meta:
        model = User
        skip_postgeneration_save = True

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        """UserFactory(totp=True) adds the authenticator the admin demands of editors."""
        if create and extracted:
            TOTP.activate(self, generate_totp_secret())


class OrganisationFactory(factory.django.DjangoModelFactory):
    """An organisation without county or e-mail domains unless given."""

    name = factory.Sequence(lambda n: f"Organisation {n}")
    type = Organisation.Type.MUNICIPALITY

    class Meta:
        model = Organisation


class MembershipFactory(factory.django.DjangoModelFactory):
    """An approved ordinary membership unless status/role are given."""

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    status = Membership.Status.APPROVED
    role = Membership.Role.MEMBER

    class Meta:
        model = Membership
