"""The Bevakningar page of Mina sidor and its forms, under /mina-sidor/bevakningar/."""

app_name = "follows"

urlpatterns = []
