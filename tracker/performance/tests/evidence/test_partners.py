"""People of a partner organisation see the evidence of actions and outcomes of plans shared
with it, and none of the council's scorecard or audits."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tracker.accounts.models import User
from tracker.accounts.tests.factories import UserFactory
from tracker.performance import access
from tracker.performance.evidence import services
from tracker.plans.partners.services import plan_partner_grant, plan_partner_withdraw

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 11, 2)


@pytest.fixture
def police_officer(local_authority, police):
    return UserFactory(
        local_authority=local_authority, organisation=police, role=User.Role.ACTION_OWNER
    )


def _note(user, of):
    return services.evidence_add_note(
        user=user, evidence_of=of, title="Audit summary", dated_on=ON, note="All sampled", today=ON
    )


def test_a_partner_sees_the_evidence_of_a_shared_plan_and_loses_it_on_withdrawal(
    plan, action, outcome, improvement_lead, police, police_officer
):
    of_action, of_outcome = _note(improvement_lead, action), _note(improvement_lead, outcome)
    grant = plan_partner_grant(user=improvement_lead, plan=plan, organisation=police)
    assert access.evidence_get_for_user(user=police_officer, evidence_id=of_action.pk) == of_action
    assert access.evidence_get_for_user(user=police_officer, evidence_id=of_outcome.pk)
    assert access.expected_outcome_get_for_user(user=police_officer, outcome_id=outcome.pk)

    plan_partner_withdraw(user=improvement_lead, access=grant)
    for fetch in (
        lambda: access.evidence_get_for_user(user=police_officer, evidence_id=of_action.pk),
        lambda: access.evidence_get_for_user(user=police_officer, evidence_id=of_outcome.pk),
        lambda: access.expected_outcome_get_for_user(user=police_officer, outcome_id=outcome.pk),
    ):
        with pytest.raises(Http404):
            fetch()


def test_evidence_of_a_measure_value_or_an_audit_is_not_found_to_a_partner(
    plan, measure_value, audit, improvement_lead, police, police_officer
):
    plan_partner_grant(user=improvement_lead, plan=plan, organisation=police)
    for of in (measure_value, audit):
        evidence = _note(improvement_lead, of)
        with pytest.raises(Http404):
            access.evidence_get_for_user(user=police_officer, evidence_id=evidence.pk)


def test_the_scorecard_and_audits_are_refused_to_a_partner(
    plan, measure_value, audit, improvement_lead, police, police_officer
):
    plan_partner_grant(user=improvement_lead, plan=plan, organisation=police)
    with pytest.raises(PermissionDenied):
        access.measure_get_for_user(user=police_officer, measure_id=measure_value.measure_id)
    with pytest.raises(PermissionDenied):
        access.audit_get_for_user(user=police_officer, audit_id=audit.pk)


def test_the_coverage_and_assurance_panels_are_left_out_for_a_partner(
    client, plan, action, improvement_lead, police, police_officer
):
    plan_partner_grant(user=improvement_lead, plan=plan, organisation=police)
    client.force_login(police_officer)
    plan_page = client.get(plan.get_absolute_url()).content.decode()
    action_page = client.get(action.get_absolute_url()).content.decode()
    assert "Coverage:" not in plan_page
    assert "Quality assurance and verification" not in action_page
    client.force_login(improvement_lead)
    assert "Coverage:" in client.get(plan.get_absolute_url()).content.decode()
    assert (
        "Quality assurance and verification"
        in client.get(action.get_absolute_url()).content.decode()
    )
