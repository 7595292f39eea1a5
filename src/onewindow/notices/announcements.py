"""Announcements: "tell these people once that this thing reached this level".

A module hands over one batch of `Announcement`s (a thing, its level, who is to hear of it) and gets
in-app notices, written in the caller's transaction: a person told of more than `digest_above` things
of one level in the batch gets one digest notice instead (a thousand cases turning yellow overnight
make one line in a reviewer's bell, not a thousand). Saying it *once* is the caller's part: it claims
the things it announces (the time-limit sweep raises `warned` under a row lock in the same
transaction), so this module never needs to know what was said before. No module writes `Notice`
rows itself; case warnings use this today, the supervision ladder will tomorrow.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import override

from .models import Notice

DIGEST_ABOVE = 5


@dataclass(frozen=True)
class Announcement:
    """One thing that reached `level`, for the users in `recipients` (user ids)."""

    level: str
    text: Callable[[], str]  # built in the hall's language when the notice is written
    link: str
    recipients: Iterable[int]


@dataclass(frozen=True)
class Digest:
    """What a person told of many things of one level reads instead: text(level, count), link(level)."""

    text: Callable[[str, int], str]
    link: Callable[[str], str]


def announce(batch: list[Announcement], digest: Digest, *, digest_above: int = DIGEST_ABOVE) -> int:
    """Write the notices of one batch; returns how many were written."""
    told = defaultdict(list)  # (user id, level) -> announcements
    for announcement in batch:
        for user_id in set(announcement.recipients):
            told[user_id, announcement.level].append(announcement)
    now = timezone.now()
    notices = []
    with override("zh-hans"):  # stored texts, like every notice, in the hall's language
        for (user_id, level), theirs in sorted(told.items()):
            if len(theirs) > digest_above:
                text, link = digest.text(level, len(theirs)), digest.link(level)
                notices.append(Notice(recipient_id=user_id, text=str(text)[:300], link=link, created_at=now))
            else:
                notices += [
                    Notice(recipient_id=user_id, text=str(a.text())[:300], link=a.link, created_at=now)
                    for a in theirs
                ]
    Notice.objects.bulk_create(notices, batch_size=1000)
    return len(notices)
