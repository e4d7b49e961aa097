"""A viewer opens the dashboard's charts, then the demo plan, follows "What changed since the
last meeting", picks two dates in 2021 and sees what changed; every page passes axe-core
(WCAG 2.2 AA)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.e2e

PLAN_TITLE = "Ofsted ILACS action plan 2020"


def _fill_date(page: Page, legend: str, day: str, month: str, year: str) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


def test_viewer_sees_the_charts_and_what_changed_between_two_dates(page: Page, live_server, demo):
    sign_in(page, live_server.url, "viewer")

    expect(page.get_by_role("img", name="Progress by section").first).to_be_visible()
    expect(page.get_by_role("img", name="BRAG over time").first).to_be_visible()
    page.get_by_text("Progress by section: the numbers").first.click()
    assert_accessible(page)

    page.get_by_role("link", name="Plans", exact=True).click()
    expect(page.get_by_role("heading", name="Plans", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=PLAN_TITLE).click()
    expect(page.get_by_role("heading", name=PLAN_TITLE)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="What changed since the last meeting").click()
    expect(page.get_by_role("heading", name="What changed between")).to_be_visible()
    assert_accessible(page)

    _fill_date(page, "To", "1", "1", "2021")
    _fill_date(page, "From", "1", "2", "2021")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "The 'from' date must be before the 'to' date"
    )
    assert_accessible(page)

    _fill_date(page, "From", "1", "1", "2021")
    _fill_date(page, "To", "31", "7", "2021")
    page.get_by_role("button", name="Compare").click()
    expect(
        page.get_by_role("heading", name="What changed between 1 January 2021 and 31 July 2021")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Completed actions")).to_be_visible()
    completed = page.locator("#completed + [role=region] table")
    expect(completed.get_by_role("link", name="1.1", exact=True)).to_be_visible()
    expect(completed).to_contain_text("Not started")
    assert_accessible(page)

    completed.get_by_role("link", name="1.1", exact=True).click()
    expect(page.get_by_text("Explore alternative audit processes").first).to_be_visible()
    assert "/actions/" in page.url
    assert_accessible(page)
