"""On a phone (375 px wide) no page scrolls sideways: wide tables scroll inside their own
labelled region, and the plan's actions stack. At a desktop width the 51-action demo plan is
dense enough to scan. Every page passes axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
PLAN_TITLE = "Ofsted ILACS action plan 2020"
# The plan page was 15,848 px tall at this width with each action's latest progress and the
# expected outcomes laid out in full; folded away in GOV.UK details it is about 7,500.
MAX_PLAN_HEIGHT = 8_000


def _page_width(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def _page_height(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def test_pages_do_not_scroll_sideways_on_a_phone(page: Page, live_server, demo):
    base_url = live_server.url
    page.set_viewport_size(PHONE)
    sign_in(page, base_url, "lead")

    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    assert _page_width(page) <= PHONE["width"]
    region = page.locator(".app-table-region").first
    expect(region).to_have_attribute("role", "region")
    expect(region).to_have_attribute("tabindex", "0")
    assert_accessible(page)

    page.goto(f"{base_url}/plans/")
    page.get_by_role("link", name=PLAN_TITLE).click()
    expect(page.get_by_role("heading", name=PLAN_TITLE)).to_be_visible()
    assert _page_width(page) <= PHONE["width"]
    assert_accessible(page)

    page.goto(f"{base_url}/inspections/")
    page.get_by_role("link", name="ILACS standard inspection").first.click()
    expect(page.get_by_role("heading", name="Deadlines")).to_be_visible()
    assert _page_width(page) <= PHONE["width"]
    expect(page.get_by_role("region", name="Deadlines")).to_be_visible()
    assert_accessible(page)


def test_demo_plan_is_dense_enough_to_scan_at_desktop_width(page: Page, live_server, demo):
    base_url = live_server.url
    page.set_viewport_size(DESKTOP)
    sign_in(page, base_url, "viewer")
    page.goto(f"{base_url}/plans/")
    page.get_by_role("link", name=PLAN_TITLE).click()
    expect(page.get_by_role("heading", name=PLAN_TITLE)).to_be_visible()
    assert_accessible(page)

    assert _page_height(page) < MAX_PLAN_HEIGHT
    assert _page_width(page) <= DESKTOP["width"]
    # One row an action: Ref, Action, Who, Due, Status, BRAG.
    first_table = page.get_by_role("table").first
    headers = first_table.get_by_role("columnheader").all_inner_texts()
    assert headers == ["Ref", "Action", "Who", "Due", "Status", "BRAG"]
    assert page.locator("table.app-table--actions tbody tr").count() == 51

    # The latest progress is there, folded away until asked for.
    narrative = page.get_by_text("Data sets available December 2020", exact=False)
    expect(narrative).to_be_hidden()
    page.get_by_text("Latest progress on action 1.6", exact=False).click()
    expect(narrative).to_be_visible()
    outcome = page.get_by_text("Learning is disseminated across the Directorate.")
    expect(outcome).to_be_hidden()
    page.get_by_text("Expected outcomes of section 1 (5)").click()
    expect(outcome).to_be_visible()
    assert_accessible(page)
