"""URLs of the regions app, included under the language prefix before Wagtail's pages."""

from django.urls import path

from . import views
from .followups import views as followup_views

app_name = "regions"
urlpatterns = [
    path("hitta-lan/", views.county_redirect, name="county-redirect"),
    path("kontaktpersoner/<int:pk>/vcard.vcf", views.contact_vcard_download, name="contact-vcard"),
    # Mina sidor of a county's programme reporter (members cannot import regions).
    path("mina-sidor/uppfoljning/", followup_views.follow_up_list, name="follow-ups"),
    path(
        "mina-sidor/uppfoljning/<int:year>/<slug:county>/",
        followup_views.follow_up,
        name="follow-up",
    ),
]
