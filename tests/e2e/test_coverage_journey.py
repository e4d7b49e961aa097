"""The improvement lead opens a plan's coverage and traceability page from the plan, filters
it to one kind of gap and follows a gap to where it can be fixed; every page passes axe-core
(WCAG 2.2 AA)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.e2e


def test_lead_reads_coverage_filters_to_one_gap_kind_and_follows_a_gap(
    page: Page, live_server, demo
):
    from tracker.performance.coverage.rules import GapKind
    from tracker.performance.coverage.selectors import plan_coverage

    plan = demo.action_plan
    coverage = plan_coverage(plan=plan)
    # Completed actions with nothing behind them link to the action page; the demo has some
    # (or, once it holds evidence on them all, another kind of gap is followed).
    kind = next(
        (
            kind
            for kind in (GapKind.COMPLETED_WITHOUT_EVIDENCE, GapKind.ACTION_WITHOUT_OUTCOME)
            if coverage.gaps_of(kind)
        ),
        GapKind(coverage.gaps[0].kind),
    )
    first = coverage.gaps_of(kind)[0]
    sign_in(page, live_server.url, "lead")

    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    expect(page.get_by_role("heading", name=re.compile(r"^Coverage: \d+ gaps?$"))).to_be_visible()
    page.get_by_role("link", name="Coverage and traceability").click()
    expect(page.get_by_role("heading", name="Coverage and traceability")).to_be_visible()
    plural = "" if coverage.gap_count == 1 else "s"
    expect(page.get_by_role("heading", name=f"{coverage.gap_count} gap{plural}")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Gap", exact=True).select_option(label=str(kind.label))
    page.get_by_role("button", name="Apply filters").click()
    count = len(coverage.gaps_of(kind))
    expect(page.get_by_role("status")).to_contain_text(
        f"{count} of {coverage.gap_count} gaps match your filters"
    )
    gaps = page.get_by_role("table", name="Gaps, each with where to fix it")
    expect(gaps.get_by_role("row")).to_have_count(count + 1)
    expect(gaps).to_contain_text(str(kind.label))
    assert_accessible(page)

    gaps.get_by_role("link", name=f"{kind.fix_hint} for {first.reference}", exact=True).click()
    assert page.url.endswith(first.url)
    assert_accessible(page)
