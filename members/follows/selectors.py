"""Reads of what members follow: the Bevakningar page, the buttons, the editors' report."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from allauth.account.models import EmailAddress

from core.generations import Generation
from core.models import County, Topic
from core.privacy import hidden_paths

from . import kinds
from .models import DigestEntry, Follow

# Request attribute: the signed-in member's follows as (target, value) pairs, read once.
FOLLOWED_MARK = "_followed_targets"
# Bumped by any change of a follow or an interest: retires every member's cached set.
FOLLOWS = Generation("members:follows:generation")
FOLLOWS_TIMEOUT = 300


def may_follow(user) -> bool:
    """Signed-in members with a verified e-mail address follow: news is mailed there."""
    return user.is_authenticated and EmailAddress.objects.filter(user=user, verified=True).exists()


@dataclass
class FollowItem:
    """One followed thing as the Bevakningar page lists it."""

    target: str  # "topic", "county", "kind" or "page"
    value: str  # the topic's or county's id, the kind's key, the page's id
    label: str
    url: str = ""
    follow: Follow | None = None  # None for a topic (an interest)


@dataclass
class FollowGroup:
    key: str
    label: str
    items: list[FollowItem] = field(default_factory=list)


def follow_groups(user, request: HttpRequest | None = None) -> list[FollowGroup]:
    """The member's follows grouped for display: topics, counties, kinds, then each page type.

    A constant number of queries: the interests, the follows with their counties and
    pages, the view restrictions. Pages that are no longer published or open to
    everyone are left out (they are never mailed either).
    """
    topics = FollowGroup("topics", _("Ämnen"))
    counties = FollowGroup("counties", _("Län"))
    kind_group = FollowGroup("kinds", _("Sorter av artiklar"))
    page_groups = {
        group: FollowGroup(group, label) for group, (_model, label) in kinds.page_types().items()
    }
    for topic in user.interests.order_by("name"):
        topics.items.append(FollowItem("topic", str(topic.pk), topic.label))
    hidden = None
    kind_order = list(kinds.kinds())
    kind_items = []
    follows = Follow.objects.filter(user=user).select_related("county", "page")
    for follow in follows:
        if follow.county_id:
            counties.items.append(
                FollowItem("county", str(follow.county_id), follow.county.name, follow=follow)
            )
        elif follow.kind:
            label = kinds.kind_label(follow.kind)
            if label is not None:
                kind_items.append(FollowItem("kind", follow.kind, label, follow=follow))
        elif follow.page_id:
            page = follow.page
            group = kinds.group_of(page.specific_class or Page)
            if group is None or not page.live:
                continue
            if hidden is None:
                hidden = hidden_paths(None)
            if page.path.startswith(hidden):
                continue
            url = page.get_url(request) or ""
            page_groups[group].items.append(
                FollowItem("page", str(page.pk), page.title, url=url, follow=follow)
            )
    counties.items.sort(key=lambda item: item.label)
    kind_group.items = sorted(kind_items, key=lambda item: kind_order.index(item.value))
    for group in page_groups.values():
        group.items.sort(key=lambda item: item.label.casefold())
    return [topics, counties, kind_group, *page_groups.values()]


def follows_key(user_id: object) -> str:
    return f"members:follows:user:{user_id}"


def followed_targets(request: HttpRequest) -> set[tuple[str, str]]:
    """What the signed-in member follows, as ("topic"|"county"|"kind"|"page", value) pairs.

    For the "Bevaka" buttons of a page: read from the cache, with the request's other
    entries (core.read_ahead), while no follow or interest has changed (``FOLLOWS``).
    """
    targets = getattr(request, FOLLOWED_MARK, None)
    if targets is None:
        user = request.user
        targets = FOLLOWS.cached(follows_key(user.pk), lambda: _targets(user), FOLLOWS_TIMEOUT)
        setattr(request, FOLLOWED_MARK, targets)
    return targets


def _targets(user) -> set[tuple[str, str]]:
    targets = {("topic", str(pk)) for pk in user.interests.values_list("pk", flat=True)}
    for county_id, kind, page_id in Follow.objects.filter(user=user).values_list(
        "county_id", "kind", "page_id"
    ):
        if county_id:
            targets.add(("county", str(county_id)))
        elif kind:
            targets.add(("kind", kind))
        else:
            targets.add(("page", str(page_id)))
    return targets


def retire_follows(**kwargs) -> None:
    """Connected to changes of follows and interests: the cached sets are retired."""
    FOLLOWS.bump_now_and_on_commit()


@dataclass
class FollowerCount:
    """A row of the editors' report: how many members follow one topic, county or kind."""

    group: str
    name: str
    members: int


def follower_counts() -> list[FollowerCount]:
    """Active members following each topic, county and article kind; six queries in all.

    Topics and counties without followers are listed with 0, so that the report shows
    what no one follows too.
    """
    through = get_user_model().interests.through
    by_topic = dict(
        through.objects.filter(user__is_active=True)
        .values("topic_id")
        .annotate(n=Count("user_id", distinct=True))
        .values_list("topic_id", "n")
    )
    rows = [
        FollowerCount(str(_("Ämne")), topic.label, by_topic.get(topic.pk, 0))
        for topic in Topic.objects.order_by("name")
    ]
    by_county = dict(
        Follow.objects.filter(county__isnull=False, user__is_active=True)
        .values("county_id")
        .annotate(n=Count("user_id", distinct=True))
        .values_list("county_id", "n")
    )
    rows += [
        FollowerCount(str(_("Län")), county.name, by_county.get(county.pk, 0))
        for county in County.objects.order_by("name")
    ]
    by_kind = dict(
        Follow.objects.filter(user__is_active=True)
        .exclude(kind="")
        .values("kind")
        .annotate(n=Count("user_id", distinct=True))
        .values_list("kind", "n")
    )
    rows += [
        FollowerCount(str(_("Sort av artikel")), str(label), by_kind.get(key, 0))
        for key, label in kinds.kinds().items()
    ]
    return rows


def follows_export(user) -> dict:
    """What the member follows and which pages they were told of, for their data download."""
    follows = []
    for follow in Follow.objects.filter(user=user).select_related("county", "page"):
        if follow.county_id:
            target = {"type": "county", "name": follow.county.name}
        elif follow.kind:
            target = {"type": "kind", "key": follow.kind, "name": kinds.kind_label(follow.kind)}
        else:
            target = {"type": "page", "id": follow.page_id, "name": follow.page.title}
        follows.append({**target, "since": follow.created_at})
    told = DigestEntry.objects.filter(user=user).select_related("page").order_by("sent_at", "pk")
    return {
        "follows": follows,
        "told_of": [
            {"page": entry.page.title, "page_id": entry.page_id, "sent_at": entry.sent_at}
            for entry in told
        ],
    }
