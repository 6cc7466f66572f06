"""How members hear of what they follow: the digest and new meetings at once.

Both write to the outbox in the transaction that records, in ``DigestEntry``, which
pages the member was told of, so a page is told once whichever way comes first.

``send_digests`` (``manage.py send_digests``, hourly) finds the members whose daily or
weekly digest is due, *claims* each with one conditional UPDATE of ``digest_sent_at``
(from the value it read to now: a second run, on this machine or another, finds the
value changed and leaves the member alone) and writes the digest in the same
transaction. The new items are read once per run; members are read in chunks with
their follows in a fixed number of queries per chunk. A member with nothing new gets
no mail; their watermark advances all the same.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from allauth.account.models import EmailAddress

from core.outbox.services import enqueue

from .digest import Item, group, interests_of, new_items
from .models import DigestEntry
from .unsubscribe import DIGEST, NEW_EVENT, unsubscribe_url

DIGEST_KIND = "members.digest"
NEW_EVENT_KIND = "members.new_event"

PERIODS = {"daily": datetime.timedelta(days=1), "weekly": datetime.timedelta(days=7)}
# An hourly run counts a member due a little early rather than an hour later each time.
SLACK = datetime.timedelta(minutes=30)
# A digest never reaches further back than this (say, after a member turned it on again).
LOOKBACK = datetime.timedelta(days=14)
CHUNK = 500

# What a digest run reads of a member.
MEMBER_FIELDS = (
    "pk",
    "email",
    "first_name",
    "language",
    "digest_frequency",
    "digest_sent_at",
    "date_joined",
    "notify_new_events",
)


def _verified():
    """The member's login address is a verified one (allauth)."""
    return Exists(
        EmailAddress.objects.filter(
            user=OuterRef("pk"), email__iexact=OuterRef("email"), verified=True
        )
    )


def _due(now: datetime.datetime) -> Q:
    due = Q()
    for frequency, period in PERIODS.items():
        due |= Q(digest_frequency=frequency) & (
            Q(digest_sent_at__isnull=True) | Q(digest_sent_at__lte=now - period + SLACK)
        )
    return due


def due_members(now: datetime.datetime) -> QuerySet:
    """Active members with a verified address whose digest is due at ``now``."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(_due(now))
        .filter(_verified())
        .only(*MEMBER_FIELDS)
        .order_by("pk")
    )


def since_for(user, now: datetime.datetime) -> datetime.datetime:
    """Items first published after this are new to the member.

    After the last digest; for the first, since the account was made, at most one period.
    """
    first = max(user.date_joined, now - PERIODS[user.digest_frequency])
    since = user.digest_sent_at or first
    return max(since, now - LOOKBACK)


@dataclass
class DigestReport:
    sent: int = 0  # digests written to the outbox
    quiet: int = 0  # due members with nothing new
    elsewhere: int = 0  # members another run claimed first


def send_digests(*, now: datetime.datetime | None = None, chunk_size: int = CHUNK) -> DigestReport:
    """Write every due member's digest to the outbox (see the module's docstring)."""
    now = now or timezone.now()
    items = new_items(now - LOOKBACK, now)
    report = DigestReport()
    due = due_members(now)
    last_pk = 0
    while chunk := list(due.filter(pk__gt=last_pk)[:chunk_size]):
        last_pk = chunk[-1].pk
        _digest_chunk(chunk, items, now, report)
    return report


def _digest_chunk(chunk: list, items: list[Item], now: datetime.datetime, report) -> None:
    interests = interests_of(chunk)
    told = defaultdict(set)
    if items:
        entries = DigestEntry.objects.filter(
            user_id__in=[user.pk for user in chunk], page_id__in={item.page_id for item in items}
        ).values_list("user_id", "page_id")
        for user_id, page_id in entries:
            told[user_id].add(page_id)
    quiet = []
    for user in chunk:
        mine = interests[user.pk]
        since = since_for(user, now)
        fresh = [
            item
            for item in items
            if item.published_at > since
            and item.page_id not in told[user.pk]
            and mine.matches(item)
        ]
        if not fresh:
            quiet.append(user.pk)
        elif _send_digest(user, fresh, now):
            report.sent += 1
        else:
            report.elsewhere += 1
    if quiet:
        # Nothing new: only the watermark moves, of those still due (one query).
        moved = get_user_model().objects.filter(pk__in=quiet).filter(_due(now))
        claimed = moved.update(digest_sent_at=now)
        report.quiet += claimed
        report.elsewhere += len(quiet) - claimed


def _claim(user, now: datetime.datetime) -> bool:
    """Move the member's watermark from the value read to ``now``; False if it moved already."""
    members = get_user_model().objects.filter(pk=user.pk)
    if user.digest_sent_at is None:
        members = members.filter(digest_sent_at__isnull=True)
    else:
        members = members.filter(digest_sent_at=user.digest_sent_at)
    return members.update(digest_sent_at=now) == 1


