"""The personal parts of shared pages: tags rendered for each request.

A page the page cache keeps (``core.page_cache``) is the same for everyone who may see
it, except its personal parts: account links, messages, the registration box, forms
with a CSRF token. Each of those is a template tag registered with ``personal_tag``;
nowhere else may a cacheable page's template read the user.

While a page renders for a member, each personal tag's output is marked. The page
cache cuts the marked parts out of the finished page, keeps the rest with the tags'
names and arguments in their place, and the next member who asks for the page gets
only the tags rendered, for them, and filled in (``fill``).

A tag may name its *variant* as well: a function of the same arguments returning all
that its output depends on besides published content and the CSRF token, or None.
Everyone of one variant then gets the same output, rendered once per content
generation and kept in each process's memory, with their own CSRF token put in.
"""

import re
import secrets
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain

from django.conf import settings
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template import Context, RequestContext, TemplateSyntaxError, engines
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .generations import remember
from .privacy import access_key

# Request attribute holding the Recording of a render whose shared part is kept, or
# FORBIDDEN while a shared block renders.
RECORDING_MARK = "_personal_recording"
FORBIDDEN = object()
# Stands for the page being served among a tag's arguments: the page is at hand when
# the tag is filled in, so it is not stored with the shared part.
SERVED_PAGE = "\x00served-page"
# Opens a personal tag's output while recording; one left in a shared part means that
# something kept the tag's output (a fragment cache), and the page is not kept.
MARKER = "<!--personal "
# How long a variant's output is kept; a new content generation retires it sooner.
VARIANT_SECONDS = 3600

_tags: dict[str, tuple[Callable[..., dict], str, Callable[..., tuple | None] | None]] = {}


@dataclass
class Recording:
    """The personal tags met while a page renders, and where their output is."""

    page: object = None
    nonce: str = field(default_factory=lambda: secrets.token_hex(8))
    holes: list[tuple[str, tuple]] = field(default_factory=list)
    # Whether a personal tag asked for the CSRF token (see ``render``).
    csrf_used: bool = False


def personal_tag(
    library,
    template_name: str,
    *,
    name: str | None = None,
    variant: Callable[..., tuple | None] | None = None,
):
    """Register ``func(context, *args) -> dict | None`` as a personal inclusion tag.

    Like Django's ``inclusion_tag(takes_context=True)``: the dictionary is rendered
    with ``template_name``; None shows nothing, without loading the template. Its
    arguments are stored with the shared page, so they must pickle and stay small:
    the page being served, strings, numbers, snippets.
    ``variant(context, *args)``, if given, returns what tells apart the members whose
    output differs (generation numbers of the data it shows included), or None to
    render it for this request alone. A kept output is served without calling ``func``,
    so the variant declares the generations it shows (``page_cache.depend_on``).
    """

    def decorator(func: Callable[..., dict]) -> Callable[..., dict]:
        tag_name = name or func.__name__
        _tags[tag_name] = (func, template_name, variant)

        def tag(context, *args):
            return render(context, tag_name, args)

        library.simple_tag(tag, takes_context=True, name=tag_name)
        return func

    return decorator


@contextmanager
def recording(request: HttpRequest, value):
    """Set the request's recording to ``value`` (None, FORBIDDEN) while the block runs.

    ``{% shared %}`` renders what is kept for others with FORBIDDEN: personal tags
    there are an error.
    """
    before = getattr(request, RECORDING_MARK, None)
    setattr(request, RECORDING_MARK, value)
    try:
        yield
    finally:
        setattr(request, RECORDING_MARK, before)


