"""Public views of the regions app that are not Wagtail pages."""

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.text import slugify

from .forms import CountyFinderForm
from .models import ContactPerson
from .selectors import county_page_for
from .vcard import contact_vcard


def county_redirect(request: HttpRequest) -> HttpResponseRedirect:
    """Send the 'find your county' form on to the county's page in the active language."""
    form = CountyFinderForm(request.GET)
    if not form.is_valid():
        raise Http404("Unknown county")
    page = county_page_for(county=form.cleaned_data["lan"], request=request)
    if page is None:
        raise Http404("The county has no published page")
    return HttpResponseRedirect(page.url)


def contact_vcard_download(request: HttpRequest, pk: int) -> HttpResponse:
    """A listed contact person's vCard as a .vcf download."""
    contact = get_object_or_404(ContactPerson.objects.listed().for_listing(), pk=pk)
    response = HttpResponse(contact_vcard(contact), content_type="text/vcard; charset=utf-8")
    filename = slugify(contact.name) or "kontakt"
    response["Content-Disposition"] = f'attachment; filename="{filename}.vcf"'
    return response
