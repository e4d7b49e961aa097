"""An improvement lead records that an inspection deadline was met, after a date in the
future is refused; the inspection page then shows it as met. Every page passes axe-core."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.e2e


def _fill_date(page: Page, day: datetime.date) -> None:
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))


def test_lead_records_a_deadline_as_met(page: Page, live_server, demo):
    sign_in(page, live_server.url, "lead")
    page.get_by_role("link", name="Inspections", exact=True).click()
    page.get_by_role("link", name="ILACS standard inspection").first.click()
    page.get_by_role("link", name="Record as met").first.click()
    expect(page.get_by_role("heading", name="Record as met:")).to_be_visible()
    assert_accessible(page)

    _fill_date(page, timezone.localdate() + datetime.timedelta(days=30))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    assert_accessible(page)

    _fill_date(page, timezone.localdate() - datetime.timedelta(days=1))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="ILACS standard inspection")).to_be_visible()
    expect(page.locator(".govuk-tag", has_text="Met").first).to_be_visible()
    assert_accessible(page)
