"""The dashboard's cost does not grow with the plan: the same queries for a plan of 2 sections
and 10 actions as for one of 60 sections and 600 actions, the coverage panel included, and
the summaries still count every action (issue 11)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tracker.plans.tests.bulk import build_plan

pytestmark = pytest.mark.django_db

# The page's own (the summaries and lists take 13) and the coverage panel's (14): the figure
# of tracker/plans/tests/test_dashboard_charts.py.
DASHBOARD_QUERIES = 37


def _dashboard_queries(client, user) -> tuple[int, object]:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("core:dashboard"))
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.parametrize(("sections", "actions"), [(2, 10), (60, 600)])
def test_dashboard_queries_are_the_same_whatever_the_number_of_sections(
    client, improvement_lead, local_authority, django_assert_max_num_queries, sections, actions
):
    build_plan(
        local_authority=local_authority, actions=actions, owner=improvement_lead, sections=sections
    )
    client.force_login(improvement_lead)
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("core:dashboard"))
    assert response.status_code == 200
    (overview,) = response.context["dashboard"].plans
    assert overview.summary.total == actions
    assert len(overview.sections) == sections
    assert sum(summary.total for _section, summary in overview.sections) == actions
    first, _summary = overview.sections[0]
    assert first.get_absolute_url() == (
        reverse("plans:plan_detail", args=[overview.plan.pk]) + "#section-1"
    )


def test_dashboard_queries_for_a_small_and_a_large_plan_are_equal(
    client, improvement_lead, local_authority
):
    build_plan(local_authority=local_authority, actions=10, owner=improvement_lead, sections=2)
    small, _ = _dashboard_queries(client, improvement_lead)
    build_plan(local_authority=local_authority, actions=600, owner=improvement_lead, sections=60)
    both, _ = _dashboard_queries(client, improvement_lead)
    # A second plan adds no query either: every read covers all the authority's plans.
    assert both == small
