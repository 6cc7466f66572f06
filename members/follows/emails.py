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
from django.template.loader import render_to_string
from django.utils import timezone, translation

from allauth.account.models import EmailAddress

from core.outbox.rules import language_of
from core.outbox.services import TEXT_TEMPLATES, enqueue

from .digest import Item, group, interests_of, new_items, new_remarks, remarks_for
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
# Members whose digests are written in one transaction (a commit each costs a disk flush).
BATCH = 100

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
    remarks = new_remarks(now - LOOKBACK, now)
    report = DigestReport()
    texts: dict = {}  # each item's lines per language, for the run
    due = due_members(now)
    last_pk = 0
    while chunk := list(due.filter(pk__gt=last_pk)[:chunk_size]):
        last_pk = chunk[-1].pk
        _digest_chunk(chunk, items, remarks, now, report, texts)
    return report


def _digest_chunk(
    chunk: list, items: list[Item], remarks: list, now: datetime.datetime, report, texts: dict
) -> None:
    interests = interests_of(chunk)
    told = defaultdict(set)
    if items:
        entries = DigestEntry.objects.filter(
            user_id__in=[user.pk for user in chunk], page_id__in={item.page_id for item in items}
        ).values_list("user_id", "page_id")
        for user_id, page_id in entries:
            told[user_id].add(page_id)
    quiet, news = [], []
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
        said = remarks_for(remarks, user.pk, mine.page_ids, since)
        if fresh or said:
            news.append((user, fresh, said))
        else:
            quiet.append(user.pk)
    for start in range(0, len(news), BATCH):
        _send_batch(news[start : start + BATCH], now, report, texts)
    if quiet:
        # Nothing new: only the watermark moves, of those still due (one query).
        moved = get_user_model().objects.filter(pk__in=quiet).filter(_due(now))
        claimed = moved.update(digest_sent_at=now)
        report.quiet += claimed
        report.elsewhere += len(quiet) - claimed


def _claim(user, now: datetime.datetime) -> bool:
    """Move the member's watermark from the value read to ``now``; False if it moved already.

    The UPDATE holds the member's row until the transaction ends: a second run waits,
    then finds the value changed.
    """
    members = get_user_model().objects.filter(pk=user.pk)
    if user.digest_sent_at is None:
        members = members.filter(digest_sent_at__isnull=True)
    else:
        members = members.filter(digest_sent_at=user.digest_sent_at)
    return members.update(digest_sent_at=now) == 1


def _send_batch(batch: list[tuple], now: datetime.datetime, report, texts: dict) -> None:
    """Claim each member of the batch and write their digests, in one transaction.

    Members are claimed in the order of their ids, as every run and instant mail lock
    them, so two runs wait for each other instead of deadlocking.
    """
    with transaction.atomic():
        claimed = [(user, items, said) for user, items, said in batch if _claim(user, now)]
        report.elsewhere += len(batch) - len(claimed)
        if not claimed:
            return
        # Read under the claims: what an instant mail told meanwhile is seen now.
        told = defaultdict(set)
        entries = DigestEntry.objects.filter(
            user_id__in=[user.pk for user, _items, _said in claimed],
            page_id__in={item.page_id for _user, items, _said in claimed for item in items},
        ).values_list("user_id", "page_id")
        for user_id, page_id in entries:
            told[user_id].add(page_id)
        digests = []
        for user, items, said in claimed:
            items = [item for item in items if item.page_id not in told[user.pk]]
            if items or said:
                digests.append((user, items, said))
            else:
                report.quiet += 1
        _record({user.pk: [item.page_id for item in items] for user, items, _said in digests})
        for user, items, said in digests:
            _enqueue_digest(user, items, said, texts)
        report.sent += len(digests)


def item_text(item: Item, language: str, texts: dict | None = None) -> str:
    """An item's lines in a digest (title, date and place, address), in ``language``.

    ``texts`` keeps them for a run: thousands of digests share a few hundred items.
    """
    texts = {} if texts is None else texts
    key = (item.page_id, language)
    if key not in texts:
        with translation.override(language):
            texts[key] = render_to_string(
                "members/email/digest_item.txt", {"item": item}, using=TEXT_TEMPLATES
            )
    return texts[key]


def _enqueue_digest(user, items: list[Item], said: list, texts: dict) -> None:
    language = language_of(user)
    grouped = group(items)
    enqueue(
        to=user.email,
        user=user,
        language=language,
        template="members/email/digest",
        context={
            "items": items,
            "meetings": [item_text(item, language, texts) for item in grouped["meetings"]],
            "articles": [item_text(item, language, texts) for item in grouped["articles"]],
            "remarks": said,
            "news_count": len(items) + len(said),
            "frequency": user.digest_frequency,
            "unsubscribe_url": unsubscribe_url(user, DIGEST),
        },
        kind=DIGEST_KIND,
        notification=True,
    )


def _record(pages_by_user: dict[int, list[int]]) -> None:
    DigestEntry.objects.bulk_create(
        [
            DigestEntry(user_id=user_id, page_id=page_id)
            for user_id, page_ids in pages_by_user.items()
            for page_id in page_ids
        ],
        ignore_conflicts=True,
    )


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
        _record({user.pk: [item.page_id] for user in users})
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
