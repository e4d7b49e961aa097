"""The iCalendar (RFC 5545) document of a calendar feed. Builds bytes from events; never
queries the database."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import cast

from tracker.schedule.selectors import CalendarEvent

UID_DOMAIN = "improvement-tracker"
PRODUCT_ID = "-//Improvement Tracker//Calendar//EN"


def calendar_document(
    *,
    name: str,
    events: Iterable[CalendarEvent],
    absolute_url: Callable[[str], str],
    stamped_at: datetime.datetime,
) -> bytes:
    """An iCalendar document of all-day events: a single date ends the next day, a window
    ends the day after its last day (DTEND is exclusive)."""
    import icalendar  # imported when a calendar is served, not when the app starts

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-published-ttl", datetime.timedelta(hours=1))
    for event in events:
        vevent = icalendar.Event()
        vevent.add("uid", f"{event.uid}@{UID_DOMAIN}")
        vevent.add("dtstamp", stamped_at)
        vevent.add("dtstart", event.on)
        vevent.add("dtend", event.last_day + datetime.timedelta(days=1))
        vevent.add("summary", f"{event.kind}: {event.title}")
        url = absolute_url(event.url)
        description = event.detail
        if event.is_overdue:
            description = f"Overdue. {description}"
        vevent.add("description", f"{description}\n{url}")
        vevent.add("url", url)
        vevent.add("categories", [event.kind])
        vevent.add("transp", "TRANSPARENT")
        calendar.add_component(vevent)
    # icalendar leaves to_ical() unannotated; it returns the document's bytes.
    return cast(bytes, calendar.to_ical())
