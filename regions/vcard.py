"""Contact persons as vCards (RFC 2426, vCard 3.0), built with vobject.

vobject escapes the text; the control characters a vCard cannot carry are replaced first.
"""

import vobject

from core.text import representable

from .models import ContactPerson


def contact_vcard(contact: ContactPerson) -> str:
    """Serialise the contact person as a vCard 3.0 text."""
    card = vobject.vCard()
    name = representable(contact.name)
    given, _, family = name.rpartition(" ")
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    card.add("fn").value = name
    if contact.role:
        card.add("title").value = representable(contact.role)
    if contact.organisation_display:
        card.add("org").value = [representable(contact.organisation_display)]
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
        card.add("note").value = representable(str(contact.county))
    return card.serialize()
