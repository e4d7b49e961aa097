"""The coverage page (filters, gap links), its Excel download, and the plan page and
dashboard panels."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tracker.inspections import services as inspection_services
from tracker.inspections.models import Inspection
from tracker.performance.coverage.rules import GapKind
from tracker.plans.models import DeliveryStatus
from tracker.plans.tests.bulk import build_plan
from tracker.plans.tests.factories import ActionFactory, PlanFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(monkeypatch):
    """The coverage page reads "today" from the clock: fix it to the small plan's day."""
    from tracker.performance.coverage import selectors
    from tracker.performance.tests.coverage.conftest import TODAY

    monkeypatch.setattr(selectors.timezone, "localdate", lambda: TODAY)
    return TODAY


def _gap_rows(body):
    table = body.split('id="gaps"', 1)[1].split('id="traceability"', 1)[0]
    return re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', table, flags=re.S)[1:]


def test_coverage_page_shows_counts_gaps_and_the_tree(client, improvement_lead, small_plan, today):
    client.force_login(improvement_lead)

    response = client.get(reverse("performance:plan_coverage", args=[small_plan.plan.pk]))

    assert response.status_code == 200
    body = response.content.decode()
    assert "8 gaps" in body
    assert "<strong>2</strong> of 3 completed actions (67%)" in body
    assert "<strong>1</strong> of 3 recommendations and areas for priority action (33%)" in body
    assert len(_gap_rows(body)) == 8
    # The tree: recommendation → section → action → evidence; outcome → measure → value.
    assert f'id="coverage-recommendation-{small_plan.rec1.pk}"' in body
    assert "Audit report" in body
    assert "October 2026 70, target 80, Red" in body
    assert "November case file audit" in body
    assert "Old audit report" not in body


def test_coverage_page_filters_by_gap_kind(client, improvement_lead, small_plan, today):
    client.force_login(improvement_lead)

    response = client.get(
        reverse("performance:plan_coverage", args=[small_plan.plan.pk]),
        {"kind": GapKind.COMPLETED_WITHOUT_EVIDENCE},
    )

    body = response.content.decode()
    rows = _gap_rows(body)
    assert len(rows) == 2
    assert all("Completed action with no evidence" in row for row in rows)
    assert "<strong>2</strong> of 8 gaps match your filters." in body
    # Each links to the action, where evidence is added.
    assert f'href="{small_plan.a13.get_absolute_url()}"' in rows[0]
    assert 'Add evidence<span class="govuk-visually-hidden"> for 1.3</span>' in rows[0]


def test_coverage_page_filters_by_theme_and_recommendation(
    client, improvement_lead, small_plan, today
):
    client.force_login(improvement_lead)
    url = reverse("performance:plan_coverage", args=[small_plan.plan.pk])

    by_theme = client.get(url, {"theme": small_plan.workforce.pk}).content.decode()
    rows = _gap_rows(by_theme)
    assert len(rows) == 2
    assert "Recommendation 2" in rows[0]
    assert "Action 2.1" in rows[1]
    assert f'id="coverage-recommendation-{small_plan.rec1.pk}"' not in by_theme

    by_recommendation = client.get(url, {"recommendation": small_plan.rec2.pk}).content.decode()
    rows = _gap_rows(by_recommendation)
    assert len(rows) == 1
    assert f"/plans/{small_plan.plan.pk}/actions/new/?section={small_plan.s3.pk}" in rows[0]


def test_coverage_page_ignores_unknown_filters(client, improvement_lead, small_plan, today):
    client.force_login(improvement_lead)
    url = reverse("performance:plan_coverage", args=[small_plan.plan.pk])

    body = client.get(url, {"kind": "nonsense", "theme": "x"}).content.decode()

    # An unknown kind shows every kind; a theme that is not a number matches nothing.
    assert "No gaps match your filters." in body


def test_another_authoritys_plan_coverage_is_404(client, improvement_lead, other_local_authority):
    from tracker.accounts.tests.factories import UserFactory

    plan = build_plan(
        local_authority=other_local_authority,
        actions=2,
        owner=UserFactory(local_authority=other_local_authority),
    )
    client.force_login(improvement_lead)

    assert client.get(reverse("performance:plan_coverage", args=[plan.pk])).status_code == 404
    assert client.get(reverse("performance:plan_coverage_xlsx", args=[plan.pk])).status_code == 404


