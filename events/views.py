"""Views of the meetings: listing, month table, subscribe help and iCalendar files."""

import calendar as calendar_module
from datetime import date, timedelta
from urllib.parse import urlencode

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import condition

from wagtail.models import Locale, Site

from core.generations import remember
from core.models import County, Topic
from core.page_cache import depend_on
from core.privacy import serve_as_page

from .feeds import feed_body_gzip, feed_body_plain, feed_title
from .forms import EventFilterForm, EventFilters
from .ical import build_calendar
from .links import (
    FEED_FILENAME,
    event_json_ld,
    feed_url,
    google_calendar_url,
    outlook_calendar_url,
)
from .models import EventIndexPage, EventPage
from .registration.selectors import SEATS, with_seat_counts
from .selectors import (
    feed_version,
    occurrence_list,
    occurrence_list_for_month,
)

PAGE_SIZE = 20
# A feed's version is kept per content generation, and this long at most, so that
# meetings leaving the six-month window change it too.
FEED_VERSION_SECONDS = 300


def _subpage_url(index: EventIndexPage, request: HttpRequest, name: str, query=None) -> str:
    url = index.get_url(request) + index.reverse_subpage(name)
    return f"{url}?{urlencode(query)}" if query else url


def _filter_context(request, index, filters: EventFilters) -> dict:
    feed = feed_url(index, request, filters)
    absolute = request.build_absolute_uri(feed)
    return {
        "filters": filters,
        "feed_url": feed,
        "feed_title": feed_title(filters),
        "feed_https_url": absolute,
        "feed_webcal_url": "webcal://" + absolute.split("://", 1)[1],
        "subscribe_url": _subpage_url(
            index, request, "subscribe", filters.query(with_month=False)
        ),
        "upcoming_url": _subpage_url(index, request, "upcoming", filters.query()),
        "archive_url": _subpage_url(index, request, "archive", filters.query()),
        "month_url": _subpage_url(index, request, "month", filters.query()),
    }


def _bad_filters(request, index, form, template_context: dict) -> HttpResponse:
    """The page with the form's errors and no results, answered with 400."""
    response = index.render(
        request,
        context_overrides={
            **_filter_context(request, index, EventFilters()),
            **template_context,
            "form": form,
        },
    )
    response.status_code = 400
    return response


def event_list(request: HttpRequest, index: EventIndexPage, *, past: bool) -> HttpResponse:
    """Upcoming (or past) occurrences, filtered and paginated."""
    form = EventFilterForm(request.GET or None)
    base = {"past": past, "page_obj": None}
    if form.is_bound and not form.is_valid():
        return _bad_filters(request, index, form, base)
    filters = form.filters() if form.is_bound else EventFilters()
    depend_on(request, SEATS)  # the listing shows free seats
    occurrences = occurrence_list(index=index, filters=filters, past=past, request=request)
    paginator = Paginator(
        with_seat_counts(occurrences, event_ref="event_id"),
        PAGE_SIZE,
        allow_empty_first_page=True,
    )
    try:
        page_obj = paginator.page(request.GET.get("page") or 1)
    except InvalidPage as error:
        raise Http404(_("Sidan finns inte.")) from error
    return index.render(
        request,
        context_overrides={
            **_filter_context(request, index, filters),
            "form": form,
            "past": past,
            "page_obj": page_obj,
            "occurrences": page_obj.object_list,
        },
    )


def _month_grid(month: date, occurrences) -> list[list[dict]]:
    """Weeks of days (Monday first), each day with the occurrences that touch it."""
    by_day: dict[date, list] = {}
    for occurrence in occurrences:
        day = timezone.localtime(occurrence.start).date()
        last = timezone.localtime(occurrence.end - timedelta(microseconds=1)).date()
        while day <= last:
            by_day.setdefault(day, []).append(occurrence)
            day += timedelta(days=1)
    weeks = calendar_module.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    return [
        [
            {"date": day, "in_month": day.month == month.month, "occurrences": by_day.get(day, [])}
            for day in week
        ]
        for week in weeks
    ]


