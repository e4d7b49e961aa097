"""An improvement lead records a national child safeguarding practice review, which is not an
inspection, with two of its recommendations, through the forms: a form sent empty is refused in
plain words, the review's page says the Child Safeguarding Practice Review Panel issued it, and the
list shows who issued it. Every page passes axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.e2e

REVIEW = "National child safeguarding practice review"
PANEL = "Child Safeguarding Practice Review Panel"
RECOMMENDATIONS = (
    "Safeguarding partners should review how multi-agency strategy discussions are held.",
    "Safeguarding partners should make sure every child's lived experience is recorded.",
)


def _fill_date(page: Page, legend: str, day: int, month: int, year: int) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day))
    group.get_by_label("Month").fill(str(month))
    group.get_by_label("Year").fill(str(year))


def test_lead_records_a_national_review_and_its_recommendations(
    page: Page, live_server, demo_people
):
    sign_in(page, live_server.url, "lead")
    page.get_by_role("link", name="Inspections", exact=True).click()
    assert_accessible(page)
    page.get_by_role("button", name="Add an inspection, review or notice").click()
    expect(page.get_by_role("heading", name="Add an inspection")).to_be_visible()
    assert_accessible(page)

    # Nothing chosen: every problem is said in plain words.
    page.get_by_role("button", name="Save").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Select what kind of inspection, visit, review or notice it is")
    expect(alert).to_contain_text("Enter the start date")
    assert_accessible(page)

    page.get_by_role("radio", name=REVIEW).check()
    page.get_by_role("checkbox", name=PANEL).check()
    _fill_date(page, "Start date", 26, 5, 2022)
    _fill_date(page, "End date", 26, 5, 2022)
    page.get_by_label("Lead inspector or reviewer (optional)").fill("Annie Hudson")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", name=REVIEW, exact=True)).to_be_visible()
    expect(page.get_by_text(f"Issued by the {PANEL}")).to_be_visible()
    expect(page.get_by_text("26 May 2022 to 26 May 2022")).to_be_visible()
    assert_accessible(page)

    for number, text in enumerate(RECOMMENDATIONS, start=1):
        page.get_by_role("button", name="Add a recommendation").click()
        assert_accessible(page)
        page.get_by_label("Number").fill(str(number))
        page.get_by_role("radio", name="Recommendation", exact=True).check()
        page.get_by_role("textbox", name="Recommendation").fill(text)
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_role("heading", name=f"Recommendation {number}")).to_be_visible()
        expect(page.get_by_text(text)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="All inspections").click()
    row = page.get_by_role("row", name=REVIEW)
    expect(row).to_contain_text(f"the {PANEL}")
    expect(row).to_contain_text("2")
    assert_accessible(page)
