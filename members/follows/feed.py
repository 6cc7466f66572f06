"""The member's personal Atom feed of new items they follow, at an address with a token.

Like the private calendar, the address is the only credential: anyone holding it sees
which public meetings and articles the member follows, nothing more, and the member
can replace it (``feed_token_regenerate``) at any time; a new password replaces it too.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.text import representable

from .. import services
from .digest import Item, interests_of, new_items

# The feed shows new items of this many days, at most FEED_LENGTH of them.
FEED_DAYS = 30
FEED_LENGTH = 50


def feed_token_regenerate(*, user) -> str:
    """Give the member a new follow-feed address; the old one stops working at once."""
    return services.feed_token_regenerate(user=user, field="follow_feed_token")


def member_for_token(token: str):
    """The active member owning this follow-feed token, or None."""
    if not token:
        return None
    return get_user_model().objects.filter(follow_feed_token=token, is_active=True).first()


def followed_items(user, now: datetime.datetime | None = None) -> list[Item]:
    """The public items of the last ``FEED_DAYS`` days the member follows, newest first."""
    now = now or timezone.now()
    interests = interests_of([user], meetings=True)[user.pk]
    items = [
        item
        for item in new_items(now - datetime.timedelta(days=FEED_DAYS), now)
        if interests.matches(item)
    ]
    items.sort(key=lambda item: item.published_at, reverse=True)
    return items[:FEED_LENGTH]


class FollowFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        user = member_for_token(kwargs.get("token", ""))
        if user is None:
            raise Http404
        with override(user.language or settings.LANGUAGE_CODE):
            response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response

    def get_object(self, request, token: str):
        return member_for_token(token)

    def title(self, obj) -> str:
        return _("Mötesplats – det du bevakar")

    def subtitle(self, obj) -> str:
        return _("Nya mötesplatser och artiklar om det du bevakar.")

    def link(self, obj) -> str:
        return settings.SITE_URL + reverse("members:dashboard")

    def feed_url(self, obj) -> str:
        return settings.SITE_URL + reverse("members:digest:feed", args=[obj.follow_feed_token])

    def items(self, obj) -> list[Item]:
        return followed_items(obj)

    def item_title(self, item: Item) -> str:
        return representable(item.title)

    def item_link(self, item: Item) -> str:
        return item.url

    def item_guid(self, item: Item) -> str:
        return item.url

    def item_description(self, item: Item) -> str:
        kind = _("Mötesplats") if item.is_meeting else _("Artikel")
        parts = [kind, item.when_text, str(item.place)]
        return representable(" · ".join(part for part in parts if part))

    def item_pubdate(self, item: Item) -> datetime.datetime:
        return item.published_at


follow_feed = FollowFeed()
