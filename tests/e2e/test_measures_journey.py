"""The improvement lead adds a performance measure to the scorecard, sets its target and
records two months' values (meeting one error on the way), then reads the measure's trend as
a chart with the figures beside it; every page passes axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import assert_accessible, sign_in
from tracker.performance.rules import latest_expected_period_end, previous_period_end

pytestmark = pytest.mark.e2e


def _fill_date(group: Locator, day: datetime.date) -> None:
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_lead_adds_a_measure_a_target_and_two_values_and_reads_the_trend(
    page: Page, live_server, demo
):
    latest = latest_expected_period_end(frequency="monthly", today=timezone.localdate())
    earlier = previous_period_end(frequency="monthly", period_end=latest)
    sign_in(page, live_server.url, "lead")

    page.get_by_role("link", name="Impact", exact=True).click()
    expect(page.get_by_role("heading", name="Measures scorecard")).to_be_visible()
    expect(page.get_by_text("Target and tolerance rule")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Add a measure").click()
    expect(page.get_by_role("heading", name="Add a measure")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Reference").fill("CIN-03")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the measure's name")
    assert_accessible(page)
    page.get_by_label("Name", exact=True).fill("Re-referrals within 12 months")
    page.get_by_label("Percentage").check()
    page.get_by_label("Lower is better").check()
    page.get_by_label("Monthly").check()
    page.get_by_label("Tolerance").fill("2")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("Re-referrals within 12 months added to the scorecard")).to_be_visible()
    expect(page.get_by_role("heading", name="Re-referrals within 12 months")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Set a target").click()
    assert_accessible(page)
    page.get_by_label("Target", exact=True).fill("20")
    _fill_date(page.get_by_role("group", name="Applies from"), earlier.replace(day=1))
    page.get_by_role("button", name="Save target").click()
    expect(page.get_by_text("Target of 20% set from")).to_be_visible()

    page.get_by_role("button", name="Record a value").click()
    expect(page.get_by_role("heading", name="Record a value")).to_be_visible()
    assert_accessible(page)
    _fill_date(page.get_by_role("group", name="Period ending"), earlier.replace(day=15))
    page.get_by_label("Value", exact=True).fill("24")
    page.get_by_role("button", name="Save value").click()
    expect(page.get_by_role("alert")).to_contain_text("dated the last day of the month")
    assert_accessible(page)
    _fill_date(page.get_by_role("group", name="Period ending"), earlier)
    page.get_by_label("England average (optional)").fill("22.4")
    page.get_by_role("button", name="Save value").click()
    expect(page.get_by_text("24% recorded for")).to_be_visible()

    page.get_by_role("button", name="Record a value").click()
    _fill_date(page.get_by_role("group", name="Period ending"), latest)
    page.get_by_label("Value", exact=True).fill("21.5")
    page.get_by_label("England average (optional)").fill("22.1")
    page.get_by_role("button", name="Save value").click()
    expect(page.get_by_text("21.5% recorded for")).to_be_visible()

    chart = page.get_by_role("img", name="Re-referrals within 12 months over time")
    expect(chart).to_be_visible()
    figures = page.get_by_role("table", name="Re-referrals within 12 months over time: the figures")
    expect(figures.get_by_role("row", name=f"{latest:%B %Y}")).to_contain_text("21.5")
    expect(figures.get_by_role("row", name=f"{earlier:%B %Y}")).to_contain_text("22.4")
    expect(page.get_by_text("Trend: Better")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Impact", exact=True).click()
    row = page.get_by_role("row", name="CIN-03 Re-referrals within 12 months")
    expect(row).to_contain_text("21.5%")
    expect(row).to_contain_text("Amber")
    assert_accessible(page)
