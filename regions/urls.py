"""URLs of the regions app, included under the language prefix."""

from django.urls import path

from . import views

app_name = "regions"
urlpatterns = [
    path("<int:pk>/vcard.vcf", views.contact_vcard_download, name="contact-vcard"),
]