def test_coverage_xlsx_has_gaps_and_traceability_sheets(
    client, improvement_lead, small_plan, today
):
    client.force_login(improvement_lead)

    response = client.get(reverse("performance:plan_coverage_xlsx", args=[small_plan.plan.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="plan-coverage-{small_plan.plan.pk}-2026-12-06.xlsx"'
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Gaps", "Traceability"]
    gaps = workbook["Gaps"]
    assert [c.value for c in gaps[1]] == [
        "Gap",
        "Reference",
        "What",
        "What it means",
        "Where to fix it",
    ]
    assert gaps.max_row == 9
    assert gaps["A2"].value == "Recommendation nothing answers"
    assert gaps["B2"].value == "Recommendation 2"
    assert [gaps.cell(row=r, column=2).value for r in range(2, 10)] == [
        "Recommendation 2",
        "2.1",
        "Section 1, outcome 2",
        "CIN-02",
        "CIN-01",
        "1.3",
        "1.4",
        "1.4",
    ]
    trace = workbook["Traceability"]
    rows = [[c.value for c in row] for row in trace.iter_rows(min_row=2)]
    action_14 = next(r for r in rows if r[2] == "1.4 Action 1.4")
    assert action_14[0].startswith("Recommendation 1: Improve audit.")
    assert action_14[1] == "1. Audit"
    assert action_14[3] == "Verified as embedded"
    assert action_14[8] == (
        "Completed action with no evidence\nVerified action with nothing behind it"
    )
    assert (
        "CIN-01 Audits graded good or better: October 2026: 70.00, target 80.00, Red"
        in (action_14[6])
    )
    assert action_14[7] == "November case file audit (15 November 2026)"
    section_3 = next(r for r in rows if r[1] == "3. Supervision")
    assert section_3[2] == "No actions"


def test_coverage_xlsx_writes_formula_like_text_as_text(client, improvement_lead, small_plan):
    small_plan.a13.description = '=HYPERLINK("http://evil")'
    small_plan.a13.save()
    client.force_login(improvement_lead)

    response = client.get(reverse("performance:plan_coverage_xlsx", args=[small_plan.plan.pk]))

    gaps = load_workbook(io.BytesIO(response.content))["Gaps"]
    cell = next(
        gaps.cell(row=r, column=3)
        for r in range(2, gaps.max_row + 1)
        if gaps.cell(row=r, column=2).value == "1.3"
    )
    assert cell.data_type == "s"
    assert cell.quotePrefix is True


def test_plan_page_shows_the_coverage_panel(client, improvement_lead, small_plan, today):
    client.force_login(improvement_lead)

    body = client.get(small_plan.plan.get_absolute_url()).content.decode()

    assert "Coverage: 8 gaps" in body
    assert reverse("performance:plan_coverage", args=[small_plan.plan.pk]) in body
    assert "2 of 3 completed actions (67%)" in body


def test_dashboard_shows_gaps_by_kind_for_each_plan(client, improvement_lead, small_plan, today):
    client.force_login(improvement_lead)

    body = client.get(reverse("core:dashboard")).content.decode()

    assert "Coverage gaps" in body
    assert "Ofsted action plan: 8 gaps" in body
    assert re.search(
        r"Completed action with no evidence</th>\s*<td[^>]*>2</td>\s*<td[^>]*>3</td>\s*"
        r"<td[^>]*>67%</td>",
        body,
    )


def test_coverage_panels_show_a_change_at_once_and_read_the_cache_otherwise(
    client, improvement_lead, small_plan, today
):
    """The panels' summaries are cached (the gaps are worked out from the whole plan) under the
    authority's data version, which every write moves on: a change shows on the next page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tracker.performance.tests.coverage.conftest import note

    client.force_login(improvement_lead)
    dashboard = reverse("core:dashboard")
    plan_page = small_plan.plan.get_absolute_url()
    with CaptureQueriesContext(connection) as cold:
        client.get(dashboard)
    with CaptureQueriesContext(connection) as warm:
        body = client.get(dashboard).content.decode()
    # The panel's reads become the one query of the data version.
    assert sum("performance_" in query["sql"] for query in cold.captured_queries) > 5
    assert sum("performance_" in query["sql"] for query in warm.captured_queries) == 0
    assert sum("core_dataversion" in query["sql"] for query in warm.captured_queries) == 1
    assert len(warm) < len(cold)
    assert "Ofsted action plan: 8 gaps" in body
    with CaptureQueriesContext(connection) as plan_cold:
        assert "Coverage: 8 gaps" in client.get(plan_page).content.decode()
    with CaptureQueriesContext(connection) as plan_warm:
        assert "Coverage: 8 gaps" in client.get(plan_page).content.decode()
    # The plan page's panel is the dashboard's summary of the authority's one plan.
    assert sum("performance_" in query["sql"] for query in plan_cold.captured_queries) == 0
    assert sum("performance_" in query["sql"] for query in plan_warm.captured_queries) == 0

    action = small_plan.plan.actions.get(reference="1.3")
    note(local_authority=improvement_lead.local_authority, title="Audit report", action=action)

    body = client.get(dashboard).content.decode()
    assert "Ofsted action plan: 7 gaps" in body
    assert re.search(
        r"Completed action with no evidence</th>\s*<td[^>]*>1</td>\s*<td[^>]*>3</td>\s*"
        r"<td[^>]*>33%</td>",
        body,
    )
    assert "Coverage: 7 gaps" in client.get(plan_page).content.decode()


@pytest.mark.parametrize("size", [10, 400])
def test_coverage_page_and_download_queries_do_not_grow_with_plan_size(
    client, improvement_lead, django_assert_max_num_queries, size
):
    plan = build_plan(
        local_authority=improvement_lead.local_authority, actions=size, owner=improvement_lead
    )
    plan.actions.filter(position__lt=size // 2).update(status=DeliveryStatus.COMPLETED)
    client.force_login(improvement_lead)

    with django_assert_max_num_queries(24):
        response = client.get(reverse("performance:plan_coverage", args=[plan.pk]))
    assert response.status_code == 200
    assert sum(len(s.actions) for s in response.context["coverage"].sections) == size
    with django_assert_max_num_queries(24):
        response = client.get(reverse("performance:plan_coverage_xlsx", args=[plan.pk]))
    assert response.status_code == 200


def test_coverage_page_follows_a_national_reviews_recommendations(
    client, improvement_lead, local_authority
):
    """A source that is not an inspection is answered and shown exactly as an Ofsted report."""
    review = inspection_services.inspection_create(
        user=improvement_lead,
        local_authority=local_authority,
        kind=Inspection.Kind.NATIONAL_REVIEW,
        framework=Inspection.Framework.OTHER,
        started_on=datetime.date(2022, 5, 26),
        ended_on=datetime.date(2022, 5, 26),
    )
    answered = inspection_services.recommendation_create(
        user=improvement_lead,
        inspection=review,
        number=1,
        text="Partners should review how multi-agency strategy discussions are held.",
    )
    unanswered = inspection_services.recommendation_create(
        user=improvement_lead,
        inspection=review,
        number=2,
        text="Partners should make sure every child's lived experience is recorded.",
    )
    plan = PlanFactory(local_authority=local_authority, title="Safeguarding partnership plan")
    plan.inspections.add(review)
    section = SectionFactory(plan=plan, number=1, title="Strategy discussions")
    section.recommendations.add(answered)
    ActionFactory(plan=plan, section=section, reference="1.1")
    client.force_login(improvement_lead)

    response = client.get(reverse("performance:plan_coverage", args=[plan.pk]))

    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="coverage-recommendation-{answered.pk}"' in body
    assert f'id="coverage-recommendation-{unanswered.pk}"' in body
    assert "National child safeguarding practice review, May 2022" in body
    coverage = response.context["coverage"]
    gaps = {node.id: node.gaps for node in coverage.recommendations}
    assert gaps == {answered.pk: [], unanswered.pk: [GapKind.RECOMMENDATION_UNANSWERED]}
    assert [s.id for s in coverage.recommendations[0].sections] == [section.pk]
