"""A viewer opens the dashboard's charts, then the demo plan, follows "What changed since the
last meeting", picks two dates in 2021 and sees what changed; then looks at the plan as it
stood on a date before and after its progress was reported. Every page passes axe-core
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

    expect(page.get_by_role("img", name="Progress by theme").first).to_be_visible()
    expect(page.get_by_role("img", name="BRAG over time").first).to_be_visible()
    page.get_by_text("Progress by theme: the numbers").first.click()
    expect(page.get_by_role("table", name="Sections most behind").first).to_be_visible()
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


def test_viewer_sees_the_plan_as_it_stood_on_a_date(page: Page, live_server, demo):
    sign_in(page, live_server.url, "viewer", check=False)
    page.get_by_role("link", name="Plans", exact=True).click()
    page.get_by_role("link", name=PLAN_TITLE).click()
    page.get_by_role("link", name="The plan as it stood on a date").click()
    expect(page.get_by_role("heading", name="The plan as it stood on a date")).to_be_visible()
    assert_accessible(page)

    # Before the plan was written (1 February 2020): nothing to show, and the page says why.
    _fill_date(page, "Date", "31", "1", "2020")
    page.get_by_role("button", name="Show the plan").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "The date must be on or after 1 February 2020, when the plan was created"
    )
    assert_accessible(page)

    # Before any progress was reported (30 June 2021): every action not started.
    _fill_date(page, "Date", "1", "1", "2021")
    page.get_by_role("button", name="Show the plan").click()
    expect(
        page.get_by_role("heading", name="The plan at the end of 1 January 2021")
    ).to_be_visible()
    first = page.get_by_role("row").filter(has=page.get_by_role("link", name="1.1", exact=True))
    expect(first).to_contain_text("Explore alternative audit processes")
    expect(first).to_contain_text("Head of Service Safeguards")
    expect(first).to_contain_text("Not started")
    expect(first).to_contain_text("No progress recorded")
    assert_accessible(page)

    # After: the progress reported on 30 June 2021, and the address keeps the date.
    _fill_date(page, "Date", "31", "7", "2021")
    page.get_by_role("button", name="Show the plan").click()
    expect(page.get_by_role("heading", name="The plan at the end of 31 July 2021")).to_be_visible()
    first = page.get_by_role("row").filter(has=page.get_by_role("link", name="1.1", exact=True))
    expect(first).to_contain_text("Completed")
    expect(first).to_contain_text("30 June 2021")
    assert_accessible(page)
    page.goto(page.url.split("?")[0] + "?date=2021-07-31")
    expect(page.get_by_role("heading", name="The plan at the end of 31 July 2021")).to_be_visible()
