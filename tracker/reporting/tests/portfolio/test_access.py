"""An adviser reads the authority they opened while it lets them in, and changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tracker.accounts.access import ADVISER_AUTHORITY_SESSION_KEY
from tracker.accounts.advisers import services
from tracker.accounts.tests.factories import UserFactory
from tracker.inspections import services as inspection_services
from tracker.inspections.models import Inspection
from tracker.plans import services as plan_services
from tracker.plans.models import Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(improvement_lead, local_authority):
    return plan_services.plan_create(
        user=improvement_lead,
        local_authority=local_authority,
        title="Children's services improvement plan",
        kind=Plan.Kind.OFSTED_ACTION_PLAN,
    )


@pytest.fixture
def access(adviser, administrator, local_authority):
    return services.adviser_access_grant(
        by=administrator, local_authority=local_authority, email=adviser.email
    )


def _open(client, adviser, local_authority, to=""):
    client.force_login(adviser)
    url = reverse("reporting:adviser_open", args=[local_authority.pk])
    return client.get(url + (f"?next={to}" if to else ""))


def test_an_adviser_opens_an_authority_that_lets_them_in_and_reads_its_plan(
    client, adviser, local_authority, access, plan
):
    response = _open(client, adviser, local_authority, to=plan.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == plan.get_absolute_url()
    assert client.session[ADVISER_AUTHORITY_SESSION_KEY] == local_authority.pk
    page = client.get(plan.get_absolute_url())
    body = page.content.decode()
    assert page.status_code == 200
    assert "Children&#x27;s services improvement plan" in body
    assert "You are reading Solihull Metropolitan Borough Council as an adviser" in body
    # Read only: no link to change the plan.
    assert reverse("plans:plan_update", args=[plan.pk]) not in body


def test_an_adviser_is_sent_nowhere_outside_the_service(client, adviser, local_authority, access):
    response = _open(client, adviser, local_authority, to="https://example.com/")
    assert response["Location"] == reverse("core:dashboard")


def test_an_adviser_changes_nothing_even_where_let_in(
    client, adviser, local_authority, access, plan
):
    _open(client, adviser, local_authority)
    edit = reverse("plans:plan_update", args=[plan.pk])
    assert client.get(edit).status_code == 403
    response = client.post(edit, {"title": "Renamed", "version": plan.version})
    assert response.status_code == 403
    assert "Advisers read an authority" in response.content.decode()
    plan.refresh_from_db()
    assert plan.title == "Children's services improvement plan"
    api = client.post(
        reverse("api:progress_update_list", args=[1]), {}, content_type="application/json"
    )
    assert api.status_code == 403
    assert api.json()["errors"][0]["code"] == "permission_denied"


def test_once_withdrawn_the_authority_is_not_found_from_the_next_page(
    client, adviser, administrator, local_authority, access, plan
):
    _open(client, adviser, local_authority)
    assert client.get(plan.get_absolute_url()).status_code == 200
    services.adviser_access_withdraw(by=administrator, access=access)
    assert client.get(plan.get_absolute_url()).status_code == 404
    assert client.get(reverse("plans:plan_list")).status_code == 404
    assert client.get(reverse("api:plan_list")).status_code in {403, 404}
    # Home is the portfolio again.
    assert client.get(reverse("core:dashboard"))["Location"] == reverse(
        "reporting:adviser_portfolio"
    )
    opened = client.get(reverse("reporting:adviser_open", args=[local_authority.pk]))
    assert opened.status_code == 404


def test_an_adviser_sees_only_the_authority_they_opened(
    client, adviser, administrator, local_authority, other_local_authority, access, plan
):
    other_admin = UserFactory(local_authority=other_local_authority, role="administrator")
    theirs = plan_services.plan_create(
        user=other_admin,
        local_authority=other_local_authority,
        title="Elsewhere plan",
        kind=Plan.Kind.OFSTED_ACTION_PLAN,
    )
    services.adviser_access_grant(
        by=other_admin, local_authority=other_local_authority, email=adviser.email
    )
    _open(client, adviser, local_authority)
    assert client.get(theirs.get_absolute_url()).status_code == 404
    _open(client, adviser, other_local_authority)
    assert client.get(theirs.get_absolute_url()).status_code == 200
    assert client.get(plan.get_absolute_url()).status_code == 404


def test_an_adviser_reads_the_councils_own_pages_but_not_its_administration(
    client, adviser, improvement_lead, local_authority, access
):
    inspection_services.inspection_create(
        user=improvement_lead,
        local_authority=local_authority,
        kind=Inspection.Kind.IMPROVEMENT_NOTICE,
        framework=Inspection.Framework.OTHER,
        started_on="2026-01-05",
        ended_on="2026-01-05",
        judgements=[],
    )
    _open(client, adviser, local_authority)
    assert client.get(reverse("inspections:inspection_list")).status_code == 200
    assert client.get(reverse("accounts:manage")).status_code == 403
    assert client.get(reverse("accounts:api_token_create")).status_code == 403
    assert client.get(reverse("schedule:feed_manage")).status_code == 403


def test_the_navigation_offers_an_authoritys_sections_only_while_the_adviser_reads_it(
    client, adviser, administrator, local_authority, access
):
    client.force_login(adviser)
    portfolio = client.get(reverse("reporting:adviser_portfolio")).content.decode()
    assert "Your authorities</a>" in portfolio
    assert f'href="{reverse("plans:plan_list")}"' not in portfolio
    _open(client, adviser, local_authority)
    reading = client.get(reverse("plans:plan_list")).content.decode()
    assert f'href="{reverse("reporting:adviser_portfolio")}"' in reading
    assert f'href="{reverse("plans:plan_list")}"' in reading
    services.adviser_access_withdraw(by=administrator, access=access)
    after = client.get(reverse("reporting:adviser_portfolio")).content.decode()
    assert f'href="{reverse("plans:plan_list")}"' not in after
