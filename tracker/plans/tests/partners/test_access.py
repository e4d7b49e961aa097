"""Who sees which plans (`tracker.plans.access.plans_visible_to`), the one place every
selector and access helper starts from."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from tracker.accounts.models import Organisation, User
from tracker.accounts.tests.factories import OrganisationFactory, UserFactory
from tracker.plans import access, selectors, services
from tracker.plans.partners.services import plan_partner_grant, plan_partner_withdraw
from tracker.plans.tests.bulk import build_plan

pytestmark = pytest.mark.django_db


def test_is_partner_is_true_only_for_someone_of_an_organisation_that_is_not_the_council(
    local_authority, police, viewer, police_officer
):
    council = OrganisationFactory(
        local_authority=local_authority,
        name="Solihull Council",
        kind=Organisation.Kind.LOCAL_AUTHORITY,
    )
    of_the_council = UserFactory(local_authority=local_authority, organisation=council)
    assert police_officer.is_partner is True
    assert viewer.is_partner is False
    assert of_the_council.is_partner is False


def test_a_partner_never_edits_plans_whatever_their_role_says(local_authority, police):
    lead = UserFactory(
        local_authority=local_authority, organisation=police, role=User.Role.IMPROVEMENT_LEAD
    )
    assert lead.can_edit_plans is False


def test_the_council_sees_every_plan_of_its_authority(
    viewer, plan, other_plan, outsider, improvement_lead
):
    assert set(access.plans_visible_to(user=viewer)) == {plan, other_plan}
    assert list(access.plans_visible_to(user=outsider)) == []


def test_a_partner_sees_only_the_plans_shared_with_their_organisation(
    plan, other_plan, police_officer, nurse, improvement_lead, police
):
    assert list(access.plans_visible_to(user=police_officer)) == []
    plan_partner_grant(user=improvement_lead, plan=plan, organisation=police)
    assert list(access.plans_visible_to(user=police_officer)) == [plan]
    assert list(access.plans_visible_to(user=nurse)) == []


def test_a_withdrawn_grant_hides_the_plan_again(plan, police_officer, improvement_lead, police):
    grant = plan_partner_grant(user=improvement_lead, plan=plan, organisation=police)
    plan_partner_withdraw(user=improvement_lead, access=grant)
    assert list(access.plans_visible_to(user=police_officer)) == []
    with pytest.raises(Http404):
        access.plan_get_for_user(user=police_officer, plan_id=plan.pk)


def test_access_helpers_refuse_a_plan_not_shared_with_the_partner(
    plan, action, section, theme, police_officer, improvement_lead, police, other_plan
):
    plan_partner_grant(user=improvement_lead, plan=other_plan, organisation=police)
    for fetch in (
        lambda: access.plan_get_for_user(user=police_officer, plan_id=plan.pk),
        lambda: access.theme_get_for_user(user=police_officer, plan_id=plan.pk, theme_id=theme.pk),
        lambda: access.section_get_for_user(
            user=police_officer, plan_id=plan.pk, section_id=section.pk
        ),
        lambda: access.action_get_for_user(
            user=police_officer, plan_id=plan.pk, action_id=action.pk
        ),
    ):
        with pytest.raises(Http404):
            fetch()


def test_a_partner_records_progress_only_on_actions_their_organisation_owns(
    plan, section, action, police_officer, improvement_lead, police
):
    plan_partner_grant(user=improvement_lead, plan=plan, organisation=police)
    theirs = services.action_create(
        user=improvement_lead,
        section=section,
        reference="1.9",
        description="Share police notifications with the front door",
        owner_organisations=[police],
    )
    assert access.user_can_record_progress(user=police_officer, action=theirs) is True
    assert access.user_can_record_progress(user=police_officer, action=action) is False
    with pytest.raises(PermissionDenied):
        access.require_progress_recorder(user=police_officer, action=action)


def test_a_partner_who_leads_a_theme_may_not_record_progress_or_verify_through_it(
    plan, theme, action, police_officer, improvement_lead, police
):
    plan_partner_grant(user=improvement_lead, plan=plan, organisation=police)
    services.theme_update(
        user=improvement_lead,
        theme=theme,
        expected_version=theme.version,
        name=theme.name,
        description="",
        lead=police_officer,
        lead_post=None,
    )
    action.refresh_from_db()
    assert access.user_can_record_progress(user=police_officer, action=action) is False
    assert access.user_can_verify_as_embedded(user=police_officer, action=action) is False


@pytest.mark.parametrize("actions", [10, 300])
def test_a_partners_plan_list_and_dashboard_take_a_fixed_number_of_queries(
    client,
    local_authority,
    police_officer,
    improvement_lead,
    police,
    actions,
    django_assert_max_num_queries,
):
    shared = build_plan(
        local_authority=local_authority, actions=actions, owner=improvement_lead, sections=5
    )
    build_plan(local_authority=local_authority, actions=actions + 1, owner=improvement_lead)
    plan_partner_grant(user=improvement_lead, plan=shared, organisation=police)
    with django_assert_max_num_queries(3):
        plans = selectors.plan_list_for_user(user=police_officer)
    assert [plan for plan, _summary in plans] == [shared]
    client.force_login(police_officer)
    with django_assert_max_num_queries(35):
        response = client.get(reverse("core:dashboard"))
    assert [overview.plan for overview in response.context["dashboard"].plans] == [shared]
