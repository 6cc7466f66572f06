"""URLs of the regions app, included under the language prefix before Wagtail's pages."""

from django.urls import path

from . import views

app_name = "regions"
urlpatterns = [
    path("hitta-lan/", views.county_redirect, name="county-redirect"),
    path("kontaktpersoner/<int:pk>/vcard.vcf", views.contact_vcard_download, name="contact-vcard"),
]
