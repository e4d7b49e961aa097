"""What a partner's plan page rolls up from other plans."""

from __future__ import annotations

import pytest

from tracker.plans import selectors, services
from tracker.plans.partners.services import plan_partner_grant

pytestmark = pytest.mark.django_db


def test_a_partners_priority_area_roll_up_leaves_out_plans_not_shared_with_them(
    plan,
    section,
    action,
    other_plan,
    police,
    police_officer,
    improvement_lead,
    django_assert_max_num_queries,
):
    """The main plan's priority area rolls up sections of other plans: a partner sees only
    those of plans shared with them, in the same three queries."""
    area = services.priority_area_create(user=improvement_lead, plan=other_plan, name="Workforce")
    services.section_link_priority_area(
        user=improvement_lead, section=section, expected_version=section.version, priority_area=area
    )
    plan_partner_grant(user=improvement_lead, plan=other_plan, organisation=police)

    (council,) = selectors.plan_priority_area_rollup(plan=other_plan, viewer=improvement_lead)
    with django_assert_max_num_queries(3):
        (partner,) = selectors.plan_priority_area_rollup(plan=other_plan, viewer=police_officer)

    assert [linked.section for linked in council.sections] == [section]
    assert council.summary.total == 1
    assert partner.sections == []
    assert partner.summary.total == 0
