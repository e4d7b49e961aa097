"""The page that shares a plan, and what a partner sees the moment it is shared or withdrawn
(the kept page bodies, `tracker.core.data_version`)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tracker.plans.models import PlanPartnerAccess
from tracker.plans.partners.services import plan_partner_grant, plan_partner_withdraw

pytestmark = pytest.mark.django_db


def _partners_url(plan):
    return reverse("plans:plan_partners", args=[plan.pk])


def test_an_improvement_lead_shares_a_plan_with_a_partner(client, plan, police, improvement_lead):
    client.force_login(improvement_lead)
    response = client.post(_partners_url(plan), {"organisation": police.pk}, follow=True)
    assert response.redirect_chain == [(_partners_url(plan), 302)]
    assert "The plan is now shared with West Midlands Police" in response.content.decode()
    assert PlanPartnerAccess.objects.get().organisation == police


def test_sharing_without_choosing_shows_the_error_and_writes_nothing(
    client, plan, police, improvement_lead
):
    client.force_login(improvement_lead)
    response = client.post(_partners_url(plan), {"organisation": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert body.count("Choose the partner organisation to share the plan with") == 2
    assert not PlanPartnerAccess.objects.exists()


def test_a_plan_already_shared_is_not_offered_again(client, plan, police, improvement_lead):
    plan_partner_grant(user=improvement_lead, plan=plan, organisation=police)
    client.force_login(improvement_lead)
    response = client.post(_partners_url(plan), {"organisation": police.pk})
    assert "Choose one of the partner organisations listed" in response.content.decode()
    assert PlanPartnerAccess.objects.count() == 1


def test_withdrawing_asks_first_then_stops_sharing(client, plan, police, improvement_lead):
    access = plan_partner_grant(user=improvement_lead, plan=plan, organisation=police)
    client.force_login(improvement_lead)
    url = reverse("plans:plan_partner_withdraw", args=[plan.pk, access.pk])
    page = client.get(url)
    assert "Stop sharing the plan with West Midlands Police" in page.content.decode()
    response = client.post(url, follow=True)
    assert "no longer shared with West Midlands Police" in response.content.decode()
    access.refresh_from_db()
    assert access.is_in_force is False
    assert "Shared before" in response.content.decode()


def test_viewers_and_partners_may_not_share_plans(
    client, plan, police, viewer, police_officer, improvement_lead
):
    plan_partner_grant(user=improvement_lead, plan=plan, organisation=police)
    for user in (viewer, police_officer):
        client.force_login(user)
        assert client.get(_partners_url(plan)).status_code == 403
        assert client.post(_partners_url(plan), {"organisation": police.pk}).status_code == 403
    assert PlanPartnerAccess.objects.count() == 1


def test_a_grant_and_a_withdrawal_show_at_once_on_the_kept_pages(
    client, plan, action, police, police_officer, improvement_lead
):
    """The dashboard and plan page are kept under the authority's data version: sharing or
    withdrawing a plan is a write of the authority, so a partner sees the change on their
    next page."""
    client.force_login(police_officer)
    dashboard = reverse("core:dashboard")
    assert plan.title not in client.get(dashboard).content.decode()
    assert client.get(plan.get_absolute_url()).status_code == 404

    access = plan_partner_grant(user=improvement_lead, plan=plan, organisation=police)
    assert plan.title in client.get(dashboard).content.decode()
    assert client.get(plan.get_absolute_url()).status_code == 200
    assert client.get(action.get_absolute_url()).status_code == 200

    plan_partner_withdraw(user=improvement_lead, access=access)
    assert plan.title not in client.get(dashboard).content.decode()
    assert client.get(plan.get_absolute_url()).status_code == 404
    assert client.get(action.get_absolute_url()).status_code == 404


def test_a_partner_and_the_council_get_their_own_kept_plan_page(
    client, plan, action, police, police_officer, viewer, improvement_lead
):
    """The kept plan page body has the partner's organisation in its key: the council's
    coverage panel and links to papers are never served to a partner, whoever asked first."""
    plan_partner_grant(user=improvement_lead, plan=plan, organisation=police)
    client.force_login(viewer)
    council_page = client.get(plan.get_absolute_url()).content.decode()
    client.force_login(police_officer)
    partner_page = client.get(plan.get_absolute_url()).content.decode()
    coverage = reverse("performance:plan_coverage", args=[plan.pk])
    papers = reverse("reporting:board_paper_list", args=[plan.pk])
    assert coverage in council_page
    assert papers in council_page
    assert coverage not in partner_page
    assert papers not in partner_page
    assert reverse("reporting:plan_export_csv", args=[plan.pk]) in partner_page
    assert reverse("reporting:plan_export_pdf", args=[plan.pk]) in partner_page
    assert reverse("reporting:plan_export_pdf", args=[plan.pk]) in council_page


def test_a_partners_navigation_offers_only_what_they_may_open(
    client, plan, police, police_officer, improvement_lead
):
    plan_partner_grant(user=improvement_lead, plan=plan, organisation=police)
    client.force_login(police_officer)
    body = client.get(plan.get_absolute_url()).content.decode()
    assert reverse("plans:plan_list") in body
    assert reverse("governance:risk_list") in body
    for council_page in ("programme:programme_list", "inspections:inspection_list"):
        assert f'href="{reverse(council_page)}"' not in body


def test_a_partners_exports_of_a_plan_not_shared_with_them_are_not_found(
    client, plan, other_plan, action, police, police_officer, improvement_lead
):
    plan_partner_grant(user=improvement_lead, plan=other_plan, organisation=police)
    client.force_login(police_officer)
    for name in (
        "reporting:plan_export_csv",
        "reporting:plan_export_xlsx",
        "reporting:plan_export_pdf",
    ):
        assert client.get(reverse(name, args=[plan.pk])).status_code == 404
        assert client.get(reverse(name, args=[other_plan.pk])).status_code == 200
    csv = client.get(reverse("reporting:plan_export_csv", args=[other_plan.pk])).content.decode()
    assert action.description not in csv