def _record(user_ids: list[int], page_id_sets: dict[int, list[int]]) -> None:
    DigestEntry.objects.bulk_create(
        [
            DigestEntry(user_id=user_id, page_id=page_id)
            for user_id in user_ids
            for page_id in page_id_sets[user_id]
        ],
        ignore_conflicts=True,
    )


def _send_digest(user, items: list[Item], now: datetime.datetime) -> bool:
    """Claim the member and write their digest; False when another run claimed them."""
    with transaction.atomic():
        if not _claim(user, now):
            return False
        # The claim holds the member's row: what an instant mail told meanwhile is seen now.
        told = set(
            DigestEntry.objects.filter(
                user_id=user.pk, page_id__in=[item.page_id for item in items]
            ).values_list("page_id", flat=True)
        )
        items = [item for item in items if item.page_id not in told]
        if not items:
            return True
        _record([user.pk], {user.pk: [item.page_id for item in items]})
        enqueue(
            to=user.email,
            user=user,
            template="members/email/digest",
            context={
                "items": items,
                **group(items),
                "frequency": user.digest_frequency,
                "unsubscribe_url": unsubscribe_url(user, DIGEST),
            },
            kind=DIGEST_KIND,
            notification=True,
        )
    return True


def announce_new_meeting(item: Item, *, chunk_size: int = CHUNK) -> int:
    """Tell at once the members who want new meetings so and follow this one; how many.

    Each recipient's row is locked first (as a digest's claim does), so a digest being
    written at the same moment either told of the meeting already or will see it told.
    """
    User = get_user_model()  # noqa: N806
    candidates = (
        User.objects.filter(is_active=True, new_events_at_once=True, notify_new_events=True)
        .filter(_verified())
        .only(*MEMBER_FIELDS)
        .order_by("pk")
    )
    count = 0
    last_pk = 0
    while chunk := list(candidates.filter(pk__gt=last_pk)[:chunk_size]):
        last_pk = chunk[-1].pk
        interests = interests_of(chunk)
        matching = [user for user in chunk if interests[user.pk].matches(item)]
        if matching:
            count += _announce_to(matching, item)
    return count


def _announce_to(users: list, item: Item) -> int:
    with transaction.atomic():
        ids = [user.pk for user in users]
        list(
            get_user_model()
            .objects.select_for_update()
            .filter(pk__in=ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        told = set(
            DigestEntry.objects.filter(user_id__in=ids, page_id=item.page_id).values_list(
                "user_id", flat=True
            )
        )
        users = [user for user in users if user.pk not in told]
        _record([user.pk for user in users], {user.pk: [item.page_id] for user in users})
        for user in users:
            enqueue(
                to=user.email,
                user=user,
                template="members/email/new_event",
                context={"item": item, "unsubscribe_url": unsubscribe_url(user, NEW_EVENT)},
                kind=NEW_EVENT_KIND,
                notification=True,
            )
    return len(users)
