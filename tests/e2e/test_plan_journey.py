"""An action owner signs in, opens the demo plan, filters to overdue actions and records
progress; every page passes axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.e2e

PLAN_TITLE = "Ofsted ILACS action plan 2020"


def _open_demo_plan_overdue(page: Page, *, check: bool = True) -> None:
    """Plans, the demo plan, then the overdue filter; axe on each page unless `check` is off."""
    page.get_by_role("link", name="Plans", exact=True).click()
    expect(page.get_by_role("heading", name="Plans", exact=True)).to_be_visible()
    if check:
        assert_accessible(page)
    page.get_by_role("link", name=PLAN_TITLE).click()
    expect(page.get_by_role("heading", name=PLAN_TITLE)).to_be_visible()
    if check:
        assert_accessible(page)
    page.get_by_label("Only overdue actions").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("status")).to_contain_text("match your filters")
    assert "overdue=1" in page.url
    if check:
        assert_accessible(page)


def test_owner_filters_to_overdue_and_records_progress(page: Page, live_server, demo):
    base_url = live_server.url
    sign_in(page, base_url, "owner")
    assert_accessible(page)
    _open_demo_plan_overdue(page)

    # Every action shown is overdue; action 1.6 (partially complete) is one of them.
    rows = page.locator("tbody tr")
    assert rows.count() >= 1
    for index in range(rows.count()):
        expect(rows.nth(index)).to_contain_text("Overdue")
    page.get_by_role("link", name="1.6", exact=True).click()
    expect(page.get_by_role("heading", name="Action 1.6")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Record progress").click()
    expect(page.get_by_role("heading", name="Record progress on action 1.6")).to_be_visible()
    assert_accessible(page)

    # Unhappy path first: nothing entered gives the GOV.UK error summary.
    page.get_by_label("Progress", exact=True).fill("")
    page.get_by_role("button", name="Record progress").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the progress made")
    assert_accessible(page)

    page.get_by_label("Progress", exact=True).fill(
        "Exploitation and missing data sets agreed with the police and published."
    )
    page.get_by_label("Completed", exact=True).check()
    page.get_by_role("button", name="Record progress").click()
    expect(page.get_by_text("Progress recorded on action 1.6")).to_be_visible()
    expect(page.get_by_text("Exploitation and missing data sets agreed")).to_be_visible()
    assert re.search(r"/actions/\d+/$", page.url)
    assert_accessible(page)

    # Completed is Blue and no longer overdue.
    summary = page.locator(".govuk-summary-list")
    expect(summary).to_contain_text("Completed")
    expect(summary).to_contain_text("Blue")
    expect(summary).not_to_contain_text("Overdue")


def test_pages_are_accessible_to_a_viewer(page: Page, live_server, demo):
    base_url = live_server.url
    sign_in(page, base_url, "viewer")
    page.get_by_role("link", name="Inspections", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="ILACS standard inspection").first.click()
    expect(page.get_by_role("heading", name="Judgements")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{base_url}/plans/")
    page.get_by_role("link", name="Children's services improvement plan 2023").click()
    expect(page.get_by_role("heading", name="Themes")).to_be_visible()
    assert_accessible(page)
    # Viewers read but cannot change.
    expect(page.get_by_text("Add an action")).to_have_count(0)
    expect(page.get_by_text("Record progress")).to_have_count(0)


def test_lead_forms_are_accessible_with_errors(page: Page, live_server, demo):
    base_url = live_server.url
    sign_in(page, base_url, "lead")
    for path in ("/plans/new/", "/inspections/new/"):
        page.goto(f"{base_url}{path}")
        assert_accessible(page)
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_role("alert")).to_contain_text("There is a problem")
        assert_accessible(page)


def test_progress_can_be_recorded_with_javascript_off(
    page_without_javascript: Page, live_server, demo
):
    page = page_without_javascript
    base_url = live_server.url
    sign_in(page, base_url, "owner", check=False)
    _open_demo_plan_overdue(page, check=False)
    page.get_by_role("link", name="1.6", exact=True).click()
    page.get_by_role("button", name="Record progress").click()
    page.get_by_label("Progress", exact=True).fill("Recorded without JavaScript.")
    page.get_by_label("In progress", exact=True).check()
    page.get_by_label("Green (on track)").check()
    page.get_by_role("button", name="Record progress").click()
    expect(page.get_by_text("Recorded without JavaScript.")).to_be_visible()
