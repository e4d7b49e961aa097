"""The dashboard's cost does not grow with the plan (issue 11): the same queries, and the same
number of table rows and chart bars, for a plan of 20 sections and 100 actions as for one of
60 sections and 600 actions, the coverage panel included; the summaries still count every
action, and the plan page shows every section."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tracker.accounts.models import User
from tracker.accounts.tests.factories import UserFactory
from tracker.plans import services
from tracker.plans.selectors import SECTIONS_BEHIND_LIMIT
from tracker.plans.tests.bulk import build_plan

pytestmark = pytest.mark.django_db

# The page's own 21 (session, user, authority, summaries, sections most behind, both lists of
# actions, the chart's history) and the coverage panel's 14 when its summaries are not in the
# cache yet (1 when they are).
DASHBOARD_QUERIES = 35


def _dashboard(client, user) -> tuple[int, object]:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("core:dashboard"))
    assert response.status_code == 200
    return len(captured), response


def _drawn(response) -> tuple[int, int]:
    """Table rows and chart bars on the page."""
    body = response.content.decode()
    return len(re.findall(r"<tr\b", body)), len(re.findall(r"<rect\b", body))


@pytest.mark.parametrize(("sections", "actions"), [(2, 10), (60, 600)])
def test_dashboard_summarises_every_action_by_theme_and_lists_few_sections(
    client, improvement_lead, local_authority, django_assert_max_num_queries, sections, actions
):
    plan = build_plan(
        local_authority=local_authority, actions=actions, owner=improvement_lead, sections=sections
    )
    client.force_login(improvement_lead)
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("core:dashboard"))
    assert response.status_code == 200
    (overview,) = response.context["dashboard"].plans
    assert overview.summary.total == actions
    assert overview.section_count == sections
    # The bulk plan's sections have no theme: every action is counted under "No theme".
    [(theme, summary)] = overview.themes
    assert (theme.name, summary.total) == ("No theme", actions)
    assert len(overview.sections_behind) == min(sections, SECTIONS_BEHIND_LIMIT)
    first, first_summary = overview.sections_behind[0]
    assert first_summary.overdue == max(s.overdue for _s, s in overview.sections_behind)
    assert first.get_absolute_url() == (
        reverse("plans:plan_detail", args=[plan.pk]) + f"#section-{first.number}"
    )
    body = response.content.decode()
    assert f"All {sections} sections of {plan.title}" in body


def test_dashboard_queries_and_rows_are_the_same_for_a_small_and_a_large_plan(
    client, improvement_lead, local_authority, other_local_authority
):
    build_plan(local_authority=local_authority, actions=100, owner=improvement_lead, sections=20)
    small_queries, small = _dashboard(client, improvement_lead)
    other_lead = UserFactory(
        local_authority=other_local_authority, role=User.Role.IMPROVEMENT_LEAD, username="other"
    )
    build_plan(local_authority=other_local_authority, actions=600, owner=other_lead, sections=60)
    large_queries, large = _dashboard(client, other_lead)

    assert large_queries == small_queries
    assert _drawn(large) == _drawn(small)


def test_a_second_plan_adds_no_query(client, improvement_lead, local_authority):
    build_plan(local_authority=local_authority, actions=10, owner=improvement_lead, sections=2)
    one, _ = _dashboard(client, improvement_lead)
    build_plan(local_authority=local_authority, actions=600, owner=improvement_lead, sections=60)
    both, response = _dashboard(client, improvement_lead)
    # Every read covers all the authority's plans.
    assert both == one
    assert len(response.context["cards"]) == 2


def test_sections_most_behind_are_ranked_by_overdue_then_red(client, improvement_lead, plan):
    def section(number):
        return services.section_create(
            user=improvement_lead, plan=plan, number=number, title=f"Section {number}"
        )

    def action(section, reference, due_on=None, brag=""):
        created = services.action_create(
            user=improvement_lead,
            section=section,
            reference=reference,
            description="Do",
            due_on=due_on,
        )
        if brag:
            services.action_record_progress(
                user=improvement_lead,
                action=created,
                expected_version=created.version,
                narrative="Slipping",
                status="in_progress",
                brag=brag,
            )

    late = datetime.date(2020, 1, 1)
    on_track, one_late, two_late, red_only = section(1), section(2), section(3), section(4)
    action(on_track, "1.1", brag="green")
    action(one_late, "2.1", due_on=late)
    action(two_late, "3.1", due_on=late)
    action(two_late, "3.2", due_on=late)
    action(red_only, "4.1", brag="red")

    _queries, response = _dashboard(client, improvement_lead)

    (overview,) = response.context["dashboard"].plans
    assert [s.number for s, _summary in overview.sections_behind] == [3, 2, 4]
    assert [summary.overdue for _s, summary in overview.sections_behind] == [2, 1, 0]
    assert [(t.name, s.total) for t, s in overview.themes] == [("No theme", 5)]
    body = response.content.decode()
    assert "Sections most behind" in body
    assert f'href="{plan.get_absolute_url()}#section-3"' in body
