from __future__ import annotations

import datetime
import html
import re

import icalendar
import pytest
from django.test import Client
from django.urls import reverse

from tracker.core.dates import month_start
from tracker.schedule.models import CalendarFeed
from tracker.schedule.selectors import Kind
from tracker.schedule.services import calendar_feed_create, calendar_feed_revoke

pytestmark = pytest.mark.django_db

CALENDAR = reverse("schedule:calendar")
FEED_PAGE = reverse("schedule:feed_manage")


def _body(response) -> str:
    return html.unescape(response.content.decode())


def _feed_url(feed) -> str:
    return reverse("schedule:feed", args=[feed.token])


# The calendar page -------------------------------------------------------------------------------


def test_calendar_lists_three_months_of_events(client, viewer, today, everything, late_action):
    client.force_login(viewer)

    response = client.get(CALENDAR)
    body = _body(response)

    assert response.status_code == 200
    first = today.replace(day=1)
    for offset in range(3):
        assert f'<h2 class="govuk-heading-m">{month_start(first, offset):%B %Y}</h2>' in body
    assert "Action planning visit" in body
    assert "Strategy agreed by Cabinet" in body
    assert f'href="{late_action.get_absolute_url()}"' in body
    assert f"?from={month_start(first, -3):%Y-%m}" in body
    assert f"?from={month_start(first, 3):%Y-%m}" in body


def test_calendar_filters_by_kind_with_a_plain_get_form(client, viewer, everything):
    client.force_login(viewer)

    response = client.get(CALENDAR, {"kind": [Kind.PROGRAMME_MILESTONE]})
    body = _body(response)

    assert "Strategy agreed by Cabinet" in body
    assert "Action planning visit" not in body
    assert re.search(r'value="Programme milestone"\s+checked', body)
    # The month links keep the filter.
    assert "kind=Programme+milestone" in body


def test_calendar_shows_the_month_asked_for(client, viewer, everything):
    client.force_login(viewer)

    response = client.get(CALENDAR, {"from": "2030-02"})
    body = _body(response)

    assert '<h2 class="govuk-heading-m">February 2030</h2>' in body
    assert '<h2 class="govuk-heading-m">April 2030</h2>' in body
    assert "Nothing in February 2030." in body
    assert "?from=2029-11" in body


@pytest.mark.parametrize("value", ["nonsense", "2030-13", "2030-02-01", ""])
def test_calendar_falls_back_to_this_month_for_a_bad_month(client, viewer, today, value):
    client.force_login(viewer)

    response = client.get(CALENDAR, {"from": value})

    assert response.status_code == 200
    assert f'<h2 class="govuk-heading-m">{today:%B %Y}</h2>' in _body(response)


def test_calendar_never_shows_another_authoritys_events(client, outsider, everything):
    client.force_login(outsider)

    body = _body(client.get(CALENDAR))

    assert "Action planning visit" not in body
    assert "Strategy agreed by Cabinet" not in body


def test_calendar_query_count_is_bounded(client, viewer, everything, django_assert_max_num_queries):
    client.force_login(viewer)
    with django_assert_max_num_queries(12):
        assert client.get(CALENDAR).status_code == 200


# Managing the calendar link ----------------------------------------------------------------------


def test_feed_page_offers_to_create_a_link(client, viewer):
    client.force_login(viewer)

    body = _body(client.get(FEED_PAGE))

    assert "Add calendar</strong>, then <strong>Subscribe from web" in body
    assert "Create a calendar link" in body
    assert "Stop the link" not in body


def test_viewer_can_create_a_link_and_see_it(client, viewer, settings):
    """Read-only users may subscribe: the feed shows only what they can already read. The link
    is the service's own address, whatever host the page was asked for with."""
    settings.SITE_URL = "https://tracker.solihull.example/"
    client.force_login(viewer)

    response = client.post(reverse("schedule:feed_create"), follow=True)
    body = _body(response)

    feed = CalendarFeed.objects.get(user=viewer)
    assert "Calendar link made" in body
    assert f'value="https://tracker.solihull.example{_feed_url(feed)}"' in body
    assert "Make a new link (the old one stops working)" in body
    assert "Stop the link" in body


def test_new_link_revokes_the_old(client, viewer):
    client.force_login(viewer)
    old = calendar_feed_create(user=viewer)

    response = client.post(reverse("schedule:feed_create"), follow=True)

    assert "The old link has stopped working" in _body(response)
    assert client.get(_feed_url(old)).status_code == 404
    new = CalendarFeed.objects.get(user=viewer, revoked_at__isnull=True)
    assert client.get(_feed_url(new)).status_code == 200


def test_stop_the_link(client, viewer):
    client.force_login(viewer)
    feed = calendar_feed_create(user=viewer)

    response = client.post(reverse("schedule:feed_revoke"), follow=True)

    assert "Calendar link stopped" in _body(response)
    assert "Create a calendar link" in _body(response)
    feed.refresh_from_db()
    assert feed.is_live is False