def event_month(request: HttpRequest, index: EventIndexPage) -> HttpResponse:
    """One month as an accessible table, with links to the previous and next month."""
    form = EventFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return _bad_filters(request, index, form, {"month_view": True})
    filters = form.filters() if form.is_bound else EventFilters()
    month = filters.month or timezone.localdate().replace(day=1)
    occurrences = list(
        occurrence_list_for_month(index=index, filters=filters, month=month, request=request)
    )
    previous_month = (month - timedelta(days=1)).replace(day=1)
    next_month = (month + timedelta(days=32)).replace(day=1)
    without_month = filters.query(with_month=False)
    return index.render(
        request,
        template="events/event_month.html",
        context_overrides={
            **_filter_context(request, index, filters),
            "form": form,
            "month": month,
            "today": timezone.localdate(),
            "weeks": _month_grid(month, occurrences),
            "occurrence_count": len(occurrences),
            "previous_month_url": _subpage_url(
                index, request, "month", {**without_month, "manad": f"{previous_month:%Y-%m}"}
            ),
            "next_month_url": _subpage_url(
                index, request, "month", {**without_month, "manad": f"{next_month:%Y-%m}"}
            ),
        },
    )


def subscribe(request: HttpRequest, index: EventIndexPage) -> HttpResponse:
    """Subscription help with the exact feed address for the chosen filters."""
    form = EventFilterForm(request.GET or None, with_month=False)
    if form.is_bound and not form.is_valid():
        return _bad_filters(request, index, form, {"subscribe_view": True})
    filters = form.filters() if form.is_bound else EventFilters()
    counties = [EventFilters(county=county) for county in County.objects.all()]
    topics = [EventFilters(topic=topic) for topic in Topic.objects.all()]
    return index.render(
        request,
        template="events/event_subscribe.html",
        context_overrides={
            **_filter_context(request, index, filters),
            "form": form,
            "submit_label": _("Visa adressen"),
            "county_feeds": [_feed_row(request, index, item) for item in counties],
            "topic_feeds": [_feed_row(request, index, item) for item in topics],
        },
    )


def _feed_row(request: HttpRequest, index: EventIndexPage, filters: EventFilters) -> dict:
    https = request.build_absolute_uri(feed_url(index, request, filters))
    return {"filters": filters, "https": https, "webcal": "webcal://" + https.split("://", 1)[1]}


def event_page_context(request: HttpRequest, event: EventPage) -> dict:
    """Occurrences, calendar links, feeds and schema.org data for an event page."""
    occurrences = event.occurrence_list()
    now = timezone.now()
    upcoming = [item for item in occurrences if item.end > now]
    shown = upcoming[0] if upcoming else (occurrences[-1] if occurrences else None)
    context = {"occurrences": occurrences, "upcoming_occurrences": upcoming, "occurrence": shown}
    url = event.get_full_url(request) if event.pk else None
    index = event.get_parent().specific if event.pk else None
    if not (url and shown and isinstance(index, EventIndexPage)):
        return context
    ics_url = f"{index.get_url(request)[:-1]}/{event.slug}.ics"
    feeds = [(feed_title(EventFilters()), EventFilters())]
    if event.county_id:
        county_filters = EventFilters(county=event.county)
        feeds.append((feed_title(county_filters), county_filters))
    context.update(
        {
            "index": index,
            "ics_url": ics_url,
            "ics_absolute_url": request.build_absolute_uri(ics_url),
            "google_url": google_calendar_url(event, shown, url),
            "outlook_url": outlook_calendar_url(event, shown, url, service="outlook"),
            "office365_url": outlook_calendar_url(event, shown, url, service="office365"),
            "feeds": [
                {"title": title, **_filter_context(request, index, filters)}
                for title, filters in feeds
            ],
            "json_ld": event_json_ld(event, shown, url),
        }
    )
    return context


