"""The improvement lead adds a board, a meeting and a risk, then opens the risk register and
the heat map; every page passes axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.e2e


def test_lead_adds_a_board_meeting_and_risk_and_sees_the_heat_map(page: Page, live_server, demo):
    sign_in(page, live_server.url, "lead")

    page.get_by_role("link", name="Governance", exact=True).click()
    expect(page.get_by_role("heading", name="Boards and committees")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Add a board").click()
    expect(page.get_by_role("heading", name="Add a board")).to_be_visible()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the board's name")
    assert_accessible(page)
    page.get_by_label("Name", exact=True).fill("Children's Services Improvement Board")
    page.get_by_label("Improvement board").check()
    page.get_by_label("Other members (optional)").fill("Independent chair")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Board Children's Services Improvement Board added")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Add a meeting").click()
    expect(page.get_by_role("heading", name="Add a meeting")).to_be_visible()
    assert_accessible(page)
    meeting_date = page.get_by_role("group", name="Meeting date")
    meeting_date.get_by_label("Day").fill("10")
    meeting_date.get_by_label("Month").fill("12")
    meeting_date.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Meeting on 10 December 2026")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("3 December 2026")
    assert_accessible(page)

    page.goto(f"{live_server.url}/governance/risks/")
    expect(page.get_by_role("heading", name="Risk register")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Add a risk").click()
    expect(page.get_by_role("heading", name="Add a risk")).to_be_visible()
    page.get_by_label("Reference").fill("R1")
    page.get_by_label("Risk", exact=True).fill("Agency social workers leave")
    page.get_by_label("Inherent likelihood").select_option("4")
    page.get_by_label("Inherent impact").select_option("5")
    page.get_by_label("Residual likelihood").select_option("5")
    page.get_by_label("Residual impact").select_option("5")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "The residual score cannot be higher than the inherent score"
    )
    assert_accessible(page)
    page.get_by_label("Residual likelihood").select_option("3")
    page.get_by_label("Residual impact").select_option("4")
    review = page.get_by_role("group", name="Review date (optional)")
    review.get_by_label("Day").fill("1")
    review.get_by_label("Month").fill("1")
    review.get_by_label("Year").fill("2020")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Risk R1 added")).to_be_visible()
    expect(page.get_by_text("Review overdue")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Risk register").click()
    row = page.get_by_role("row", name="R1")
    expect(row).to_contain_text("12")
    expect(row).to_contain_text("High")
    expect(row).to_contain_text("Review overdue")
    assert_accessible(page)

    page.get_by_role("link", name="Risk heat map").click()
    heat_map = page.get_by_role("table", name="Open risks by residual likelihood and impact")
    expect(heat_map.get_by_role("row", name="Likelihood 3")).to_contain_text(
        "1 (High rating, score 12)"
    )
    assert_accessible(page)