def test_link_buttons_need_a_post_with_csrf(viewer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(viewer)

    assert client.get(reverse("schedule:feed_create")).status_code == 405
    assert client.post(reverse("schedule:feed_create")).status_code == 403
    assert not CalendarFeed.objects.exists()


# The feed ----------------------------------------------------------------------------------------


def test_feed_is_an_icalendar_document_that_parses_back(
    client,
    viewer,
    local_authority,
    today,
    past,
    soon,
    everything,
    deadline,
    visit_window,
    late_action,
    done_action,
    deliverable,
    project_milestone,
    settings,
):
    settings.SITE_URL = "http://127.0.0.1:8101"
    feed = calendar_feed_create(user=viewer)

    response = client.get(_feed_url(feed))  # not signed in

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"]
    assert "max-age=900" in response["Cache-Control"]
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == f"Improvement Tracker – {local_authority.name}"
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    assert len(events) == 7
    assert set(events) == {
        f"inspection-milestone-{deadline.pk}@improvement-tracker",
        f"inspection-milestone-{visit_window.pk}@improvement-tracker",
        f"action-{late_action.pk}@improvement-tracker",
        f"action-review-{late_action.pk}@improvement-tracker",
        f"action-{done_action.pk}@improvement-tracker",
        f"deliverable-{deliverable.pk}@improvement-tracker",
        f"project-milestone-{project_milestone.pk}@improvement-tracker",
    }
    due = events[f"action-{late_action.pk}@improvement-tracker"]
    assert due["DTSTART"].dt == past
    assert due["DTEND"].dt == past + datetime.timedelta(days=1)
    assert str(due["SUMMARY"]) == "Action due: 1.1 Action 1.1"
    assert str(due["URL"]) == f"http://127.0.0.1:8101{late_action.get_absolute_url()}"
    assert str(due["DESCRIPTION"]).endswith(
        f"\nhttp://127.0.0.1:8101{late_action.get_absolute_url()}"
    )
    assert str(due["DESCRIPTION"]).startswith("Overdue. Children's services improvement plan")
    assert "DTSTAMP" in due
    window = events[f"inspection-milestone-{visit_window.pk}@improvement-tracker"]
    assert window["DTSTART"].dt == soon
    assert window["DTEND"].dt == soon + datetime.timedelta(days=31)
    assert b"DTSTART;VALUE=DATE:" in response.content


def test_feed_covers_three_months_back_to_eighteen_ahead(
    client, viewer, improvement_lead, section, today
):
    from tracker.schedule.tests.conftest import make_action

    start = month_start(today, -3)
    end = month_start(today, 19) - datetime.timedelta(days=1)
    for number, due_on in enumerate(
        [start - datetime.timedelta(days=1), start, end, end + datetime.timedelta(days=1)]
    ):
        make_action(section=section, user=improvement_lead, reference=f"2.{number}", due_on=due_on)
    feed = calendar_feed_create(user=viewer)

    calendar = icalendar.Calendar.from_ical(client.get(_feed_url(feed)).content)

    assert sorted(event["DTSTART"].dt for event in calendar.walk("VEVENT")) == [start, end]


def test_feed_never_shows_another_authoritys_events(client, outsider, everything, elsewhere_action):
    feed = calendar_feed_create(user=outsider)

    calendar = icalendar.Calendar.from_ical(client.get(_feed_url(feed)).content)

    assert [str(event["UID"]) for event in calendar.walk("VEVENT")] == [
        f"action-{elsewhere_action.pk}@improvement-tracker"
    ]


def test_unknown_token_is_not_found(client):
    assert client.get("/calendar/feed/" + "x" * 43 + ".ics").status_code == 404


def test_revoked_token_is_not_found(client, viewer):
    feed = calendar_feed_create(user=viewer)
    calendar_feed_revoke(user=viewer, feed=feed)

    response = client.get(_feed_url(feed))

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_feed_of_a_deactivated_user_is_not_found(client, viewer):
    feed = calendar_feed_create(user=viewer)
    viewer.is_active = False
    viewer.save()

    assert client.get(_feed_url(feed)).status_code == 404


def test_feed_query_count_is_bounded(client, viewer, everything, django_assert_max_num_queries):
    feed = calendar_feed_create(user=viewer)
    with django_assert_max_num_queries(7):
        assert client.get(_feed_url(feed)).status_code == 200


def test_pages_other_than_the_feed_need_sign_in(client):
    for url in (CALENDAR, FEED_PAGE):
        assert client.get(url).status_code == 302
    assert client.post(reverse("schedule:feed_create")).status_code == 302
    assert client.post(reverse("schedule:feed_revoke")).status_code == 302
