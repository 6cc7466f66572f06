"""Contact persons as vCards (RFC 2426, vCard 3.0), built with vobject."""

import vobject

from .models import ContactPerson


def contact_vcard(contact: ContactPerson) -> str:
    """Serialise the contact person as a vCard 3.0 text."""
    card = vobject.vCard()
    given, _, family = contact.name.rpartition(" ")
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    card.add("fn").value = contact.name
    if contact.role:
        card.add("title").value = contact.role
    if contact.organisation_display:
        card.add("org").value = [contact.organisation_display]
    if contact.email:
        email = card.add("email")
        email.value = contact.email
        email.type_param = "INTERNET"
    if contact.phone_e164:
        phone = card.add("tel")
        phone.value = contact.phone_e164
        phone.type_param = "WORK"
    responsibilities = [str(r) for r in contact.responsibilities.all()]
    if responsibilities:
        card.add("categories").value = responsibilities
    if contact.county:
        card.add("note").value = str(contact.county)
    return card.serialize()
