"""A board member makes the improvement plan update report as a Word document, waits for it
and downloads it; every page passes axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.e2e


def test_viewer_makes_and_downloads_a_word_board_paper(page: Page, live_server, demo):
    plan = demo.improvement_plan
    sign_in(page, live_server.url, "viewer")

    page.goto(f"{live_server.url}/reporting/plans/{plan.pk}/board-papers/")
    expect(page.get_by_role("heading", name="Board papers", exact=True)).to_be_visible()
    expect(page.get_by_text("No papers have been made for this plan yet.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Make the paper").click()
    expect(page.get_by_role("alert")).to_contain_text("Select the format of the paper")
    assert_accessible(page)

    page.get_by_label("Word (.docx), to edit before sending").check()
    page.get_by_role("button", name="Make the paper").click()
    expect(page.get_by_text("Your paper is being made")).to_be_visible()
    status = page.locator("#paper-status")
    expect(status).to_contain_text("Ready")
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the paper").click()
    download = download_info.value
    assert download.suggested_filename.startswith("improvement-plan-update-")
    assert download.suggested_filename.endswith(".docx")
    document = docx.Document(io.BytesIO(Path(download.path()).read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Improvement plan update" in text
    assert plan.title in text

    page.get_by_role("link", name="Back to board papers").click()
    row = page.get_by_role("row").filter(has_text="Word")
    expect(row).to_contain_text("Ready")
    expect(row.get_by_role("link", name="Download")).to_be_visible()
    assert_accessible(page)


def test_status_page_follows_progress_and_shows_the_download_when_ready(
    page: Page, live_server, demo
):
    """With JavaScript on, the status page asks for progress and reloads when the paper is
    ready. (The queue runs papers at once in tests, so this paper is queued by hand.)"""
    from tracker.accounts.models import User
    from tracker.reporting.models import BoardPaper

    plan = demo.improvement_plan
    viewer = User.objects.get(username="viewer")
    paper = BoardPaper.objects.create(
        local_authority=plan.local_authority,
        plan=plan,
        as_of=plan.created_at.date(),
        format=BoardPaper.Format.PDF,
        requested_by=viewer,
        filename="improvement-plan-update-2026-11-22.pdf",
    )
    sign_in(page, live_server.url, "viewer")
    page.goto(f"{live_server.url}{paper.get_absolute_url()}")
    status = page.locator("#paper-status")
    expect(status).to_contain_text("Waiting to start")
    expect(page.get_by_role("link", name="Check progress")).to_be_visible()
    assert_accessible(page)

    BoardPaper.objects.filter(pk=paper.pk).update(
        status=BoardPaper.Status.RUNNING, progress_percent=60, progress_message="Page 3 of 5"
    )
    expect(status).to_contain_text("60% done: Page 3 of 5.")
    BoardPaper.objects.filter(pk=paper.pk).update(
        status=BoardPaper.Status.READY, progress_percent=100, content=b"%PDF-1.7\n"
    )
    expect(page.get_by_role("button", name="Download the paper")).to_be_visible()
    expect(status).to_contain_text("Ready")
    assert_accessible(page)
