"""Public views of the regions app that are not Wagtail pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify

from .models import ContactPerson
from .vcard import contact_vcard


def contact_vcard_download(request: HttpRequest, pk: int) -> HttpResponse:
    """A listed contact person's vCard as a .vcf download."""
    contact = get_object_or_404(ContactPerson.objects.listed().for_listing(), pk=pk)
    response = HttpResponse(contact_vcard(contact), content_type="text/vcard; charset=utf-8")
    filename = slugify(contact.name) or "kontakt"
    response["Content-Disposition"] = f'attachment; filename="{filename}.vcf"'
    return response
