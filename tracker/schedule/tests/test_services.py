from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tracker.schedule.models import CalendarFeed
from tracker.schedule.services import calendar_feed_create, calendar_feed_revoke

pytestmark = pytest.mark.django_db


def test_calendar_feed_create_gives_a_long_random_token(viewer):
    feed = calendar_feed_create(user=viewer)

    assert len(feed.token) == 43
    assert feed.is_live is True
    assert feed.history.count() == 1
    assert feed.history.first().history_user == viewer


def test_calendar_feed_create_revokes_the_previous_feed(viewer):
    old = calendar_feed_create(user=viewer)

    new = calendar_feed_create(user=viewer)

    old.refresh_from_db()
    assert old.revoked_at is not None
    assert new.token != old.token
    assert list(CalendarFeed.objects.filter(user=viewer, revoked_at__isnull=True)) == [new]


def test_calendar_feed_create_leaves_other_users_feeds_alone(viewer, improvement_lead):
    theirs = calendar_feed_create(user=improvement_lead)

    calendar_feed_create(user=viewer)

    theirs.refresh_from_db()
    assert theirs.is_live is True


def test_calendar_feed_revoke_stops_the_feed_and_keeps_history(viewer):
    feed = calendar_feed_create(user=viewer)

    calendar_feed_revoke(user=viewer, feed=feed)

    feed.refresh_from_db()
    assert feed.is_live is False
    assert feed.history.count() == 2


def test_calendar_feed_revoke_refuses_someone_elses_feed(viewer, improvement_lead):
    feed = calendar_feed_create(user=improvement_lead)

    with pytest.raises(ValidationError, match=r"You can only stop your own calendar link\."):
        calendar_feed_revoke(user=viewer, feed=feed)

    feed.refresh_from_db()
    assert feed.is_live is True
