"""The thematic lead drafts their theme's highlight report for the next board meeting, edits
the narrative (meeting one error on the way), submits it and sees it frozen; every page passes
axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.e2e


def test_thematic_lead_drafts_edits_and_submits_a_highlight_report(
    page: Page, live_server, governance_demo
):
    board = governance_demo.board
    upcoming = governance_demo.meetings[-1]
    sign_in(page, live_server.url, "themelead")

    page.get_by_role("link", name="Governance", exact=True).click()
    expect(page.get_by_role("heading", name="Boards and committees")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("row", name=board.name).get_by_role("link").last.click()
    expect(page.get_by_role("heading", name="Highlight reports")).to_be_visible()
    reports = page.get_by_role("table", name="Highlight and exception reports for this meeting")
    workforce = reports.get_by_role("row", name="Workforce")
    expect(workforce).to_contain_text("Not started")
    expect(reports.get_by_role("row", name="Quality Assurance")).to_contain_text("Draft")
    expect(page.get_by_role("button", name="Draft report for Partnerships")).to_have_count(0)
    assert_accessible(page)
    assert page.url.endswith(upcoming.get_absolute_url())

    page.get_by_role("button", name="Draft report for Workforce").click()
    expect(page.get_by_role("heading", name="Exception report: Workforce")).to_be_visible()
    expect(page.get_by_text("Report for Workforce drafted from the plan's data")).to_be_visible()
    exceptions = page.get_by_role("table", name="Actions that are Red, overdue or re-baselined")
    expect(exceptions.get_by_role("row", name="4.2")).to_contain_text("Red (off track)")
    expect(exceptions.get_by_role("row", name="4.4")).to_contain_text("Re-baselined")
    expect(page.get_by_role("table", name="The theme's open risks")).to_contain_text("R1")
    assert_accessible(page)

    page.get_by_role("button", name="Edit narrative").click()
    expect(
        page.get_by_role("heading", name="Edit the exception report for Workforce")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Summary", exact=True).fill("")
    page.get_by_role("button", name="Save report").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a summary of the theme's progress")
    assert_accessible(page)
    page.get_by_label("Summary", exact=True).fill(
        "Agency use has risen again after two leavers; the academy opens a term late."
    )
    page.get_by_label("Support or decisions needed from the board (optional)").fill(
        "Agree a market supplement for experienced social workers."
    )
    page.get_by_role("button", name="Save report").click()
    expect(page.get_by_text("Report saved")).to_be_visible()
    expect(page.get_by_text("Agree a market supplement")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Submit report").click()
    expect(
        page.get_by_role("heading", name="Submit the exception report for Workforce")
    ).to_be_visible()
    expect(page.get_by_text("you can no longer change it")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Submit report").click()

    expect(page.get_by_text("Report for Workforce submitted to the board")).to_be_visible()
    expect(page.get_by_text("this report is frozen")).to_be_visible()
    expect(page.get_by_role("button", name="Edit narrative")).to_have_count(0)
    history = page.get_by_role("table", name="Who drafted, changed, submitted or reopened")
    expect(history).to_contain_text("Submitted")
    assert_accessible(page)

    page.get_by_role("link", name="Back to the meeting").click()
    row = page.get_by_role("table", name="Highlight and exception reports for this meeting")
    expect(row.get_by_role("row", name="Workforce")).to_contain_text("Submitted")
    assert_accessible(page)
