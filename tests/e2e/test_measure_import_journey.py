"""The improvement lead imports the monthly performance pack: uploads a workbook with a
mistake, sees the problem with its row and nothing saved, uploads the fixed pack, checks the
preview (new values and a correction, old → new), applies it and sees the values on the
scorecard; every page passes axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, sign_in
from tracker.performance.models import Frequency, MeasureValue, Unit
from tracker.performance.tests.imports.builders import xlsx_bytes
from tracker.performance.tests.measures.factories import MeasureFactory

pytestmark = pytest.mark.e2e


def test_improvement_lead_imports_the_monthly_pack(page: Page, live_server, demo_people, tmp_path):
    re_referrals = MeasureFactory(
        local_authority=demo_people,
        reference="CIN-03",
        name="Re-referrals within 12 months",
        unit=Unit.PERCENTAGE,
        frequency=Frequency.MONTHLY,
    )
    MeasureFactory(
        local_authority=demo_people,
        reference="WF-02",
        name="Average social worker caseload",
        unit=Unit.NUMBER,
        frequency=Frequency.MONTHLY,
    )
    MeasureValue.objects.create(
        measure=re_referrals, period_end=datetime.date(2025, 9, 30), value=Decimal("20")
    )
    headings = ["Ref", "Indicator", "Sep 2025", "Oct 2025"]
    wrong = tmp_path / "October pack.xlsx"
    wrong.write_bytes(
        xlsx_bytes(
            [
                headings,
                ["CIN-03", "Re-referrals within 12 months", "21%", "123%"],
                ["WF-02", "Average social worker caseload", "18", "n/a"],
            ]
        )
    )
    fixed = tmp_path / "October pack fixed.xlsx"
    fixed.write_bytes(
        xlsx_bytes(
            [
                headings,
                ["CIN-03", "Re-referrals within 12 months", "21%", "23.5%"],
                ["WF-02", "Average social worker caseload", "18", "n/a"],
            ]
        )
    )
    sign_in(page, live_server.url, "lead")

    page.goto(f"{live_server.url}/performance/measures/")
    page.get_by_role("button", name="Import values").click()
    expect(page.get_by_role("heading", name="Import measure values")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("Select a performance pack")
    assert_accessible(page)

    page.get_by_label("Performance pack").set_input_files(str(wrong))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check the imported values")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text(
        "row 2, column D (Oct 2025): the value 123% is not a percentage between 0 and 100"
    )
    expect(page.get_by_role("button", name="Import the values")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="Upload another file").click()
    page.get_by_label("Performance pack").set_input_files(str(fixed))
    page.get_by_label("Where the figures come from (optional)").fill("October 2025 pack")
    page.get_by_role("button", name="Continue").click()
    expect(
        page.get_by_text("2 new values, 1 correction and 0 values already recorded")
    ).to_be_visible()
    corrections = page.get_by_role("table", name="Corrections")
    correction = corrections.get_by_role("row", name="CIN-03")
    expect(correction.get_by_role("deletion")).to_have_text("20%")
    expect(correction.get_by_role("insertion")).to_have_text("21%")
    new_values = page.get_by_role("table", name="New values")
    expect(new_values.get_by_role("row", name="October 2025")).to_contain_text("23.5%")
    expect(new_values.get_by_role("row", name="WF-02")).to_contain_text("18")
    assert_accessible(page)

    page.get_by_role("button", name="Import the values").click()
    expect(
        page.get_by_text(
            "Values imported from October pack fixed.xlsx: 2 values added, 1 corrected, 0 unchanged"
        )
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Measures scorecard")).to_be_visible()
    expect(page.get_by_role("row", name="CIN-03")).to_contain_text("23.5")
    assert_accessible(page)
    assert MeasureValue.objects.count() == 4
