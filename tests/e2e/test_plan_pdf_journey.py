"""A viewer downloads the plan itself as PDF from the plan's page, to print for a meeting, and
finds in it what the plan's CSV holds: every action under its section, with the local
authority, the plan's title and the day it stands at. The board papers page offers the same
download. Both pages pass axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.e2e.conftest import assert_accessible, sign_in
from tests.e2e.test_statement_of_action_journey import COUNCIL, PLAN, _pdf_text

pytestmark = pytest.mark.e2e


def test_viewer_downloads_the_plan_as_pdf_with_the_csvs_rows(page: Page, live_server, demo):
    sign_in(page, live_server.url, "viewer")
    page.get_by_role("link", name="Plans", exact=True).click()
    page.get_by_role("link", name=PLAN).click()
    expect(page.get_by_role("heading", name=PLAN)).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the plan (PDF)").click()
    download = download_info.value
    today = timezone.localdate()
    assert download.suggested_filename == f"improvement-plan-{today.isoformat()}.pdf"
    content = Path(download.path()).read_bytes()
    text = _pdf_text(content)
    as_at = f"as at {today.day} {today:%B %Y}"
    assert f"{COUNCIL} {PLAN} The improvement plan {as_at}" in text
    reader = PdfReader(io.BytesIO(content))
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert reader.metadata.title == f"{PLAN} ({as_at})"
    assert all(p.mediabox.width > p.mediabox.height for p in reader.pages)

    plan_id = demo.statement_of_action.pk
    exported = page.request.get(f"{live_server.url}/reporting/plans/{plan_id}/export.csv")
    rows = list(csv.reader(io.StringIO(exported.body().decode("utf-8-sig"))))[1:]
    assert rows
    for row in rows:
        assert row[0] in text  # the section
        assert row[1] in text  # the reference
    assert f"{len(rows)} actions in" in text

    page.get_by_role("link", name="Board papers and exports").click()
    downloads = page.locator("#downloads + p + ul")
    expect(downloads.get_by_role("link", name="The plan as PDF, to print")).to_be_visible()
    assert_accessible(page)
