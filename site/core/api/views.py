"""Base endpoints of the open-data API: public data only, strict parameters, cacheable.

Every endpoint answers anonymous callers the same way, signed in or not: it reads
no session, shows only live pages no view restriction hides (``core.privacy``) and
only the fields it names. Its responses are JSON, carry ``Cache-Control`` and an
ETag (``ConditionalGetMiddleware`` answers 304), are stored in the page cache
for callers without a session, and open to every origin for GET (``corsheaders``).
Errors are JSON too: ``{"message": …}`` with 400 for a bad parameter, 404 for an
unknown id, 429 over the rate limit.
"""

from django.conf import settings
from django.http import Http404, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _

from wagtail.api.v2.filters import LocaleFilter, OrderingFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError, parse_fields_parameter
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.models import Locale

from rest_framework.exceptions import Throttled
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer

from core.page_cache import PAGE_MARK
from core.privacy import visible_to

from .openapi import OpenDataSchema
from .parameters import LARGEST_INTEGER, Parameter, parse_integer
from .responses import too_many_requests, with_cache_headers
from .router import endpoints
from .throttling import OpenDataThrottle

# Query parameters every endpoint reads besides its filters.
COMMON_PARAMETERS = frozenset(["limit", "offset", "fields", "order"])


class OpenDataPagination(WagtailPagination):
    """Wagtail's ``limit``/``offset`` pages, with numbers every database can take.

    Wagtail reads any integer, and an offset past 64 bits crashed the query.
    """

    def paginate_queryset(self, queryset, request, view=None):
        limit_max = settings.WAGTAILAPI_LIMIT_MAX
        offset = parse_integer("offset", request.GET.get("offset", "0"), minimum=0)
        default = str(min(20, limit_max))
        limit = parse_integer("limit", request.GET.get("limit", default), minimum=0)
        if limit > limit_max:
            raise BadRequestError(
                _("limit: högst %(largest)s, inte %(value)s.")
                % {"largest": limit_max, "value": limit}
            )
        self.view = view
        self.total_count = queryset.count()
        return queryset[offset : offset + limit]


def object_id(kwargs) -> int:
    """The URL's id; Http404 for one no row can have (the query would fail)."""
    pk = kwargs["pk"]
    if not 0 < pk <= LARGEST_INTEGER:
        raise Http404(_("Det finns ingen publik post med id %(id)s.") % {"id": pk})
    return pk


class JsonOnly(BaseContentNegotiation):
    """Always JSON: no ``?format=`` (a parameter like any other) and no 406 for an Accept."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type

    def select_parser(self, request, parsers):
        return None


class OpenDataMixin:
    """What every open-data endpoint shares; mixed into Wagtail's viewsets."""

    renderer_classes = [JSONRenderer]
    content_negotiation_class = JsonOnly
    pagination_class = OpenDataPagination
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [OpenDataThrottle]
    # How drf-spectacular describes the endpoint in the OpenAPI document.
    schema = OpenDataSchema()
    # This endpoint's filters (``Parameter``); subclasses extend the tuple.
    api_parameters: tuple[Parameter, ...] = ()
    # Parameters the endpoint takes on top of COMMON_PARAMETERS and its filters.
    extra_parameters: frozenset[str] = frozenset()
    description = ""
    # ``description`` as the class declared it: DRF's ViewSet.as_view() sets the
    # class's ``name`` and ``description`` to None, the OpenAPI document reads this.
    dataset_description = ""
    # The fields ``?order=`` takes (each optionally with ``-``), for the check and the
    # OpenAPI document; None leaves it to Wagtail (any database field, or ``random``).
    order_fields: tuple[str, ...] | None = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "description" in cls.__dict__:
            cls.dataset_description = cls.__dict__["description"] or ""

    @classmethod
    def accepted_parameters(cls) -> frozenset[str]:
        names = {parameter.name for parameter in cls.api_parameters}
        return COMMON_PARAMETERS | cls.extra_parameters | names

    def dispatch(self, request, *args, **kwargs):
        # The response is the same for every caller without a session: the page
        # cache may keep it under the parameters this endpoint reads.
        setattr(request, PAGE_MARK, self.accepted_parameters())
        return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        language = request.GET.get("locale")
        if language in dict(settings.LANGUAGES):
            translation.activate(language)
        self.filters = self.parse_parameters(request)

    def parse_parameters(self, request) -> dict:
        """The declared filters' values; BadRequestError for anything else."""
        accepted = self.accepted_parameters()
        unknown = set(request.GET) - accepted
        if unknown:
            raise BadRequestError(
                _("Okända parametrar: %(names)s. Giltiga: %(valid)s.")
                % {"names": ", ".join(sorted(unknown)), "valid": ", ".join(sorted(accepted))}
            )
        repeated = [name for name, values in request.GET.lists() if len(values) > 1]
        if repeated:
            raise BadRequestError(
                _("Ange varje parameter en gång: %(names)s.") % {"names": ", ".join(repeated)}
            )
        if self.order_fields is not None and "order" in request.GET:
            for item in request.GET["order"].split(","):
                if item.removeprefix("-") not in self.order_fields:
                    raise BadRequestError(
                        _("order: kan inte sortera på ”%(value)s”; giltiga: %(choices)s.")
                        % {"value": item[:50], "choices": ", ".join(self.order_fields)}
                    )
        if "fields" in request.GET:
            self.check_fields(request.GET["fields"])
        return {
            parameter.name: parameter.parse(request.GET[parameter.name])
            for parameter in self.api_parameters
            if parameter.name in request.GET
        }

    def check_fields(self, value: str) -> None:
        """Refuse a ``fields`` value that does not parse or names unknown fields.

        Wagtail checks it too, later and in English; here the message is the API's.
        """
        try:
            config = parse_fields_parameter(value)
        except ValueError:
            raise BadRequestError(
                _("fields: ange fältnamn åtskilda med kommatecken, inte ”%(value)s”.")
                % {"value": value[:50]}
            ) from None
        available = self.get_available_fields(self.model)
        unknown = sorted(
            name for name, _negated, _sub in config if name not in ("*", "_", *available)
        )
        if unknown:
            raise BadRequestError(
                _("fields: okända fält: %(names)s. Giltiga: %(valid)s.")
                % {"names": ", ".join(unknown)[:200], "valid": ", ".join(available)}
            )

    def check_query_parameters(self, queryset):
        """Done in ``initial``, before the queryset is built."""

    def handle_exception(self, exc):
        if isinstance(exc, Throttled):
            return too_many_requests(exc)
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        return with_cache_headers(response)


