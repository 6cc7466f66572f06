"""Template tags for the site layout: main menu, footer links, language switch, home sections."""

import hashlib

from django import template
from django.conf import settings
from django.contrib.messages import get_messages
from django.db.models import QuerySet
from django.urls import translate_url
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from wagtail.models import Locale, Page, Site

from core import home, personal
from core.api.datasets import page_in_language
from core.generations import remember
from core.models import OpenDataPage
from core.personal import personal_tag
from core.privacy import is_visible, visible_to

register = template.Library()


class SharedNode(template.Node):
    """A part of the layout kept per page, language, audience and content generation."""

    def __init__(self, nodelist, name: str):
        self.nodelist = nodelist
        self.name = name

    def render(self, context) -> SafeString:
        request = context["request"]

        def compute() -> SafeString:
            with personal.recording(request, personal.FORBIDDEN):
                return mark_safe(self.nodelist.render(context))  # noqa: S308 - rendered

        return remember(self.name, compute, *personal.page_parts(request))


@register.tag
def shared(parser, token):
    """``{% shared %}…{% endshared %}``: the same for everyone who may see this page.

    For the layout around pages that are personal as a whole (Mina sidor), which the
    page cache cannot keep: the menu, the language switch, the footer. The block's
    output is kept until published content changes (``core.generations.remember``),
    once per address, language and visitors who may see the same pages. It may not
    read the user: what is personal goes into a personal tag (``core.personal``).
    """
    nodelist = parser.parse(("endshared",))
    parser.delete_first_token()
    # Numbered in the order the template's blocks are parsed, the same in every process.
    parser.shared_blocks = getattr(parser, "shared_blocks", 0) + 1
    place = hashlib.sha256(f"{parser.origin.name}:{parser.shared_blocks}".encode()).hexdigest()
    return SharedNode(nodelist, f"shared:{place[:16]}")


@personal_tag(register, "components/account_links.html")
def account_links(context) -> dict:
    """ "Mina sidor" and "Logga ut", or "Logga in" and "Bli medlem"."""
    return {"user": context["request"].user}


@personal_tag(register, "components/messages.html", name="message_list")
def message_list(context) -> dict | None:
    """The messages waiting for this visitor (Django's messages framework)."""
    messages = get_messages(context["request"])
    return {"messages": messages} if messages else None


@personal_tag(register, "components/user_bar.html")
def user_bar(context) -> dict | None:
    """Wagtail's user bar, which editors get on the pages they may edit."""
    request = context["request"]
    if not request.user.has_perm("wagtailadmin.access_admin"):
        return None
    return {"request": request, "page": context.get("page")}


@register.filter(name="visible_to")
def visible_to_filter(pages, request):
    """Of a queryset or list of pages, those the request may see (core.privacy)."""
    if isinstance(pages, QuerySet):
        return visible_to(pages, request)
    return [page for page in pages if is_visible(page, request)]


def _home_for_language(request) -> Page | None:
    """The site's root page in the active language, falling back to the default."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    root = site.root_page
    return root.get_translation_or_none(Locale.get_active()) or root


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    """The root page's live children that editors marked 'show in menus'."""
    request = context["request"]
    home = _home_for_language(request)
    children = home.get_children().live().in_menu() if home else Page.objects.none()
    current = context.get("page")
    path = current.path if isinstance(current, Page) else ""
    items = [
        {
            "page": child,
            "current": child.path == path,
            "ancestor": path.startswith(child.path) and child.path != path,
        }
        for child in children
    ]
    return {
        "request": request,
        "home": home,
        "home_current": home is not None and home.path == path,
        "items": items,
    }


@register.simple_tag(takes_context=True)
def home_url(context) -> str:
    """URL of the home page in the active language."""
    home = _home_for_language(context["request"])
    return home.url if home else "/"


@register.simple_tag(takes_context=True)
def localized_url(context, page) -> str:
    """URL of the given page's translation in the active language, if any."""
    if page is None:
        return ""
    return page.localized.url


@register.simple_tag(takes_context=True)
def open_data_url(context) -> str:
    """URL of the public "Öppna data" page in the active language (or any), else empty."""
    page = page_in_language(OpenDataPage, context["request"])
    return page.get_url(context["request"]) if page else ""


@register.inclusion_tag("components/language_switch.html", takes_context=True)
def language_switch(context):
    """Links to this page in the other languages (the home page when untranslated)."""
    request = context["request"]
    page = context.get("page")
    current = get_language()
    links = []
    translations = {}
    if isinstance(page, Page):
        translations = {
            p.locale.language_code: p
            for p in page.get_translations(inclusive=True).live().select_related("locale")
        }
    site = Site.find_for_request(request)
    for code, name in settings.LANGUAGES:
        if code == current:
            continue
        if code in translations:
            url = translations[code].url
        elif isinstance(page, Page) and site:
            fallback = site.root_page.get_translation_or_none(
                Locale.objects.get(language_code=code)
            )
            url = fallback.url if fallback else "/"
        else:
            url = translate_url(request.get_full_path(), code)
        links.append({"code": code, "name": name, "url": url})
    return {"links": links}


@register.simple_tag(takes_context=True)
def home_sections(context, area: str) -> SafeString:
    """The home page's registered sections of one area (core.home), in order.

    Each is rendered as an inclusion tag renders: its template with the variables its
    function returns, and the CSRF token.
    """
    parts = []
    for section in home.home_sections(area):
        template = context.template.engine.get_template(section.template)
        section_context = context.new(section.context(context))
        csrf_token = context.get("csrf_token")
        if csrf_token is not None:
            section_context["csrf_token"] = csrf_token
        parts.append(template.render(section_context))
    return format_html_join("", "{}", ((part,) for part in parts))
