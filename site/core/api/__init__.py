"""The public, read-only open-data API (Wagtail's API v2), shared by every app.

``core`` owns the frame: the router, the base endpoints (``views``), the declared
filters (``parameters``) and the rate limit (``throttling``). Each app adds its
datasets by registering endpoints with ``router.register`` in ``AppConfig.ready``,
the way the other registries of the lower layers work.
"""
