"""Demo organisations and accounts: passwords are new and printed on every run."""

import base64
import binascii
import os
import secrets

from django.conf import settings
from django.contrib.auth.models import Group

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from core.models import County, Topic
from members.follows import services as follows
from members.models import Membership, Organisation, User

# (name, type, county code, organisation number, e-mail domains)
ORGANISATIONS = [
    ("Tillväxtverket", Organisation.Type.AGENCY, "01", "202100-5026", "tillvaxtverket.se"),
    ("Region Norrbotten", Organisation.Type.REGION, "25", "232100-0230", "regionnorrbotten.se"),
    (
        "Länsstyrelsen i Norrbottens län",
        Organisation.Type.COUNTY_BOARD,
        "25",
        "202100-2361",
        "lansstyrelsen.se",
    ),
    ("Region Jämtland Härjedalen", Organisation.Type.REGION, "23", "232100-0214", "regionjh.se"),
    ("Region Värmland", Organisation.Type.REGION, "17", "232100-0156", "regionvarmland.se"),
    ("Region Gotland", Organisation.Type.REGION, "09", "212000-0803", "gotland.se"),
    ("Arjeplogs kommun", Organisation.Type.MUNICIPALITY, "25", "212000-2734", "arjeplog.se"),
    ("Hela Sverige ska leva", Organisation.Type.COMPANY, None, "802010-5428", ""),
]


def seed_organisations() -> list[Organisation]:
    """Create or update the demo organisations."""
    counties = {county.code: county for county in County.objects.all()}
    result = []
    for name, org_type, county_code, number, domains in ORGANISATIONS:
        organisation, _ = Organisation.objects.update_or_create(
            name=name,
            defaults={
                "type": org_type,
                "county": counties.get(county_code),
                "organisation_number": number,
                "email_domains": domains,
                "website": f"https://www.{domains}/" if domains else "",
            },
        )
        result.append(organisation)
    return result


def _account(email: str, first: str, last: str, **flags) -> tuple[User, str]:
    # DEMO_PASSWORD fixes the password for test servers (browser tests); never in production.
    fixed = "" if settings.PRODUCTION else os.environ.get("DEMO_PASSWORD", "")
    password = fixed or secrets.token_urlsafe(12)
    user, _ = User.objects.update_or_create(
        email=email, defaults={"first_name": first, "last_name": last, **flags}
    )
    user.set_password(password)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user, password


# (e-mail, first, last, job title, organisation, status, role, visible, topic slugs)
MEMBERS = [
    (
        "medlem@example.se",
        "Maja",
        "Medlem",
        "Landsbygdsutvecklare",
        "Region Värmland",
        Membership.Status.APPROVED,
        Membership.Role.MEMBER,
        True,
        ["dagligvaror", "hemsandning"],
    ),
    (
        "samordnare@example.se",
        "Sara",
        "Samordnare",
        "Serviceutvecklare",
        "Region Norrbotten",
        Membership.Status.APPROVED,
        Membership.Role.COORDINATOR,
        True,
        ["drivmedel"],
    ),
    (
        "anders.berg@example.se",
        "Anders",
        "Berg",
        "Handläggare RSP",
        "Region Jämtland Härjedalen",
        Membership.Status.APPROVED,
        Membership.Role.MEMBER,
        True,
        ["apoteksombud"],
    ),
    (
        "lena.lind@example.se",
        "Lena",
        "Lind",
        "Utredare",
        "Region Gotland",
        Membership.Status.APPROVED,
        Membership.Role.MEMBER,
        False,
        [],
    ),
    (
        "per.vantar@example.se",
        "Per",
        "Väntar",
        "Näringslivsutvecklare",
        "Region Norrbotten",
        Membership.Status.PENDING,
        Membership.Role.MEMBER,
        False,
        [],
    ),
    (
        "karin.kommun@example.se",
        "Karin",
        "Kommun",
        "Kommunstrateg",
        "Arjeplogs kommun",
        Membership.Status.PENDING,
        Membership.Role.MEMBER,
        True,
        [],
    ),
]


def seed_memberships() -> dict[str, tuple[User, str]]:
    """Members in several counties: approved, pending, and one coordinator."""
    organisations = {
        organisation.name: organisation for organisation in Organisation.objects.all()
    }
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    accounts = {}
    for email, first, last, title, organisation_name, status, role, visible, slugs in MEMBERS:
        organisation = organisations[organisation_name]
        user, password = _account(
            email,
            first,
            last,
            job_title=title,
            county=organisation.county,
            visible_to_members=visible,
        )
        user.interests.set([topics[slug] for slug in slugs if slug in topics])
        follows.follow_own_county(user=user)
        Membership.objects.update_or_create(
            user=user,
            organisation=organisation,
            defaults={"status": status, "role": role},
        )
        accounts[email] = (user, password)
    return accounts


def seed_demo_totp(user: User) -> bool:
    """Give a demo account a TOTP authenticator from DEMO_TOTP_SECRET (base32).

    The editor's and the coordinator's powers need one (members/mfa.py). Like
    DEMO_PASSWORD it is for test servers (browser tests pass the real MFA step) and
    never honoured in production. allauth stores the secret through its adapter's
    encrypt(), which TOTP.activate applies.
    """
    secret = "" if settings.PRODUCTION else os.environ.get("DEMO_TOTP_SECRET", "")
    if not secret:
        return False
    try:
        base64.b32decode(secret, casefold=True)
    except binascii.Error as error:
        raise ValueError(
            "DEMO_TOTP_SECRET must be base32, e.g. from generate_totp_secret()"
        ) from error
    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    TOTP.activate(user, secret)
    return True


def seed_accounts() -> list[tuple[str, str, str]]:
    """Create the demo editor and members; return (role, e-mail, password) triples."""
    editor, editor_password = _account("redaktor@example.se", "Eva", "Redaktör")
    editor.groups.add(Group.objects.get(name="Editors"))
    seed_demo_totp(editor)
    accounts = seed_memberships()
    member, member_password = accounts["medlem@example.se"]
    coordinator, coordinator_password = accounts["samordnare@example.se"]
    seed_demo_totp(coordinator)
    return [
        ("editor", editor.email, editor_password),
        ("member", member.email, member_password),
        ("coordinator", coordinator.email, coordinator_password),
    ]


def seed(stdout) -> None:
    """Create or update demo organisations and accounts, printing the credentials."""
    organisations = seed_organisations()
    stdout.write(f"members: {len(organisations)} organisations. Demo accounts:")
    for role, email, password in seed_accounts():
        stdout.write(f"  {role:<11} {email:<26} {password}")
