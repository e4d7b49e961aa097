"""Writes for calendar feeds: create (replacing any live one) and revoke."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tracker.accounts.access import council_authority_for_user
from tracker.accounts.models import User
from tracker.core.history import save_with_history
from tracker.schedule.models import CalendarFeed


def _revoke(*, feed: CalendarFeed, user: User) -> None:
    feed.revoked_at = timezone.now()
    save_with_history(feed, user)


@transaction.atomic
def calendar_feed_create(*, user: User) -> CalendarFeed:
    """Give the user a new secret calendar address. Any address they had stops working, so a
    link that has been shared by mistake can be replaced. Every role may have one: the feed
    only reads what the user can already see. The calendar is the council's own: refused
    (403) to a partner organisation's people."""
    council_authority_for_user(user=user)
    live = CalendarFeed.objects.select_for_update().filter(user=user, revoked_at__isnull=True)
    for feed in live:
        _revoke(feed=feed, user=user)
    feed = CalendarFeed(user=user)
    save_with_history(feed, user)
    return feed


@transaction.atomic
def calendar_feed_revoke(*, user: User, feed: CalendarFeed) -> CalendarFeed:
    """Stop a calendar address working; calendars subscribed to it get "not found"."""
    if feed.user_id != user.pk:
        raise ValidationError("You can only stop your own calendar link.")
    if feed.revoked_at is None:
        _revoke(feed=feed, user=user)
    return feed
