"""Root URL configuration: Swedish at /, English under /en/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import set_language
from django.views.static import serve

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import index as sitemap_index
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from allauth.account.decorators import secure_admin_login

from core import views as core_views
from core.api import views as api_views
from core.api.openapi import OpenAPIView, OpenAPIYamlView
from core.api.router import api_router
from core.page_cache import shared_page
from core.sitemaps import AllLanguagesSitemap
from members import views as members_views

# Both admins sign in through allauth, so its rate limits and MFA apply there too.
admin.site.login = secure_admin_login(admin.site.login)

# An index of paginated sitemaps: one file stays small however many pages there are.
SITEMAPS = {"pages": AllLanguagesSitemap}

urlpatterns = [
    path("admin/login/", members_views.admin_login, name="admin-login"),
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "sitemap.xml",
        shared_page("p")(sitemap_index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        shared_page("p")(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    # The OpenAPI document of the open-data API, before the endpoints' patterns.
    path(
        "api/v2/openapi.json",
        shared_page("locale")(OpenAPIView.as_view()),
        name="openapi",
    ),
    path(
        "api/v2/openapi.yaml",
        shared_page("locale")(OpenAPIYamlView.as_view()),
        name="openapi-yaml",
    ),
    path("api/v2/", api_router.urls),
    path(
        "api/dcat/katalog.rdf",
        core_views.dcat_catalogue,
        {"extension": "rdf"},
        name="dcat-catalogue-rdf",
    ),
    path(
        "api/dcat/katalog.jsonld",
        core_views.dcat_catalogue,
        {"extension": "jsonld"},
        name="dcat-catalogue-jsonld",
    ),
    # Every other address under /api/ answers in JSON too.
    re_path(r"^api/(?P<path>.*)$", api_views.unknown_address, name="api-unknown"),
    path("robots.txt", core_views.robots_txt, name="robots-txt"),
    path("healthz/", core_views.healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set-language"),
]

if not settings.PRODUCTION:
    # The embedded default serves uploaded media itself; production uses object
    # storage or the web server in front. Documents only ever go through Wagtail's
    # view, which checks their privacy (and their pages', core.privacy).
    urlpatterns += [
        re_path(
            r"^media/(?!documents/)(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}
        ),
    ]

urlpatterns += i18n_patterns(
    path("konto/", include("allauth.urls")),
    path("mina-sidor/", include("members.urls")),
    path("sok/", core_views.search, name="search"),
    path("", include("events.urls")),
    path("", include("regions.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if settings.BENCH_VIEWS:
    urlpatterns.insert(0, path("bench/ping/", core_views.bench_ping, name="bench-ping"))
