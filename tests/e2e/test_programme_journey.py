"""The improvement lead opens the programme, adds a project and a budget line through the
forms and sees the totals; every page passes axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.e2e

PROGRAMME = "Children's services improvement programme"


@pytest.fixture
def programme_demo(demo):
    from tracker.programme.demo import load_programme_demo

    return load_programme_demo(local_authority=demo.local_authority, plan=demo.improvement_plan)


def test_lead_adds_a_project_and_budget_line_and_sees_the_totals(
    page: Page, live_server, programme_demo
):
    sign_in(page, live_server.url, "lead")

    page.get_by_role("link", name="Programme", exact=True).click()
    expect(page.get_by_role("heading", name="Improvement programme")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=PROGRAMME).click()
    expect(page.get_by_role("heading", name=PROGRAMME)).to_be_visible()
    budget = page.get_by_role("table", name="Budget by financial year")
    expect(budget.get_by_role("row", name="2023/24")).to_contain_text("£9,700,000")
    expect(budget.get_by_role("row", name="Total")).to_contain_text("£28,100,000")
    assert_accessible(page)

    # Unhappy path first: nothing entered gives the GOV.UK error summary.
    page.get_by_role("button", name="Add a project").click()
    expect(page.get_by_role("heading", name="Add a project")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the project's name")
    assert_accessible(page)

    page.get_by_label("Project name").fill("Family Safeguarding model")
    page.get_by_label("Purpose (optional)").fill("Keep more children safely at home")
    page.get_by_label("Project lead's post (optional)").select_option(
        label="Assistant Director for Improvement"
    )
    page.get_by_label("Amber (at risk)").check()
    page.get_by_label("Approved").check()
    page.get_by_role(
        "checkbox", name="Quality of Practice (Children's services improvement plan 2023)"
    ).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Project Family Safeguarding model added")).to_be_visible()
    expect(page.get_by_role("heading", name="Family Safeguarding model")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Quality of Practice")
    assert_accessible(page)

    page.get_by_role("link", name="Add a budget line").click()
    expect(page.get_by_role("heading", name="Add a budget line")).to_be_visible()
    expect(page.get_by_label("Project")).to_have_value(re.compile(r"\d+"))
    assert_accessible(page)
    page.get_by_label("Financial year").select_option(label="2023/24")
    page.get_by_label("Allocation").fill("£250,000")
    page.get_by_label("Actual spend").fill("abc")
    page.get_by_label("Forecast").fill("300000.50")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Enter the actual spend in pounds, like 1250 or 1250.50"
    )
    assert_accessible(page)
    page.get_by_label("Actual spend").fill("1250.25")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Budget line for 2023/24 added")).to_be_visible()
    project_budget = page.get_by_role("table", name=re.compile("Budget of Family Safeguarding"))
    expect(project_budget).to_contain_text("£1,250.25")
    expect(project_budget).to_contain_text("£50,000.50 over")
    assert_accessible(page)

    page.get_by_role("link", name="Back to the programme").click()
    budget = page.get_by_role("table", name="Budget by financial year")
    year = budget.get_by_role("row", name="2023/24")
    expect(year).to_contain_text("£9,950,000")
    expect(year).to_contain_text("£1,250.25")
    expect(year).to_contain_text("£10,000,000.50")
    expect(budget.get_by_role("row", name="Total")).to_contain_text("£28,350,000")
    by_project = page.get_by_role("table", name="Budget by project, all years")
    expect(by_project).to_contain_text("Family Safeguarding model")
    projects = page.get_by_role("table", name=re.compile("Projects of the programme"))
    row = projects.get_by_role("row", name=re.compile("Family Safeguarding model"))
    expect(row).to_contain_text("Approved")
    expect(row).to_contain_text("Amber")
    expect(row).to_contain_text("0 of 0")
    assert_accessible(page)


def test_viewer_reads_the_programme_and_project_pages(page: Page, live_server, programme_demo):
    sign_in(page, live_server.url, "viewer", check=False)
    page.get_by_role("link", name="Programme", exact=True).click()
    page.get_by_role("link", name=PROGRAMME).click()
    expect(page.get_by_role("heading", name=PROGRAMME)).to_be_visible()
    expect(page.get_by_role("button", name="Add a project")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="Workforce", exact=True).first.click()
    expect(page.get_by_role("heading", name="Workforce")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text(
        "Assistant Director for Improvement"
    )
    assert_accessible(page)
