"""An improvement lead imports a published Ofsted report and an existing plan spreadsheet,
checking each preview before saving; every page passes axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, sign_in
from tracker.plans.tests.imports.builders import csv_bytes

pytestmark = pytest.mark.e2e

REPORTS = Path(__file__).resolve().parents[2] / "tracker/inspections/tests/fixtures/ofsted-reports"


def test_lead_imports_an_ofsted_report_after_checking_it(page: Page, live_server, demo):
    sign_in(page, live_server.url, "lead")
    page.get_by_role("link", name="Inspections", exact=True).click()
    page.get_by_role("button", name="Import an Ofsted report").click()
    expect(page.get_by_role("heading", name="Import an Ofsted report")).to_be_visible()
    assert_accessible(page)

    # A file that is not a PDF is refused with a clear message, and nothing is saved.
    page.get_by_label("Upload the report").set_input_files(
        {"name": "notes.txt", "mimeType": "text/plain", "buffer": b"not a report"}
    )
    page.get_by_role("button", name="Upload and check the report").click()
    expect(page.get_by_role("alert")).to_contain_text("PDF")
    assert_accessible(page)

    page.get_by_label("Upload the report").set_input_files(
        str(REPORTS / "barnsley-ilacs-short-published-2023-10-27.pdf")
    )
    page.get_by_role("button", name="Upload and check the report").click()
    expect(page.get_by_role("heading", name="Check the report before saving")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Save the inspection and recommendations").click()

    expect(page.get_by_role("heading", name="Judgements")).to_be_visible()
    expect(page.locator("body")).to_contain_text("11 September 2023 to 15 September 2023")
    expect(page.locator(".govuk-summary-card")).to_have_count(4)
    assert_accessible(page)


def test_lead_imports_a_plan_spreadsheet_after_mapping_and_checking(
    page: Page, live_server, demo, tmp_path
):
    spreadsheet = tmp_path / "tracker.csv"
    spreadsheet.write_bytes(
        csv_bytes(
            [
                ["Ref", "Recommendation", "Action", "Lead officer", "Target date", "RAG", "Update"],
                [
                    "1.1",
                    "Quality assurance",
                    "Refresh the audit tool",
                    "Head of Service Safeguards",
                    "31/03/2027",
                    "Green",
                    "Draft tool agreed",
                ],
                [
                    "1.2",
                    "Quality assurance",
                    "Share learning from audits",
                    "Principal Social Worker",
                    "30/06/2027",
                    "Amber",
                    "Learning panels booked",
                ],
                [
                    "2.1",
                    "Strategy meetings",
                    "Audit strategy discussions",
                    "Head of Service Family Support",
                    "31/12/2026",
                    "Completed",
                    "First audit done",
                ],
            ]
        )
    )
    sign_in(page, live_server.url, "lead")
    page.get_by_role("link", name="Plans", exact=True).click()
    page.get_by_role("button", name="Import a plan").click()
    assert_accessible(page)
    page.locator("input[type=file]").set_input_files(str(spreadsheet))
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Say what each column holds")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Check the imported plan")).to_be_visible()
    expect(page.locator("body")).to_contain_text("Refresh the audit tool")
    assert_accessible(page)
    page.get_by_role("button", name="Import the plan").click()

    expect(page.get_by_text("Share learning from audits")).to_be_visible()
    expect(page.locator("body")).to_contain_text("3 actions")
    assert_accessible(page)
