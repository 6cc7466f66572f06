"""The mail side of following: one-click unsubscribe and the personal feed."""

from django.urls import path

from . import mail_views
from .feed import follow_feed

app_name = "digest"

urlpatterns = [
    path("avsluta/<str:token>/", mail_views.unsubscribe, name="unsubscribe"),
    path("flode/ny-adress/", mail_views.feed_rotate, name="feed-rotate"),
    path("<str:token>.atom", follow_feed, name="feed"),
]
