"""The Bevakningar page of Mina sidor and its forms, under /mina-sidor/bevakningar/."""

from django.urls import path

from . import views

app_name = "follows"

urlpatterns = [
    path("", views.index, name="index"),
    path("bevaka/", views.follow, name="follow"),
    path("sluta-bevaka/", views.unfollow, name="unfollow"),
    path("<int:pk>/sluta-bevaka/", views.remove, name="remove"),
]
