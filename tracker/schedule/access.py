"""The only ways to find a calendar feed: the signed-in user's own, or by its secret token."""

from __future__ import annotations

from django.http import Http404

from tracker.accounts.models import User
from tracker.schedule.models import CalendarFeed


def calendar_feed_live_for_user(*, user: User) -> CalendarFeed | None:
    """The user's live calendar feed, if they have one."""
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def calendar_feed_get_by_token(*, token: str) -> CalendarFeed:
    """The live feed with this token; otherwise 404, whether the token never existed, was
    revoked, or belongs to a user who can no longer sign in (the response is the same, so it
    reveals nothing about which tokens exist)."""
    feed = (
        CalendarFeed.objects.select_related("user__local_authority", "user__organisation")
        .filter(token=token, revoked_at__isnull=True)
        .first()
    )
    if feed is None:
        raise Http404("Not found")
    if not feed.user.is_active:
        raise Http404("Not found")
    if feed.user.local_authority_id is None:
        raise Http404("Not found")
    # Someone now of a partner organisation sees no calendar (`require_council_member`).
    if feed.user.is_partner:
        raise Http404("Not found")
    return feed