# -- iCalendar ---------------------------------------------------------------------


def _calendar_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    # no-transform: proxies pass the calendar on byte for byte.
    response["Cache-Control"] = "public, max-age=3600, no-transform"
    return response


def _accepts_gzip(request: HttpRequest) -> bool:
    """True when the Accept-Encoding header lists gzip without ``q=0``."""
    for item in request.headers.get("Accept-Encoding", "").split(","):
        coding, _separator, parameters = item.partition(";")
        if coding.strip().lower() == "gzip":
            quality = parameters.strip().lower().removeprefix("q=") or "1"
            try:
                return float(quality) > 0
            except ValueError:
                return False
    return False


def _index_for_path(request: HttpRequest, page_path: str):
    """The live page at the given path below the site's home in the active language.

    Four queries, kept per content generation: feed readers poll often.
    """

    def find() -> tuple[EventIndexPage | None]:
        site = Site.find_for_request(request)
        if site is None:
            return (None,)
        home = site.root_page.get_translation_or_none(Locale.get_active()) or site.root_page
        return (
            EventIndexPage.objects.live()
            .filter(url_path=f"{home.url_path}{page_path}", locale=home.locale_id)
            .first(),
        )

    (page,) = remember("events-index", find, request.get_host(), get_language(), page_path)
    if page is None:
        raise Http404(_("Det finns ingen kalender här."))
    return page


def calendar_file(request: HttpRequest, page_path: str, name: str) -> HttpResponse:
    """``<index>/kalender.ics`` is the feed, ``<index>/<event slug>.ics`` one meeting."""
    index = _index_for_path(request, page_path)
    if name == FEED_FILENAME:
        return event_feed(request, index)
    event = (
        EventPage.objects.child_of(index)
        .live()
        .filter(slug=name)
        .select_related("county", "organiser")
        .prefetch_related("topics", "excluded_dates", "extra_dates")
        .first()
    )
    if event is None:
        raise Http404(_("Mötet finns inte."))

    @condition(
        etag_func=lambda request: (
            f"{event.ical_uid}-{event.sequence}-{event.modified_at.timestamp()}"
        ),
        last_modified_func=lambda request: event.modified_at,
    )
    def single(request):
        calendar = build_calendar(
            [event],
            name=event.title,
            description=event.summary,
            url_for=lambda item: item.get_full_url(request),
        )
        return _calendar_response(calendar.to_ical(), name)

    # The meeting's privacy setting holds here as on its page.
    return serve_as_page(event, request, lambda: single(request))


def event_feed(request: HttpRequest, index: EventIndexPage) -> HttpResponse:
    """The subscribable feed of the index, filtered by county, topic and format."""
    form = EventFilterForm(request.GET or None, with_month=False)
    if form.is_bound and not form.is_valid():
        raise Http404(" ".join(message for errors in form.errors.values() for message in errors))
    filters = form.filters() if form.is_bound else EventFilters()
    # The version's aggregate query takes 20 ms over 10,000 meetings.
    version = remember(
        "feed-version",
        lambda: feed_version(index=index, filters=filters),
        index.pk,
        get_language(),
        urlencode(sorted(filters.query(with_month=False).items())),
        seconds=FEED_VERSION_SECONDS,
    )
    compressed = _accepts_gzip(request)

    # Each encoding is its own representation, with its own ETag.
    @condition(
        etag_func=lambda request: f"{version.etag}-gzip" if compressed else version.etag,
        last_modified_func=lambda request: version.last_modified,
    )
    def feed(request):
        if not compressed:
            body = feed_body_plain(index=index, filters=filters, version=version)
            return _calendar_response(body, FEED_FILENAME)
        body = feed_body_gzip(index=index, filters=filters, version=version)
        response = _calendar_response(body, FEED_FILENAME)
        response["Content-Encoding"] = "gzip"
        return response

    response = feed(request)
    patch_vary_headers(response, ["Accept-Encoding"])
    return response
