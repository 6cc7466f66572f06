"""iCalendar files below an events index page: ``/<index path>/<name>.ics``."""

from django.urls import re_path

from . import views

app_name = "events"

urlpatterns = [
    re_path(
        r"^(?P<page_path>(?:[\w-]+/)+)(?P<name>[\w-]+)\.ics$",
        views.calendar_file,
        name="calendar-file",
    ),
]
