"""People of a partner organisation see only the risks of plans shared with it, and none of
the council's boards."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from tracker.accounts.models import User
from tracker.accounts.tests.factories import UserFactory
from tracker.governance import access, selectors, services
from tracker.plans import services as plan_services
from tracker.plans.partners.services import plan_partner_grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def police_officer(local_authority, police):
    return UserFactory(
        local_authority=local_authority, organisation=police, role=User.Role.ACTION_OWNER
    )


@pytest.fixture
def unshared_risk(improvement_lead, local_authority):
    """A risk of a plan never shared with the police, and one tied to no plan."""
    plan = plan_services.plan_create(
        user=improvement_lead,
        local_authority=local_authority,
        title="Service plan",
        kind="service_plan",
    )
    for reference, of_plan in (("R2", plan), ("R3", None)):
        services.risk_create(
            user=improvement_lead,
            local_authority=local_authority,
            reference=reference,
            title=f"Risk {reference}",
            inherent_likelihood=5,
            inherent_impact=5,
            residual_likelihood=5,
            residual_impact=5,
            plan=of_plan,
            review_on=datetime.date(2026, 1, 31),
        )
    return plan.risks.get()


@pytest.fixture
def shared(plan, police, improvement_lead):
    return plan_partner_grant(user=improvement_lead, plan=plan, organisation=police)


def test_a_partners_risk_register_lists_only_the_risks_of_shared_plans(
    risk, unshared_risk, shared, police_officer, local_authority, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        rows = selectors.risk_register(local_authority=local_authority, viewer=police_officer)
    assert [row.risk for row in rows] == [risk]
    everyone = selectors.risk_register(local_authority=local_authority)
    assert len(everyone) == 3


def test_a_partners_heat_map_counts_only_the_risks_of_shared_plans(
    risk, unshared_risk, shared, police_officer, local_authority
):
    grid = selectors.risk_heat_map(local_authority=local_authority, viewer=police_officer)
    assert sum(cell.count for row in grid for cell in row.cells) == 1
    assert selectors.risk_register_plans(
        local_authority=local_authority, viewer=police_officer
    ) == [shared.plan]


def test_a_risk_of_an_unshared_plan_or_of_none_is_not_found_to_a_partner(
    risk, unshared_risk, shared, police_officer
):
    assert access.risk_get_for_user(user=police_officer, risk_id=risk.pk) == risk
    with pytest.raises(Http404):
        access.risk_get_for_user(user=police_officer, risk_id=unshared_risk.pk)


def test_a_partners_risk_register_export_holds_only_the_risks_of_shared_plans(
    client, risk, unshared_risk, shared, police_officer
):
    client.force_login(police_officer)
    response = client.get(reverse("reporting:risk_register_csv"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Agency social workers leave" in body
    assert "Risk R2" not in body
    assert "Risk R3" not in body


def test_boards_are_the_councils_own(board, police_officer, shared):
    with pytest.raises(PermissionDenied, match="Partner organisations see only the plans"):
        access.board_get_for_user(user=police_officer, board_id=board.pk)


def test_a_partner_sees_only_the_mitigating_actions_of_shared_plans(
    client, risk, action, improvement_lead, local_authority, shared, police_officer
):
    elsewhere = plan_services.plan_create(
        user=improvement_lead, local_authority=local_authority, title="Other", kind="service_plan"
    )
    section = plan_services.section_create(
        user=improvement_lead, plan=elsewhere, number=1, title="Front door"
    )
    hidden = plan_services.action_create(
        user=improvement_lead, section=section, reference="9.9", description="Hidden work"
    )
    risk.mitigating_actions.set([action, hidden])
    client.force_login(police_officer)
    body = client.get(reverse("governance:risk_detail", args=[risk.pk])).content.decode()
    assert "Hidden work" not in body
    assert str(action) in body
    (row,) = selectors.risk_register(local_authority=local_authority, viewer=police_officer)
    assert row.mitigations == [action.reference]
    client.force_login(improvement_lead)
    assert (
        "Hidden work"
        in client.get(reverse("governance:risk_detail", args=[risk.pk])).content.decode()
    )
