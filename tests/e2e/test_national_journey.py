"""The improvement lead opens the national inspection picture, filters and sorts it, sees where
Solihull stands among its region and statistical neighbours, and opens another authority's
history; every page passes axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.e2e

REPORTS = Path(__file__).parents[2] / "tracker/inspections/tests/fixtures/ofsted-reports"


@pytest.fixture
def national_demo(demo, tmp_path):
    """The demo, with the repository's published reports imported and Solihull's neighbours."""
    from django.core.management import call_command

    call_command("import_ofsted_reports", str(REPORTS), verbosity=0)
    neighbours = tmp_path / "neighbours.csv"
    neighbours.write_text("authority,neighbour,rank\nSolihull,Sunderland,1\nSolihull,Barnsley,2\n")
    call_command("load_statistical_neighbours", str(neighbours), verbosity=0)
    return demo


def test_lead_reads_the_national_inspection_picture(page: Page, live_server, national_demo):
    sign_in(page, live_server.url, "lead")
    page.get_by_role("link", name="Inspections", exact=True).click()
    page.get_by_role("link", name="national inspection picture").click()
    expect(page.get_by_role("heading", name="National inspection picture")).to_be_visible()
    expect(page.get_by_role("heading", name="Where Solihull stands")).to_be_visible()
    expect(
        page.get_by_text("Of the 2 statistical neighbours with a judgement held")
    ).to_be_visible()
    expect(
        page.get_by_role("img", name="Overall effectiveness, nationally and by region")
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Region", exact=True).select_option("North East")
    page.get_by_role("button", name="Show authorities").click()
    expect(page.get_by_text("1 authority shown of 3")).to_be_visible()
    table = page.get_by_role("region", name="Every authority")
    expect(table.get_by_role("link", name="Sunderland")).to_be_visible()
    expect(table.get_by_role("link", name="Solihull")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="Clear filters").click()
    table = page.get_by_role("region", name="Every authority")
    table.get_by_role("link", name="Overall effectiveness").click()
    expect(table.get_by_role("columnheader", name="Overall effectiveness")).to_have_attribute(
        "aria-sort", "ascending"
    )
    expect(table.get_by_role("row").nth(1)).to_contain_text("Sunderland")
    expect(table.get_by_role("row").nth(3)).to_contain_text("Your authority")
    assert_accessible(page)

    table.get_by_role("link", name="Sunderland").click()
    expect(page.get_by_role("heading", name="Sunderland")).to_be_visible()
    expect(page.get_by_text("Next inspection (short inspection)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Back to the national inspection picture").click()
    expect(page.get_by_role("heading", name="National inspection picture")).to_be_visible()