def render(context: Context, name: str, args: tuple) -> SafeString:
    """A personal tag's output, marked when the page's shared part is being recorded."""
    request = context.get("request")
    if (found := getattr(request, RECORDING_MARK, None)) is FORBIDDEN:
        raise TemplateSyntaxError(f"{{% {name} %}} is personal: it may not be in {{% shared %}}")
    if found is None:
        return _render(context, name, args)
    # A CSRF token asked for inside a personal tag is this member's alone; one asked
    # for anywhere else would be in the shared part, which then is not kept.
    before = request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False)
    with recording(request, None):  # personal tags within this one are part of it
        html = _render(context, name, args)
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False) and not before:
        found.csrf_used = True
        request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False
    found.holes.append((name, tuple(SERVED_PAGE if a is found.page else a for a in args)))
    index = len(found.holes) - 1
    return mark_safe(f"{MARKER}{found.nonce} {index}-->{html}<!--/{found.nonce}-->")  # noqa: S308


def _render(context: Context, name: str, args: tuple) -> SafeString:
    func, template_name, variant = _tags[name]
    request = context.get("request")
    if (
        variant is None
        or not settings.PAGE_CACHE_SECONDS
        or (shown := variant(context, *args)) is None
    ):
        return _render_template(context, func, template_name, args, context.get("csrf_token"))

    def with_stand_in() -> tuple[str, SafeString]:
        # Rendered with a stand-in for the CSRF token, which is each member's own.
        stand_in = secrets.token_urlsafe(24)
        return stand_in, _render_template(context, func, template_name, args, stand_in)

    arguments = [f"{a._meta.label}:{a.pk}" if isinstance(a, Model) else repr(a) for a in args]
    stand_in, html = remember(
        f"personal:{name}",
        with_stand_in,
        *page_parts(request),
        *arguments,
        *map(repr, shown),
        seconds=VARIANT_SECONDS,
    )
    if stand_in in html:  # only then: asking for the token sets the CSRF cookie
        html = html.replace(stand_in, get_token(request))
    return mark_safe(html)  # noqa: S308 - a rendered template


def page_parts(request: HttpRequest) -> tuple[str, ...]:
    """What tells a page's kept parts apart: address, host, language and audience."""
    return request.get_full_path(), request.get_host(), get_language(), access_key(request)


def _render_template(context, func, template_name, args, csrf_token) -> SafeString:
    if (values := func(context, *args)) is None:
        return mark_safe("")  # noqa: S308 - nothing to show
    new_context = context.new(values)
    if csrf_token is not None:
        new_context["csrf_token"] = csrf_token
    return mark_safe(_engine().get_template(template_name).render(new_context))  # noqa: S308


def finish(request: HttpRequest, response: HttpResponse | None) -> tuple[list, list] | None:
    """Stop recording, and take the marks out of ``response``.

    Returns the parts of the page between the personal tags' output, and the tags'
    names and arguments, to be kept. None without a response (the view raised), for
    a streamed one, or when the shared parts may hold something personal: the CSRF
    token was asked for outside the tags, or a tag's output recorded by another
    request is among them. Puts back the CSRF cookie the personal tags asked for,
    which ``render`` kept out of sight.
    """
    found = getattr(request, RECORDING_MARK)
    setattr(request, RECORDING_MARK, None)
    csrf_outside = request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False)
    if found.csrf_used:
        request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    if response is None or response.streaming:
        return None
    mark = re.compile(rf"{MARKER}{found.nonce} (\d+)-->(.*?)<!--/{found.nonce}-->", re.DOTALL)
    content = response.content.decode(response.charset)
    pieces = mark.split(content)
    response.content = mark.sub(r"\2", content)
    shared = pieces[::3]
    if csrf_outside or any(MARKER in part for part in shared):
        return None
    return shared, [found.holes[int(index)] for index in pieces[1::3]]


def fill(request: HttpRequest, page, shared: list[str], holes: list[tuple[str, tuple]]) -> str:
    """A stored page: its shared parts, and its personal tags rendered for this request."""
    context = RequestContext(request, {"page": page, "self": page})
    with context.bind_template(_engine().from_string("")):
        personal = [
            _render(context, name, tuple(page if arg == SERVED_PAGE else arg for arg in args))
            for name, args in holes
        ]
    return "".join(chain.from_iterable(zip(shared, [*personal, ""], strict=True)))


def _engine():
    return engines["django"].engine
