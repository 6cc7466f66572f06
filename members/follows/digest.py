"""What is new, and who follows it: the items that digests, instant mail and the feed tell of.

The apps that publish register a *source* in their ``AppConfig.ready``: a callable
``(since, until) -> iterable of Item`` giving the public, live pages first published in
that window (``events``: meetings still to come; ``knowledge``: articles). Members never
imports them. A source must give only pages an anonymous visitor may see
(``core.privacy.visible_to(..., None)`` and ``.live()``): whatever it gives may be mailed.

Remarks (new comments, ``register_remark_source``) are told to the members who follow
their page, in the digest after the one that last told them anything; they need no
ledger: the digest's watermark moves past them.

An item *matches* a member who follows its page, one of its topics (the member's
interests), one of its counties or, for an article, its kind; meetings only when the
member wants e-mail about new meetings (``notify_new_events``), unless asked otherwise.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.timezone import localtime

from .models import Follow

MEETING = "meeting"
ARTICLE = "article"


@dataclass(frozen=True)
class Item:
    """A newly published page, as a digest, an instant mail or the feed shows it.

    ``when``: a meeting's (next) start, an aware datetime, or its date when it lasts all
    day; an article's publication date. ``published_at``: when the page was first
    published (what "new" means). ``place``: a meeting's location on one line, in the
    language that is active when it is shown (it may be a lazy string), or "".
    """

    page_id: int
    type: str
    title: str
    url: str
    when: datetime.datetime | datetime.date
    published_at: datetime.datetime
    place: str = ""
    topic_ids: frozenset[int] = field(default_factory=frozenset)
    county_ids: frozenset[int] = field(default_factory=frozenset)
    kind: str = ""
    language: str = "sv"

    @property
    def is_meeting(self) -> bool:
        return self.type == MEETING

    @property
    def has_time(self) -> bool:
        """Whether ``when`` is a moment (a meeting with a time), not a date."""
        return isinstance(self.when, datetime.datetime)

    @property
    def when_text(self) -> str:
        """The date (and time) as the active language writes it, in Swedish time."""
        if self.has_time:
            return date_format(localtime(self.when), "DATETIME_FORMAT")
        return date_format(self.when, "DATE_FORMAT")


Source = Callable[[datetime.datetime, datetime.datetime], Iterable[Item]]

_sources: list[Source] = []


def register_source(source: Source) -> Source:
    """Add a source of new items; an app's ``AppConfig.ready`` calls it."""
    if source not in _sources:
        _sources.append(source)
    return source


def new_items(since: datetime.datetime, until: datetime.datetime) -> list[Item]:
    """Every registered source's items first published after ``since``, up to ``until``.

    Meetings first, then articles, each in the order they were published.
    """
    items = [item for source in _sources for item in source(since, until)]
    items.sort(key=lambda item: (item.type != MEETING, item.published_at, item.page_id))
    return items


@dataclass(frozen=True)
class Remark:
    """Something said on a page (a comment), told to the members who follow that page."""

    page_id: int
    title: str
    url: str
    at: datetime.datetime
    author_id: int | None = None


RemarkSource = Callable[[datetime.datetime, datetime.datetime], Iterable[Remark]]

_remark_sources: list[RemarkSource] = []


def register_remark_source(source: RemarkSource) -> RemarkSource:
    """Add a source of remarks (``members.discussion``); public pages only, as for items."""
    if source not in _remark_sources:
        _remark_sources.append(source)
    return source


def new_remarks(since: datetime.datetime, until: datetime.datetime) -> list[Remark]:
    """Every registered source's remarks made after ``since``, up to ``until``, oldest first."""
    remarks = [remark for source in _remark_sources for remark in source(since, until)]
    remarks.sort(key=lambda remark: (remark.at, remark.page_id))
    return remarks


@dataclass
class PageRemarks:
    """New remarks on one followed page, as a digest lists them."""

    title: str
    url: str
    count: int


def remarks_for(remarks: Iterable[Remark], user_id: int, page_ids: set[int], since) -> list:
    """The remarks on pages the member follows, by others, after ``since``, one line a page."""
    pages: dict[int, PageRemarks] = {}
    for remark in remarks:
        if remark.at > since and remark.page_id in page_ids and remark.author_id != user_id:
            entry = pages.setdefault(remark.page_id, PageRemarks(remark.title, remark.url, 0))
            entry.count += 1
    return list(pages.values())


@dataclass
class Interests:
    """What one member follows, gathered for matching."""

    page_ids: set[int] = field(default_factory=set)
    topic_ids: set[int] = field(default_factory=set)
    county_ids: set[int] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)
    meetings: bool = True

    def __bool__(self) -> bool:
        return bool(self.page_ids or self.topic_ids or self.county_ids or self.kinds)

    def matches(self, item: Item) -> bool:
        if item.is_meeting and not self.meetings:
            return False
        return (
            item.page_id in self.page_ids
            or not self.topic_ids.isdisjoint(item.topic_ids)
            or not self.county_ids.isdisjoint(item.county_ids)
            or (bool(item.kind) and item.kind in self.kinds)
        )


def interests_of(users: Iterable, *, meetings: bool | None = None) -> dict[int, Interests]:
    """Each user's follows, by user id, in two queries whatever the number of users.

    ``users`` carry ``notify_new_events`` unless ``meetings`` says whether meetings count.
    """
    from django.contrib.auth import get_user_model

    users = list(users)
    interests = {
        user.pk: Interests(meetings=user.notify_new_events if meetings is None else meetings)
        for user in users
    }
    if not interests:
        return interests
    follows = Follow.objects.filter(user_id__in=interests).values_list(
        "user_id", "county_id", "kind", "page_id"
    )
    for user_id, county_id, kind, page_id in follows:
        mine = interests[user_id]
        if county_id:
            mine.county_ids.add(county_id)
        elif kind:
            mine.kinds.add(kind)
        elif page_id:
            mine.page_ids.add(page_id)
    through = get_user_model().interests.through
    for user_id, topic_id in through.objects.filter(user_id__in=interests).values_list(
        "user_id", "topic_id"
    ):
        interests[user_id].topic_ids.add(topic_id)
    return interests


def _moment(item: Item) -> datetime.datetime:
    """``when`` as a datetime, so that all-day meetings sort among the others."""
    if isinstance(item.when, datetime.datetime):
        return item.when
    return datetime.datetime.combine(item.when, datetime.time.min, tzinfo=datetime.UTC)


def group(items: Iterable[Item]) -> dict[str, list[Item]]:
    """Items by type, for templates: ``meetings`` soonest first, ``articles`` newest first."""
    grouped: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        grouped["meetings" if item.is_meeting else "articles"].append(item)
    return {
        "meetings": sorted(grouped["meetings"], key=_moment),
        "articles": sorted(grouped["articles"], key=_moment, reverse=True),
    }
