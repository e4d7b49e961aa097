"""The improvement lead opens the calendar, filters it, and makes a calendar link for Outlook;
every page passes axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def calendar_demo(demo):
    """The demo, with an action due and one to review this month (the demo's own dates are
    in the past)."""
    from django.utils import timezone

    from tracker.accounts.models import User
    from tracker.plans.services import action_create

    lead = User.objects.get(username="lead")
    section = demo.improvement_plan.sections.order_by("number").first()
    today = timezone.localdate()
    action_create(
        user=lead,
        section=section,
        reference="99.1",
        description="Calendar journey action",
        due_on=today + datetime.timedelta(days=1),
        next_review_on=today + datetime.timedelta(days=2),
    )
    return demo


def test_lead_filters_the_calendar_and_makes_a_calendar_link(
    page: Page, live_server, calendar_demo, settings
):
    settings.SITE_URL = live_server.url  # the calendar link is the service's own address
    sign_in(page, live_server.url, "lead")

    page.get_by_role("link", name="Calendar", exact=True).click()
    expect(page.get_by_role("heading", name="Calendar", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="Action due")).to_be_visible()
    expect(page.get_by_role("cell", name="Action review")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Action review").check()
    page.get_by_role("button", name="Apply filter").click()
    expect(page.get_by_role("cell", name="Action review")).to_be_visible()
    expect(page.get_by_role("cell", name="Action due")).to_have_count(0)
    expect(page.get_by_label("Action review")).to_be_checked()
    assert_accessible(page)

    page.get_by_role("link", name="Next 3 months").click()
    expect(page.get_by_role("cell", name="Action review")).to_have_count(0)
    expect(page.get_by_label("Action review")).to_be_checked()
    assert_accessible(page)

    page.get_by_role("link", name="Add this calendar to Outlook").click()
    expect(page.get_by_role("heading", name="Add the calendar to Outlook")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Create a calendar link").click()
    expect(page.get_by_text("Calendar link made", exact=True)).to_be_visible()
    link = page.get_by_label("Your calendar link")
    expect(link).to_have_value(re.compile(rf"^{re.escape(live_server.url)}/calendar/feed/.+\.ics$"))
    assert_accessible(page)

    feed = page.request.get(link.input_value())
    assert feed.status == 200
    assert "Calendar journey action" in feed.text()

    page.get_by_role("button", name="Stop the link").click()
    expect(page.get_by_text("Calendar link stopped", exact=True)).to_be_visible()
    assert_accessible(page)
    assert page.request.get(feed.url).status == 404
