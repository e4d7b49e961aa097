"""A lead starts a draft plan from an inspection's recommendations: the inspection page, the
confirmation page and the new plan all pass axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.e2e


def test_lead_starts_a_plan_from_an_inspections_recommendations(page: Page, live_server, demo):
    base_url = live_server.url
    sign_in(page, base_url, "lead")
    page.get_by_role("link", name="Inspections", exact=True).click()
    page.get_by_role("link", name="ILACS standard inspection").first.click()
    page.get_by_role("button", name="Start a plan from these recommendations").click()
    expect(
        page.get_by_role("heading", name="Start a plan from these recommendations")
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Plan title").fill("")
    page.get_by_role("button", name="Create the draft plan").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the plan's title")
    assert_accessible(page)

    page.get_by_label("Plan title").fill("Our answer to the inspection")
    page.get_by_role("button", name="Create the draft plan").click()
    expect(page.get_by_role("heading", name="Our answer to the inspection")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Draft plan started with \d+ sections"))).to_be_visible()
    assert_accessible(page)
