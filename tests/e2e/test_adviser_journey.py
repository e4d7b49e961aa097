"""A DfE adviser. They sign in to their portfolio, open the demo authority's plan and read it,
and can change nothing; the authority's administrator stops their access, and from their next
page the adviser sees nothing of it. Every page passes axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import DEMO_PASSWORD, assert_accessible, sign_in

pytestmark = pytest.mark.e2e

AUTHORITY = "Solihull Metropolitan Borough Council"


def test_an_adviser_reads_an_authority_until_its_administrator_stops_it(
    page: Page, browser: Browser, live_server, demo
):
    from tracker.reporting.portfolio.demo import load_adviser_demo

    load_adviser_demo(local_authority=demo.local_authority, password=DEMO_PASSWORD)
    base_url = live_server.url

    # The adviser signs in to their portfolio.
    page.goto(f"{base_url}/")
    assert_accessible(page)
    page.get_by_label("Username").fill("adviser")
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your authorities")).to_be_visible()
    expect(page.get_by_role("rowheader", name=AUTHORITY)).to_be_visible()
    assert_accessible(page)

    # From the row, the authority's plan, read only.
    page.get_by_role("link", name=f"Plan of {AUTHORITY}").click()
    expect(page.get_by_text(f"You are reading {AUTHORITY} as an adviser")).to_be_visible()
    expect(page.get_by_role("link", name="Change plan details")).to_have_count(0)
    plan_url = page.url
    assert_accessible(page)
    page.get_by_role("link", name="Back to your authorities").click()
    page.get_by_role("link", name=f"Board papers of {AUTHORITY}").click()
    expect(page.get_by_role("heading", name="Board papers")).to_be_visible()
    expect(page.get_by_role("button", name="Make the paper")).to_have_count(0)
    assert_accessible(page)

    # The authority's administrator stops the adviser's access.
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London")
    admin = context.new_page()
    admin.set_default_timeout(15_000)
    sign_in(admin, base_url, "admin")
    admin.goto(f"{base_url}/accounts/manage/")
    admin.get_by_role("link", name="Advisers").click()
    expect(admin.get_by_role("heading", name="Advisers who can see your authority")).to_be_visible()
    assert_accessible(admin)
    admin.get_by_role("link", name="Stop access for Sam Okafor").click()
    assert_accessible(admin)
    admin.get_by_role("button", name="Stop access").click()
    expect(admin.get_by_text("Sam Okafor can no longer see your authority")).to_be_visible()
    assert_accessible(admin)
    context.close()

    # The adviser's next page: nothing of the authority.
    page.goto(plan_url)
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    page.goto(f"{base_url}/")
    expect(page.get_by_role("heading", name="Your authorities")).to_be_visible()
    expect(page.get_by_text("No local authority has let you in yet")).to_be_visible()
    assert_accessible(page)
