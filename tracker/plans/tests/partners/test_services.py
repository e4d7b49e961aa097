"""Sharing a plan with a partner organisation and withdrawing it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tracker.accounts.models import Organisation
from tracker.accounts.tests.factories import OrganisationFactory
from tracker.plans.models import PlanPartnerAccess
from tracker.plans.partners import services

pytestmark = pytest.mark.django_db


def test_plan_partner_grant_shares_the_plan_and_records_who_did(plan, police, improvement_lead):
    access = services.plan_partner_grant(user=improvement_lead, plan=plan, organisation=police)
    assert access.granted_by == improvement_lead
    assert access.is_in_force is True
    (record,) = access.history.all()
    assert record.history_user == improvement_lead
    assert record.history_type == "+"


def test_plan_partner_grant_refuses_an_organisation_it_is_already_shared_with(
    plan, police, improvement_lead
):
    services.plan_partner_grant(user=improvement_lead, plan=plan, organisation=police)
    with pytest.raises(ValidationError, match="already shared with West Midlands Police"):
        services.plan_partner_grant(user=improvement_lead, plan=plan, organisation=police)
    assert PlanPartnerAccess.objects.count() == 1


def test_plan_partner_grant_refuses_another_authoritys_organisation(
    plan, other_local_authority, improvement_lead
):
    theirs = OrganisationFactory(local_authority=other_local_authority, name="Elsewhere Police")
    with pytest.raises(ValidationError, match="Choose a partner organisation of this council"):
        services.plan_partner_grant(user=improvement_lead, plan=plan, organisation=theirs)
    assert not PlanPartnerAccess.objects.exists()


def test_plan_partner_grant_refuses_the_council_itself_and_a_retired_organisation(
    plan, local_authority, improvement_lead
):
    council = OrganisationFactory(
        local_authority=local_authority, name="Solihull", kind=Organisation.Kind.LOCAL_AUTHORITY
    )
    retired = OrganisationFactory(
        local_authority=local_authority, name="Old trust", kind="health", is_retired=True
    )
    with pytest.raises(ValidationError, match="already see every plan"):
        services.plan_partner_grant(user=improvement_lead, plan=plan, organisation=council)
    with pytest.raises(ValidationError, match="Old trust is retired"):
        services.plan_partner_grant(user=improvement_lead, plan=plan, organisation=retired)
    assert not PlanPartnerAccess.objects.exists()


def test_plan_partner_withdraw_keeps_the_grant_marked_withdrawn(plan, police, improvement_lead):
    access = services.plan_partner_grant(user=improvement_lead, plan=plan, organisation=police)
    withdrawn = services.plan_partner_withdraw(user=improvement_lead, access=access)
    assert withdrawn.withdrawn_by == improvement_lead
    assert withdrawn.is_in_force is False
    assert PlanPartnerAccess.objects.count() == 1
    assert [row.history_type for row in withdrawn.history.order_by("history_id")] == ["+", "~"]


def test_plan_partner_withdraw_refuses_a_grant_someone_withdrew_meanwhile(
    plan, police, improvement_lead, administrator
):
    access = services.plan_partner_grant(user=improvement_lead, plan=plan, organisation=police)
    stale = PlanPartnerAccess.objects.get(pk=access.pk)
    services.plan_partner_withdraw(user=administrator, access=access)
    with pytest.raises(ValidationError, match="already withdrawn from West Midlands Police"):
        services.plan_partner_withdraw(user=improvement_lead, access=stale)
    stale.refresh_from_db()
    assert stale.withdrawn_by == administrator


def test_a_plan_can_be_shared_again_after_a_withdrawal(plan, police, improvement_lead):
    first = services.plan_partner_grant(user=improvement_lead, plan=plan, organisation=police)
    services.plan_partner_withdraw(user=improvement_lead, access=first)
    again = services.plan_partner_grant(user=improvement_lead, plan=plan, organisation=police)
    assert again.pk != first.pk
    assert PlanPartnerAccess.objects.filter(withdrawn_at__isnull=True).get() == again
