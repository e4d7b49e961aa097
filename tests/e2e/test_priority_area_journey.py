"""An improvement lead names a priority area of the 2023 improvement plan, links a section of
the 2020 action plan to it and sees the roll-up on the improvement plan's page; a priority
area that sections are linked to cannot be removed. Every page passes axe-core (WCAG 2.2 AA).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.e2e

MAIN_PLAN = "Children's services improvement plan 2023"
OTHER_PLAN = "Ofsted ILACS action plan 2020"
AREA = "Help for children on the edge of care"


def _open_plan(page: Page, title: str) -> None:
    page.get_by_role("link", name="Plans", exact=True).click()
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()


def test_lead_adds_a_priority_area_links_a_section_and_sees_the_roll_up(
    page: Page, live_server, demo
):
    sign_in(page, live_server.url, "lead")
    _open_plan(page, MAIN_PLAN)
    # The demo's own priority areas, with the Statement of Action's sections rolled up.
    roll_up = page.locator("#priority-areas + p + table")
    expect(roll_up).to_contain_text("The front door and the MASH")
    expect(roll_up).to_contain_text("Joint strategic governance of the MASH")
    assert_accessible(page)

    # A GOV.UK button that is a link.
    page.get_by_role("button", name="Add a priority area").click()
    expect(page.get_by_role("heading", name="Add a priority area")).to_be_visible()
    assert_accessible(page)
    # Unhappy path first: no name gives the GOV.UK error summary.
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the priority area's name")
    assert_accessible(page)
    page.get_by_label("Priority area", exact=True).fill(AREA)
    page.get_by_label("Description (optional)").fill("Families get help before care is needed.")
    page.get_by_label("Position in the list (optional)").fill("1")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Priority area added")).to_be_visible()
    expect(roll_up.locator("tbody tr").first).to_contain_text(AREA)
    expect(roll_up.locator("tbody tr").first).to_contain_text("None yet")

    # A section of another plan is linked to it.
    _open_plan(page, OTHER_PLAN)
    page.get_by_role("link", name="Change section 1", exact=True).click()
    expect(page.get_by_role("heading", name="Change section 1")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Priority area (optional)").select_option(label=f"{MAIN_PLAN}: {AREA}")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Section updated")).to_be_visible()
    expect(page.locator("#section-1 + p")).to_contain_text(
        f"Priority area: {AREA} of the {MAIN_PLAN}."
    )
    assert_accessible(page)

    # The main plan's page (kept in the cache) shows the link and its progress at once.
    _open_plan(page, MAIN_PLAN)
    row = roll_up.locator("tbody tr").first
    expect(row).to_contain_text(AREA)
    expect(row).to_contain_text(OTHER_PLAN)
    expect(row).to_contain_text("of 6 complete")  # section 1 of the 2020 plan has six actions
    assert_accessible(page)

    # The priority area's change page, and its removal refused while a section is linked.
    row.get_by_role("link", name=f"Change {AREA}").click()
    expect(page.get_by_role("heading", name="Change priority area")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Remove this priority area").click()
    expect(page.get_by_role("heading", name=f"Remove {AREA}")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Remove priority area").click()
    expect(page.get_by_role("alert")).to_contain_text("cannot be removed: 1 section is linked")
    assert_accessible(page)
