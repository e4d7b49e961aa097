"""A partner agency's officer downloads the JTAI Statement of Action from the plan's page, as
Word and as PDF, and finds the plan grouped by partner organisation, joint actions marked, and
the inspectorates that issued the JTAI named. The page that links the downloads passes
axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pypdfium2
import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.e2e

PLAN = "JTAI Statement of Action 2022"
COUNCIL = "Solihull Metropolitan Borough Council"
PARTS = [
    f"Part 1: {COUNCIL}",
    "Part 2: Birmingham and Solihull Integrated Care Board",
    "Part 3: Solihull Safeguarding Children Partnership",
    "Part 4: West Midlands Police",
]
ISSUERS = "Issued by Ofsted, CQC, HMICFRS and HMI Probation."


def _pdf_text(content: bytes) -> str:
    document = pypdfium2.PdfDocument(content)
    try:
        pages = []
        for page in document:
            text_page = page.get_textpage()
            pages.append(text_page.get_text_bounded())
            text_page.close()
            page.close()
    finally:
        document.close()
    return " ".join(" ".join(pages).split())


def test_viewer_downloads_the_statement_of_action_as_word_and_pdf(page: Page, live_server, demo):
    sign_in(page, live_server.url, "viewer")
    page.get_by_role("link", name="Plans", exact=True).click()
    page.get_by_role("link", name=PLAN).click()
    expect(page.get_by_role("heading", name=PLAN)).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Statement of Action (Word)").click()
    download = download_info.value
    plan_id = demo.statement_of_action.pk
    assert download.suggested_filename.startswith(f"statement-of-action-{plan_id}-")
    assert download.suggested_filename.endswith(".docx")
    document = docx.Document(io.BytesIO(Path(download.path()).read_bytes()))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["In response to", "Summary by organisation", *PARTS]
    text = "\n".join(p.text for p in document.paragraphs)
    assert ISSUERS in text
    assert document.core_properties.title == f"Statement of Action: {PLAN}"
    council_rows = [[c.text for c in row.cells] for row in document.tables[1].rows]
    assert council_rows[0][:3] == ["Ref", "Action", "Answers"]
    assert council_rows[1][0] == "1.1"
    assert "Joint action with" in council_rows[1][1]
    assert council_rows[1][2].startswith("Finding 2: “Weaknesses in the joint strategic")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Statement of Action (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    content = Path(download.path()).read_bytes()
    text = _pdf_text(content)
    for part in PARTS:
        assert part in text
    assert ISSUERS in text
    reader = PdfReader(io.BytesIO(content))
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert reader.metadata.title == f"Statement of Action: {PLAN}"

    # The board papers page offers the same downloads beside the plan's other exports.
    page.get_by_role("link", name="Board papers and exports").click()
    downloads = page.locator("#downloads + p + ul")
    expect(downloads.get_by_role("link", name="Statement of Action (Word)")).to_be_visible()
    expect(downloads.get_by_role("link", name="Statement of Action (PDF)")).to_be_visible()
    assert_accessible(page)