class OpenDataPagesEndpoint(OpenDataMixin, PagesAPIViewSet):
    """A dataset of one page type: live pages that no view restriction hides.

    Subclasses set ``model`` and ``name``, list their fields in ``body_fields``
    and ``listing_default_fields``, and filter in ``filter_by``.
    """

    filter_backends = [OrderingFilter, LocaleFilter]
    extra_parameters = frozenset(["locale"])
    body_fields = ["id", "title"]
    meta_fields = ["type", "detail_url", "html_url", "slug", "first_published_at", "locale"]
    listing_default_fields = ["id", "type", "detail_url", "html_url", "title"]
    nested_default_fields = ["id", "type", "detail_url", "title"]
    detail_only_fields = []

    @classmethod
    def get_body_fields(cls, model):
        # Only the endpoint's own list, never the model's api_fields.
        return cls._convert_api_fields(cls.body_fields)

    def get_base_queryset(self):
        return self.model.objects.live()

    def get_queryset(self):
        queryset = visible_to(self.get_base_queryset(), None).select_related("locale")
        return self.filter_by(queryset, self.filters).order_by("pk")

    def filter_by(self, queryset, filters: dict):
        """``queryset`` narrowed by the parsed filters; subclasses override."""
        return queryset

    def filter_queryset(self, queryset):
        code = self.request.GET.get("locale")
        # The site's languages first: PostgreSQL refuses a NUL in a query's text.
        if code is not None and (
            code not in dict(settings.LANGUAGES)
            or not Locale.objects.filter(language_code=code).exists()
        ):
            raise BadRequestError(
                _("locale: okänt språk; giltiga: %(codes)s.")
                % {"codes": ", ".join(code for code, _name in settings.LANGUAGES)}
            )
        return super().filter_queryset(queryset)

    def with_related(self, queryset):
        """``queryset`` with what the fields read fetched along; subclasses override."""
        return queryset

    def prepare(self, pages: list) -> None:
        """Work done once for the pages about to be shown (e.g. their documents' privacy)."""

    def paginate_queryset(self, queryset):
        page = list(super().paginate_queryset(queryset))
        self.prepare(page)
        return page

    def get_object(self):
        """The public page of the URL's id (404 otherwise), read once per request."""
        if not hasattr(self, "_object"):
            queryset = visible_to(self.get_base_queryset(), None)
            page = self.with_related(queryset.filter(pk=object_id(self.kwargs))).first()
            if page is None:
                raise Http404(
                    _("Det finns ingen publik post med id %(id)s.") % {"id": self.kwargs["pk"]}
                )
            self.prepare([page])
            self._object = page
        return self._object

    @classmethod
    def get_urlpatterns(cls):
        # No find view: ids and listings are enough.
        return super().get_urlpatterns()[:2]


class OpenDataModelEndpoint(OpenDataMixin, BaseAPIViewSet):
    """A dataset of a plain model (not pages): subclasses set ``model`` and ``get_queryset``."""

    filter_backends = []

    @classmethod
    def accepted_parameters(cls) -> frozenset[str]:
        # Rows come in the endpoint's own order; ``order`` sorts pages only.
        return super().accepted_parameters() - {"order"}

    @classmethod
    def get_body_fields(cls, model):
        return cls._convert_api_fields(cls.body_fields)

    def get_object(self):
        """The row of the URL's id, from the endpoint's queryset (404 otherwise)."""
        row = self.get_queryset().filter(pk=object_id(self.kwargs)).first()
        if row is None:
            raise Http404(
                _("Det finns ingen publik post med id %(id)s.") % {"id": self.kwargs["pk"]}
            )
        return row

    @classmethod
    def get_urlpatterns(cls):
        return super().get_urlpatterns()[:2]


def unknown_address(request, path: str = ""):
    """Any other address under ``/api/``: a JSON 404 that names the datasets."""
    datasets = [f"/api/v2/{name}/" for name in endpoints()]
    response = JsonResponse(
        {
            "message": _("Okänd adress i API:t. Datamängder: %(datasets)s.")
            % {"datasets": ", ".join(datasets)},
            "datasets": datasets,
            "openapi": "/api/v2/openapi.json",
        },
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = "no-store"
    return response
