"""The mail side of following: one-click unsubscribe and the personal feed."""

app_name = "digest"

urlpatterns = []
