"""The calendar is the council's own: refused to a partner organisation's people, and a
calendar link made before someone joined a partner stops working."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tracker.accounts.models import User
from tracker.accounts.tests.factories import UserFactory
from tracker.schedule import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def police_officer(local_authority, police):
    return UserFactory(
        local_authority=local_authority, organisation=police, role=User.Role.ACTION_OWNER
    )


def test_a_partner_may_not_open_the_calendar_or_make_a_link(client, police_officer):
    client.force_login(police_officer)
    assert client.get(reverse("schedule:calendar")).status_code == 403
    with pytest.raises(PermissionDenied):
        services.calendar_feed_create(user=police_officer)


def test_a_calendar_link_stops_working_once_its_owner_is_of_a_partner(client, viewer, police):
    feed = services.calendar_feed_create(user=viewer)
    url = reverse("schedule:feed", args=[feed.token])
    assert client.get(url).status_code == 200
    viewer.organisation = police
    viewer.save()
    assert client.get(url).status_code == 404
