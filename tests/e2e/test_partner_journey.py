"""People of partner organisations. A police officer signs in and sees only the plan the
council shared with the police (the JTAI Statement of Action): not the other plans, not the
programme and its budget; they record progress on an action the police own. An improvement
lead shares a plan and stops sharing it; the health partner's own administrator invites and
removes its staff. Every page passes axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.e2e

SHARED_PLAN = "JTAI Statement of Action 2022"
OTHER_PLAN = "Children's services improvement plan 2023"


def test_a_partner_sees_only_their_plan_and_records_progress_on_their_action(
    page: Page, live_server, demo
):
    base_url = live_server.url
    sign_in(page, base_url, "police")
    # The dashboard and the navigation offer only what a partner may open.
    expect(page.get_by_role("link", name=SHARED_PLAN).first).to_be_visible()
    expect(page.get_by_text(OTHER_PLAN)).to_have_count(0)
    navigation = page.get_by_role("navigation", name="Menu")
    expect(navigation.get_by_role("link", name="Programme")).to_have_count(0)
    expect(navigation.get_by_role("link", name="Inspections")).to_have_count(0)
    assert_accessible(page)

    navigation.get_by_role("link", name="Plans", exact=True).click()
    expect(page.get_by_role("link", name=SHARED_PLAN)).to_be_visible()
    expect(page.get_by_text(OTHER_PLAN)).to_have_count(0)
    assert_accessible(page)

    # Another plan and the programme's budget are refused, whatever the address typed.
    page.goto(f"{base_url}/plans/{demo.improvement_plan.pk}/")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{base_url}/programme/")
    expect(page.get_by_text("Partner organisations see only the plans")).to_be_visible()
    assert_accessible(page)

    # Their plan, and an action the police own.
    page.goto(f"{base_url}/plans/")
    page.get_by_role("link", name=SHARED_PLAN).click()
    expect(page.get_by_role("heading", name=SHARED_PLAN)).to_be_visible()
    expect(page.get_by_text("Coverage:")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="3.3", exact=True).click()
    expect(page.get_by_role("heading", name="Action 3.3")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Record progress").click()
    expect(page.get_by_role("heading", name="Record progress on action 3.3")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Progress", exact=True).fill("")
    page.get_by_role("button", name="Record progress").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the progress made")
    assert_accessible(page)
    page.get_by_label("Progress", exact=True).fill(
        "Police notifications now reach the front door within the hour."
    )
    page.get_by_label("In progress", exact=True).check()
    page.get_by_role("button", name="Record progress").click()
    expect(page.get_by_text("Progress recorded on action 3.3")).to_be_visible()
    expect(page.get_by_text("Police notifications now reach the front door")).to_be_visible()
    assert_accessible(page)


def test_a_lead_shares_a_plan_with_a_partner_and_stops_sharing_it(page: Page, live_server, demo):
    sign_in(page, live_server.url, "lead")
    page.goto(f"{live_server.url}/plans/{demo.improvement_plan.pk}/")
    page.get_by_role("link", name="Partner organisations who can see this plan").click()
    expect(
        page.get_by_role("heading", name="Partner organisations who can see this plan")
    ).to_be_visible()
    assert_accessible(page)

    # Unhappy path first: nothing chosen.
    page.get_by_role("button", name="Share the plan").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Choose the partner organisation to share the plan with"
    )
    assert_accessible(page)
    page.get_by_label("Partner organisation").select_option(label="West Midlands Police")
    page.get_by_role("button", name="Share the plan").click()
    expect(page.get_by_text("The plan is now shared with West Midlands Police")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Stop sharing with West Midlands Police").click()
    expect(
        page.get_by_role("heading", name="Stop sharing the plan with West Midlands Police")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Stop sharing").click()
    expect(page.get_by_text("no longer shared with West Midlands Police")).to_be_visible()
    expect(page.get_by_role("heading", name="Shared before")).to_be_visible()
    assert_accessible(page)


def test_a_partners_administrator_invites_and_removes_their_staff(
    page: Page, live_server, demo_people, mailoutbox
):
    sign_in(page, live_server.url, "health")
    page.get_by_role("link", name="Your organisation's staff").click()
    expect(page.get_by_role("heading", name="Your organisation's staff")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Invite someone").click()
    expect(
        page.get_by_role(
            "heading", name="Invite someone to Birmingham and Solihull Integrated Care Board"
        )
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter their first name")
    assert_accessible(page)
    page.get_by_label("First name").fill("Priya")
    page.get_by_label("Last name").fill("Shah")
    page.get_by_label("Email address").fill("priya.shah@bsol-icb.example.org")
    page.get_by_label("Username").fill("priya.shah")
    page.get_by_label("Viewer: reads the plans shared with the organisation").check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Priya Shah has been invited")).to_be_visible()
    assert [message.to for message in mailoutbox] == [["priya.shah@bsol-icb.example.org"]]
    assert_accessible(page)

    page.get_by_role("link", name="Remove Priya Shah").click()
    expect(page.get_by_role("heading", name="Remove Priya Shah")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Remove").click()
    expect(page.get_by_text("Priya Shah can no longer sign in")).to_be_visible()
    expect(page.get_by_text("Removed")).to_be_visible()
    assert_accessible(page)
