"""Writing, changing, deleting and reporting comments, under /mina-sidor/kommentarer/."""

from django.urls import path

from . import views

app_name = "discussion"

urlpatterns = [
    path("sida/<int:page_id>/", views.post, name="post"),
    path("<int:pk>/andra/", views.edit, name="edit"),
    path("<int:pk>/ta-bort/", views.delete, name="delete"),
    path("<int:pk>/anmal/", views.report, name="report"),
]
