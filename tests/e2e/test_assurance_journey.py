"""The improvement lead records a case file audit with its grades and a finding that
confirms a plan action, then verifies that action as embedded resting on the finding (meeting
the "nothing behind it" refusal on the way) and sees the decision on the action page; every
page passes axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.e2e


def _fill_date(page: Page, group: str, day) -> None:
    date = page.get_by_role("group", name=group, exact=True)
    date.get_by_label("Day").fill(str(day.day))
    date.get_by_label("Month").fill(str(day.month))
    date.get_by_label("Year").fill(str(day.year))


def test_lead_records_an_audit_and_verifies_an_action_resting_on_its_finding(
    page: Page, live_server, demo
):
    from tracker.accounts.models import User
    from tracker.core.formatting import format_date
    from tracker.plans.access import user_can_verify_as_embedded
    from tracker.plans.models import Action

    lead = User.objects.get(username="lead")
    plan = demo.action_plan
    action = next(
        action
        for action in Action.objects.filter(plan=plan).select_related("section__theme", "plan")
        if user_can_verify_as_embedded(user=lead, action=action)
    )
    today = timezone.localdate()
    sign_in(page, live_server.url, "lead")

    page.goto(f"{live_server.url}/performance/audits/")
    expect(page.get_by_role("heading", name="Audits and reviews")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Record an audit or review").click()
    expect(page.get_by_role("heading", name="Record an audit or review")).to_be_visible()
    page.get_by_role("button", name="Record the audit").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the audit's title")
    assert_accessible(page)
    page.get_by_label("Case file audit").check()
    page.get_by_label("Title").fill("Case file audit: child protection plans")
    _fill_date(page, "Date", today)
    page.get_by_label("Lead's name, if not a user of the tracker (optional)").fill(
        "Independent auditor"
    )
    page.get_by_label("Plan it checks (optional)").select_option(label=plan.title)
    page.get_by_label("Outstanding").fill("1")
    page.get_by_label("Good", exact=True).fill("5")
    page.get_by_label("Requires improvement to be good").fill("3")
    page.get_by_label("Inadequate").fill("1")
    page.get_by_role("button", name="Record the audit").click()

    expect(
        page.get_by_role("heading", name="Case file audit: child protection plans")
    ).to_be_visible()
    expect(page.get_by_text("60% of the 10 cases graded were good or better.")).to_be_visible()
    grades = page.get_by_role("table", name="The sample's grades")
    expect(grades.get_by_role("row", name="Good 5 50%")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Add a finding").click()
    expect(page.get_by_role("heading", name="Add a finding")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Strength").check()
    page.get_by_label("Finding", exact=True).fill(
        "Every plan sampled was reviewed on time and children's views were recorded."
    )
    page.get_by_role("button", name="Add the finding").click()
    expect(page.get_by_text("Finding 1 added")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Record actions it confirms").click()
    expect(page.get_by_role("heading", name="Actions finding 1 confirms")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(f"{action.reference} {action.description[:100]}", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Actions confirmed by finding 1 recorded")).to_be_visible()
    expect(page.get_by_role("link", name=f"Action {action.reference}", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=f"Action {action.reference}", exact=True).click()
    expect(page.get_by_role("heading", name="Quality assurance and verification")).to_be_visible()
    expect(page.get_by_text("Not verified as embedded.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Verify as embedded").click()
    expect(
        page.get_by_role("heading", name=f"Verify action {action.reference} as embedded")
    ).to_be_visible()
    assert_accessible(page)
    _fill_date(page, "Date of the decision", today)
    page.get_by_label("Why it is embedded").fill(
        "The audit found the new review process used for every child sampled."
    )
    page.get_by_role("button", name="Verify as embedded").click()
    expect(page.get_by_role("alert")).to_contain_text("a verification cannot rest on nothing")
    assert_accessible(page)

    page.get_by_label("Case file audit: child protection plans, finding 1", exact=False).check()
    page.get_by_role("button", name="Verify as embedded").click()

    expect(page.get_by_text(f"Action {action.reference} verified as embedded")).to_be_visible()
    expect(page.get_by_text(f"Verified as embedded on {format_date(today)}")).to_be_visible()
    expect(
        page.get_by_text(
            "The audit found the new review process used for every child sampled.", exact=True
        )
    ).to_be_visible()
    expect(page.locator(".govuk-summary-card")).to_contain_text(
        "Case file audit: child protection plans, finding 1"
    )
    assert_accessible(page)
