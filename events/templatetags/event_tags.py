"""Template filters for meetings: dates and times written the Swedish way."""

import json
from datetime import timedelta

from django import template
from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import get_language

register = template.Library()


def _clock(value) -> str:
    # Swedish writes 10.00 (Språkrådet); English 10:00.
    return value.strftime("%H.%M" if get_language() == "sv" else "%H:%M")


def _day(value) -> str:
    return formats.date_format(value, "l j F Y")


@register.filter
def event_when(occurrence, all_day: bool = False) -> str:
    """'tisdag 3 mars 2026, 10.00–11.30' for an occurrence (all-day end exclusive)."""
    start, end = localtime(occurrence.start), localtime(occurrence.end)
    if all_day:
        last = (end - timedelta(days=1)).date()
        if last <= start.date():
            return _day(start.date())
        return f"{_day(start.date())} – {_day(last)}"
    if start.date() == end.date():
        return f"{_day(start)}, {_clock(start)}–{_clock(end)}"
    return f"{_day(start)} {_clock(start)} – {_day(end)} {_clock(end)}"


@register.filter
def event_date(occurrence) -> str:
    """The ISO date (YYYY-MM-DD) of an occurrence's local start, for <time datetime>."""
    return localtime(occurrence.start).date().isoformat()


@register.filter
def local_iso(value) -> str:
    """An aware datetime in Europe/Stockholm as ISO 8601, for <time datetime>."""
    return localtime(value).isoformat(timespec="minutes")


@register.simple_tag
def json_ld(data: dict) -> str:
    """A JSON-LD script; <, > and & escaped as in json_script.

    It carries no CSP nonce: a data block is never executed, so the policy does not
    apply to it, and a nonce would make the page uncacheable (it differs per response).
    """
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text),  # noqa: S308 - characters that could end the script are escaped
    )
