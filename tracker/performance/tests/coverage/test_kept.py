"""The coverage page kept in the cache under the authority's structure version
(`tracker.core.data_version`): served again while nothing changes, worked out afresh on the
next request after any change but progress that leaves the action's status as it was, for each
day and for whether the user may add evidence; a filtered page is never kept."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tracker.performance.coverage.rules import GapKind
from tracker.performance.evidence import services as evidence_services
from tracker.performance.measures import services as measure_services
from tracker.plans import services as plan_services
from tracker.plans.models import DeliveryStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(monkeypatch):
    """The coverage page reads "today" from the clock: fix it to the small plan's day."""
    from tracker.performance.coverage import selectors
    from tracker.performance.tests.coverage.conftest import TODAY

    monkeypatch.setattr(selectors.timezone, "localdate", lambda: TODAY)
    return TODAY


def _main(response) -> str:
    """The page's main content, but for form tokens, which are masked afresh each request."""
    page = response.content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", main)


def _get(client, url, **query):
    """The page's main content and the queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query)
    assert response.status_code == 200
    return _main(response), queries


def _reads_coverage(queries) -> bool:
    return any("performance_" in query["sql"] for query in queries.captured_queries)


def _gap_rows(main: str) -> list[str]:
    table = main.split('id="gaps"', 1)[1].split('id="traceability"', 1)[0]
    return re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', table, flags=re.S)[1:]


def test_the_coverage_page_is_served_from_the_cache_until_something_changes(
    client, improvement_lead, small_plan, today
):
    client.force_login(improvement_lead)
    url = reverse("performance:plan_coverage", args=[small_plan.plan.pk])

    first, cold = _get(client, url)
    second, warm = _get(client, url)

    # The same page, not escaped a second time, from the session, the user, the plan's
    # access check and the data version alone: none of the coverage reads.
    assert second == first
    assert "8 gaps" in second and "<table" in second
    assert len(_gap_rows(second)) == 8
    assert _reads_coverage(cold) and not _reads_coverage(warm)
    assert len(warm) == 5
    assert len(cold) > 15

    # Evidence attached to completed action 1.3: its gap goes at once.
    evidence_services.evidence_add_note(
        user=improvement_lead,
        evidence_of=small_plan.a13,
        title="Audit moderation record",
        dated_on=datetime.date(2026, 12, 1),
        note="Twenty records sampled",
        today=today,
    )
    after_evidence = _get(client, url)[0]
    assert "7 gaps" in after_evidence
    assert "Audit moderation record" in after_evidence
    assert "<strong>1</strong> of 3 completed actions (33%)" in after_evidence

    # The value of the quarter to 30 September for CIN-02: its missing-value gap goes.
    measure_services.measure_value_record(
        user=improvement_lead,
        measure=small_plan.m2,
        period_end=datetime.date(2026, 9, 30),
        value=Decimal("90"),
        today=today,
    )
    after_value = _get(client, url)[0]
    assert "6 gaps" in after_value
    assert not any(GapKind.MEASURE_VALUE_MISSING.label in row for row in _gap_rows(after_value))

    # Action 2.1 completed with nothing behind it: a gap it did not have.
    plan_services.action_record_progress(
        user=improvement_lead,
        action=small_plan.a21,
        expected_version=small_plan.a21.version,
        narrative="Neglect toolkit in use in every team",
        status=DeliveryStatus.COMPLETED,
        brag="blue",
        today=today,
    )
    after_status, afresh = _get(client, url)
    assert _reads_coverage(afresh)
    assert "7 gaps" in after_status
    assert "<strong>2</strong> of 4 completed actions (50%)" in after_status
    rows = _gap_rows(after_status)
    assert any("Completed action with no evidence" in row and "2.1" in row for row in rows)
    kept, queries = _get(client, url)
    assert kept == after_status
    assert not _reads_coverage(queries)


def test_progress_that_leaves_the_status_keeps_the_page_and_the_panels(
    client, improvement_lead, small_plan, today
):
    """Recording progress is the commonest write, and the page and its summaries read no
    progress entry: they are kept under the authority's structure version, which it leaves
    as it is unless the action's status or BRAG changes. So is the dashboard."""
    client.force_login(improvement_lead)
    url = reverse("performance:plan_coverage", args=[small_plan.plan.pk])
    dashboard = reverse("core:dashboard")
    first = _get(client, url)[0]
    client.get(dashboard)

    small_plan.a21.refresh_from_db()
    plan_services.action_record_progress(
        user=improvement_lead,
        action=small_plan.a21,
        expected_version=small_plan.a21.version,
        narrative="Toolkit piloted in two teams",
        status=small_plan.a21.status,
        brag=small_plan.a21.brag,
        today=today,
    )

    kept, queries = _get(client, url)
    assert kept == first
    assert not _reads_coverage(queries)
    # The dashboard shows statuses and BRAG, which are as they were: kept too.
    with CaptureQueriesContext(connection) as dashboard_queries:
        assert client.get(dashboard).status_code == 200
    assert not any("plans_action" in q["sql"] for q in dashboard_queries.captured_queries)

    # A new BRAG moves the structure: the dashboard is worked out again, and the coverage
    # summaries with it (they do not show the BRAG, but follow the same version).
    small_plan.a21.refresh_from_db()
    plan_services.action_record_progress(
        user=improvement_lead,
        action=small_plan.a21,
        expected_version=small_plan.a21.version,
        narrative="Toolkit pilot delayed",
        status=small_plan.a21.status,
        brag="red" if small_plan.a21.brag != "red" else "amber",
        today=today,
    )
    with CaptureQueriesContext(connection) as dashboard_queries:
        assert client.get(dashboard).status_code == 200
    assert any("plans_action" in q["sql"] for q in dashboard_queries.captured_queries)
    assert _reads_coverage(dashboard_queries)

    # The same action completed: its status changed, and its gap shows at once.
    small_plan.a21.refresh_from_db()
    plan_services.action_record_progress(
        user=improvement_lead,
        action=small_plan.a21,
        expected_version=small_plan.a21.version,
        narrative="Toolkit in use everywhere",
        status=DeliveryStatus.COMPLETED,
        brag="blue",
        today=today,
    )
    afresh_page, queries = _get(client, url)
    assert _reads_coverage(queries)
    assert "9 gaps" in afresh_page
    assert any(
        "Completed action with no evidence" in row and "2.1" in row
        for row in _gap_rows(afresh_page)
    )


