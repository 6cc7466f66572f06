"""Demo organisations and accounts: passwords are new and printed on every run."""

import secrets

from django.contrib.auth.models import Group

from allauth.account.models import EmailAddress

from core.models import County
from members.models import Organisation, User

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
    password = secrets.token_urlsafe(12)
    user, _ = User.objects.update_or_create(
        email=email, defaults={"first_name": first, "last_name": last, **flags}
    )
    user.set_password(password)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user, password


def seed_accounts() -> list[tuple[str, str, str]]:
    """Create the demo editor and member; return (role, e-mail, password) triples."""
    editor, editor_password = _account("redaktor@example.se", "Eva", "Redaktör")
    editor.groups.add(Group.objects.get(name="Editors"))
    member, member_password = _account("medlem@example.se", "Maja", "Medlem")
    return [("editor", editor.email, editor_password), ("member", member.email, member_password)]


def seed(stdout) -> None:
    """Create or update demo organisations and accounts, printing the credentials."""
    organisations = seed_organisations()
    stdout.write(f"members: {len(organisations)} organisations. Demo accounts:")
    for role, email, password in seed_accounts():
        stdout.write(f"  {role:<8} {email:<26} {password}")
