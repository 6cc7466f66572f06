"""Registration routes and the iCalendar files below an events index page."""

from django.urls import path, re_path

from . import views
from .evaluations import views as evaluation_views
from .registration import views as registration_views

app_name = "events"

urlpatterns = [
    path("anmalan/<int:event_id>/", registration_views.register, name="registration-create"),
    path(
        "mina-sidor/anmalningar/",
        registration_views.my_registrations,
        name="my-registrations",
    ),
    path(
        "mina-sidor/anmalningar/<int:pk>/avanmal/",
        registration_views.cancel,
        name="registration-cancel",
    ),
    path(
        "mina-sidor/anmalningar/<int:pk>/overlamna/",
        registration_views.transfer,
        name="registration-transfer",
    ),
    path("utvardering/<str:token>/", evaluation_views.evaluation, name="evaluation"),
    re_path(
        r"^(?P<page_path>(?:[\w-]+/)+)(?P<name>[\w-]+)\.ics$",
        views.calendar_file,
        name="calendar-file",
    ),
]