def test_who_may_add_evidence_and_who_may_not_each_get_their_own_page(
    client, improvement_lead, viewer, small_plan, today
):
    url = reverse("performance:plan_coverage", args=[small_plan.plan.pk])
    add_to_outcome = reverse("performance:evidence_add_for_outcome", args=[small_plan.o1.pk])

    client.force_login(improvement_lead)
    lead_page = _get(client, url)[0]
    assert add_to_outcome in lead_page

    # The viewer asks after the lead's page was kept: never served it.
    client.force_login(viewer)
    viewer_page, viewer_cold = _get(client, url)
    assert add_to_outcome not in viewer_page
    assert 'Add evidence<span class="govuk-visually-hidden"> for this outcome' not in viewer_page
    assert _reads_coverage(viewer_cold)
    # The same coverage otherwise.
    assert "8 gaps" in viewer_page
    assert _gap_rows(viewer_page) == _gap_rows(lead_page)

    # Each is kept on its own.
    viewer_again, viewer_warm = _get(client, url)
    assert viewer_again == viewer_page
    assert not _reads_coverage(viewer_warm)
    client.force_login(improvement_lead)
    lead_again, lead_warm = _get(client, url)
    assert lead_again == lead_page
    assert not _reads_coverage(lead_warm)


def test_a_filtered_page_is_worked_out_each_time_and_never_served_the_whole_one(
    client, improvement_lead, small_plan, today
):
    client.force_login(improvement_lead)
    url = reverse("performance:plan_coverage", args=[small_plan.plan.pk])
    whole = _get(client, url)[0]
    assert len(_gap_rows(whole)) == 8

    for _ in range(2):
        filtered, queries = _get(client, url, kind=GapKind.COMPLETED_WITHOUT_EVIDENCE)
        assert _reads_coverage(queries)
        rows = _gap_rows(filtered)
        assert len(rows) == 2
        assert all("Completed action with no evidence" in row for row in rows)
        assert "<strong>2</strong> of 8 gaps match your filters." in filtered
        assert "Clear filters" in filtered
        assert f'<option value="{GapKind.COMPLETED_WITHOUT_EVIDENCE}" selected>' in filtered

    by_theme = _get(client, url, theme=small_plan.workforce.pk)[0]
    assert len(_gap_rows(by_theme)) == 2
    assert f'id="coverage-recommendation-{small_plan.rec1.pk}"' not in by_theme

    # The whole page is still the one kept, with no filter chosen.
    again, queries = _get(client, url)
    assert again == whole
    assert not _reads_coverage(queries)
    assert "match your filters" not in again
    assert "Clear filters" not in again


def test_the_page_is_kept_for_the_day_only(
    client, improvement_lead, small_plan, today, monkeypatch
):
    """What is due and what is stale move with the calendar, not only with the data."""
    client.force_login(improvement_lead)
    url = reverse("performance:plan_coverage", args=[small_plan.plan.pk])
    assert "as at 6 December 2026" in _get(client, url)[0]

    from tracker.performance.coverage import selectors

    monkeypatch.setattr(selectors.timezone, "localdate", lambda: datetime.date(2027, 1, 6))
    next_month, queries = _get(client, url)

    assert _reads_coverage(queries)
    assert "as at 6 January 2027" in next_month
    # November's value of CIN-01 is now due and missing.
    assert any(
        GapKind.MEASURE_VALUE_MISSING.label in row and "CIN-01" in row
        for row in _gap_rows(next_month)
    )


@pytest.mark.parametrize("size", [10, 400])
def test_the_kept_page_takes_the_same_queries_at_any_size(client, improvement_lead, size):
    from tracker.plans.tests.bulk import build_plan

    plan = build_plan(
        local_authority=improvement_lead.local_authority, actions=size, owner=improvement_lead
    )
    client.force_login(improvement_lead)
    url = reverse("performance:plan_coverage", args=[plan.pk])
    _get(client, url)
    main, warm = _get(client, url)
    assert len(warm) == 5
    assert main.count('<a class="govuk-link" href="/plans/') >= size
