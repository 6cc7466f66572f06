"""Mina sidor, under /mina-sidor/."""

from django.urls import include, path

from . import feeds, views

app_name = "members"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    # Following (members.follows): the Bevakningar page and its forms, then the mail side
    # (digest, one-click unsubscribe, the personal feed).
    path("bevakningar/", include("members.follows.urls")),
    path("bevakningar/", include("members.follows.digest_urls")),
    path("kommentarer/", include("members.discussion.urls")),
    path("profil/", views.profile, name="profile"),
    path("organisation/", views.organisation, name="organisation"),
    path("medlemmar/", views.directory, name="directory"),
    path("granska/", views.review, name="review"),
    path("granska/<int:pk>/<slug:action>/", views.review_action, name="review-action"),
    path("kalender/", views.calendar, name="calendar"),
    path("kalender/<str:token>.ics", feeds.member_feed, name="calendar-feed"),
    path("mina-uppgifter/", views.data_export, name="data-export"),
    path("radera-konto/", views.account_delete, name="account-delete"),
]
