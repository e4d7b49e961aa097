"""An improvement lead prepares for a monitoring visit: chooses the recommendations it will
look at, asks for a Word pack, waits for it and downloads it; every page passes axe-core
(WCAG 2.2 AA)."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.e2e


def test_lead_chooses_a_focus_and_downloads_a_monitoring_visit_pack(page: Page, live_server, demo):
    plan = demo.improvement_plan
    sign_in(page, live_server.url, "lead")

    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    page.get_by_role("link", name="Monitoring visit packs").click()
    expect(page.get_by_role("heading", name="Monitoring visit packs", exact=True)).to_be_visible()
    expect(page.get_by_text("No visit packs have been made for this plan yet.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Make a visit pack").click()
    expect(page.get_by_role("heading", name="Make a monitoring visit pack")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Make the pack").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Select whether the visit looks at recommendations or themes")
    expect(alert).to_contain_text("Select the format of the pack")
    assert_accessible(page)

    page.get_by_label("Day").fill("12")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2027")
    page.get_by_label("Name of the visit (optional)").fill("Third monitoring visit")
    page.get_by_label("Recommendations", exact=True).check()
    recommendations = page.get_by_role("group", name="Recommendations in focus")
    first = recommendations.get_by_role("checkbox").first
    chosen = first.evaluate("box => box.labels[0].textContent").strip()
    first.check()
    page.get_by_label("Word (.docx), to edit before sending").check()
    page.get_by_role("button", name="Make the pack").click()

    expect(page.get_by_text("Your pack is being made")).to_be_visible()
    expect(page.locator("#paper-status")).to_contain_text("Ready")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Third monitoring visit, 12 March 2027"
    )
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the pack").click()
    download = download_info.value
    assert download.suggested_filename == "monitoring-visit-pack-2027-03-12.docx"
    document = docx.Document(io.BytesIO(Path(download.path()).read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Monitoring visit pack" in text
    assert "Prepared for: Third monitoring visit, 12 March 2027." in text
    number = chosen.split(":", 1)[0]
    assert f"1. {number}" in text

    page.get_by_role("link", name="Back to visit packs").click()
    row = page.get_by_role("row").filter(has_text="Third monitoring visit")
    expect(row).to_contain_text("Ready")
    expect(row.get_by_role("link", name="Download")).to_be_visible()
    assert_accessible(page)
