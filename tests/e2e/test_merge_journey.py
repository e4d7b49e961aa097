"""An improvement lead merges the JTAI Statement of Action into the 2023 improvement plan
through the preview: the first attempt misses a choice, the preview suggests a place for each
section and one is corrected, and after confirming the merged plan lists the merge while the
Statement of Action says where its content went and shows how it stood before. Every page
passes axe-core (WCAG 2.2 AA).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.e2e

STATEMENT = "JTAI Statement of Action 2022"
MAIN_PLAN = "Children's services improvement plan 2023"
FIRST_SECTION = "Joint strategic governance of the MASH"


def test_lead_merges_two_plans_through_the_preview(page: Page, live_server, demo):
    sign_in(page, live_server.url, "lead")
    page.get_by_role("link", name="Plans", exact=True).click()
    page.get_by_role("button", name="Merge plans").click()
    expect(page.get_by_role("heading", name="Merge plans")).to_be_visible()
    assert_accessible(page)

    # Unhappy path first: a plan chosen but nowhere to merge it into.
    page.get_by_role("checkbox", name=STATEMENT).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose the plan to merge them into")
    assert_accessible(page)
    page.get_by_role("radio", name=MAIN_PLAN).check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Check where each section goes")).to_be_visible()
    assert_accessible(page)
    first = page.get_by_label(f"{STATEMENT}: 1. {FIRST_SECTION}")
    # Suggested by the theme of the same name in the improvement plan.
    expect(first.locator("option:checked")).to_have_text(
        "A new section under Leadership and Governance"
    )
    expect(page.get_by_role("table", name="What will move")).to_contain_text("Actions")
    # The officer corrects one: the first section joins the plan's first section instead.
    first.select_option(label=first.locator("option", has_text="Into section 1. ").inner_text())
    page.get_by_role("button", name="Confirm merge").click()

    expect(page.get_by_role("heading", name=MAIN_PLAN)).to_be_visible()
    expect(page.get_by_text("Plans merged: 17 actions moved into")).to_be_visible()
    expect(page.get_by_role("heading", name="Plans merged into this plan")).to_be_visible()
    expect(page.locator("#section-1").locator("xpath=..")).to_contain_text(
        "Set up a MASH strategic board"
    )
    assert_accessible(page)

    # The moved action says where it came from.
    page.get_by_role("link", name="1.1", exact=True).first.click()
    expect(page.get_by_text("Moved from")).to_be_visible()
    assert_accessible(page)

    # The Statement of Action is read-only, says where its content went, and shows its past.
    page.get_by_role("link", name="Plans", exact=True).click()
    page.get_by_role("link", name=STATEMENT).click()
    banner = page.get_by_role("region", name="Merged")
    expect(banner).to_contain_text(f"This plan was merged into {MAIN_PLAN}")
    expect(page.get_by_role("button", name="Add an action")).to_have_count(0)
    assert_accessible(page)
    banner.get_by_role("link", name="See this plan as it stood just before the merge").click()
    expect(page.get_by_role("heading", name="The plan just before it was merged")).to_be_visible()
    expect(page.get_by_role("heading", name=f"1. {FIRST_SECTION}")).to_be_visible()
    expect(page.get_by_text("Set up a MASH strategic board")).to_be_visible()
    assert_accessible(page)
