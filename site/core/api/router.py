"""The one router of the open-data API; apps register their endpoints here."""

from wagtail.api.v2.router import WagtailAPIRouter

NAMESPACE = "opendata"

api_router = WagtailAPIRouter(NAMESPACE)


def register(name: str, endpoint: type) -> None:
    """Serve ``endpoint`` under ``/api/v2/<name>/``; called from an app's ``ready``."""
    api_router.register_endpoint(name, endpoint)


def endpoints() -> dict[str, type]:
    """The registered endpoints by name, in registration order."""
    return dict(api_router._endpoints)
