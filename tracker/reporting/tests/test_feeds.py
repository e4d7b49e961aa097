"""The data feed for Power BI and Excel: a token alone, what the token's user may see, in a
fixed number of queries, with CSV cells cleaned against formula injection."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tracker.accounts.tests.factories import UserFactory
from tracker.accounts.tokens import services as token_services
from tracker.governance import services as governance_services
from tracker.performance.tests.measures.factories import (
    MeasureFactory,
    MeasureValueFactory,
    TargetFactory,
)
from tracker.plans import services as plan_services
from tracker.plans.partners import services as partner_services
from tracker.plans.tests.factories import ActionFactory, PlanFactory, SectionFactory

pytestmark = pytest.mark.django_db


def _secret(user, scope="read"):
    return token_services.api_token_create(
        by=user,
        name="Power BI",
        scope=scope,
        expires_on=timezone.localdate() + datetime.timedelta(days=90),
    ).secret


def _get(name: str, secret: str | None, client: Client | None = None):
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    return (client or Client()).get(reverse(f"feeds:{name}"), headers=headers)


def _csv_rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def plan(local_authority, improvement_lead, head_of_safeguards):
    plan = PlanFactory(local_authority=local_authority, title="Improvement plan 2026")
    section = SectionFactory(plan=plan, number=1, title="Leadership")
    action = ActionFactory(
        plan=plan,
        section=section,
        reference="1.1",
        description='=HYPERLINK("http://evil")',
        due_on=datetime.date(2020, 1, 31),
        status="in_progress",
        brag="amber",
    )
    action.owner_posts.add(head_of_safeguards)
    plan_services.action_record_progress(
        user=improvement_lead,
        action=action,
        expected_version=None,
        narrative="Audit booked",
        status="in_progress",
        brag="amber",
        recorded_on=datetime.date(2026, 11, 30),
    )
    return plan


def test_the_actions_feed_gives_one_row_per_action_with_its_latest_progress(
    viewer, plan, head_of_safeguards
):
    response = _get("actions_csv", _secret(viewer))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    [row] = _csv_rows(response)
    assert row["plan"] == "Improvement plan 2026"
    assert row["section"] == "1. Leadership"
    assert row["reference"] == "1.1"
    assert row["who"] == head_of_safeguards.title
    assert row["due_on"] == "2020-01-31"
    assert row["status"] == "In progress"
    assert row["brag"] == "Amber"
    assert row["is_overdue"] == "Yes"
    assert row["latest_progress_on"] == "2026-11-30"
    assert row["latest_progress"] == "Audit booked"


def test_the_actions_feed_cleans_cells_against_formula_injection(viewer, plan):
    [row] = _csv_rows(_get("actions_csv", _secret(viewer)))

    assert row["description"] == '\'=HYPERLINK("http://evil")'


def test_the_actions_feed_as_json(viewer, plan):
    response = _get("actions_json", _secret(viewer))

    assert response.status_code == 200
    [row] = response.json()
    assert row["due_on"] == "2020-01-31"
    assert row["is_overdue"] is True
    assert row["description"] == '=HYPERLINK("http://evil")'


def test_the_feed_shows_nothing_of_another_authority(outsider, plan):
    assert _csv_rows(_get("actions_csv", _secret(outsider))) == []
    assert _get("actions_json", _secret(outsider)).json() == []


def test_a_partner_sees_only_the_actions_of_plans_shared_with_them(
    local_authority, improvement_lead, police, plan
):
    partner = UserFactory(local_authority=local_authority, organisation=police)
    secret = _secret(partner)
    assert _get("actions_json", secret).json() == []

    partner_services.plan_partner_grant(user=improvement_lead, plan=plan, organisation=police)

    assert [row["reference"] for row in _get("actions_json", secret).json()] == ["1.1"]


def test_a_partner_gets_no_measures(local_authority, police):
    partner = UserFactory(local_authority=local_authority, organisation=police)

    response = _get("measures_csv", _secret(partner))

    assert response.status_code == 403


def test_the_measures_feed_rates_each_value_against_its_target(viewer, local_authority):
    measure = MeasureFactory(
        local_authority=local_authority, reference="CIN-03", name="Re-referrals"
    )
    TargetFactory(measure=measure, value=Decimal("20"))
    MeasureValueFactory(measure=measure, value=Decimal("23.5"), england=Decimal("21.0"))
    MeasureFactory(reference="THEIRS")  # another authority's

    [row] = _get("measures_json", _secret(viewer)).json()

    assert row["measure_reference"] == "CIN-03"
    assert row["period_end"] == "2026-10-31"
    assert row["value"] == 23.5
    assert row["target"] == 20.0
    assert row["rag"] == "Red"
    assert row["england"] == 21.0


def test_the_risks_feed(viewer, improvement_lead, local_authority):
    governance_services.risk_create(
        user=improvement_lead,
        local_authority=local_authority,
        reference="R1",
        title="+Staff leave",
        inherent_likelihood=4,
        inherent_impact=4,
        residual_likelihood=2,
        residual_impact=3,
    )

    [row] = _csv_rows(_get("risks_csv", _secret(viewer)))

    assert row["reference"] == "R1"
    assert row["risk"] == "'+Staff leave"
    assert row["residual_score"] == "6"


@pytest.mark.parametrize("name", ["actions_csv", "measures_json", "risks_csv"])
def test_the_feed_refuses_a_session_without_a_token(client, viewer, name):
    client.force_login(viewer)

    response = _get(name, None, client)

    assert response.status_code == 401


def test_the_feed_refuses_a_post_even_with_a_read_write_token(viewer):
    response = Client().post(
        reverse("feeds:actions_csv"), HTTP_AUTHORIZATION=f"Bearer {_secret(viewer, 'read_write')}"
    )

    assert response.status_code == 405


@pytest.mark.parametrize("size", [2, 12])
def test_the_feed_makes_the_same_number_of_queries_however_big(
    django_assert_max_num_queries, viewer, local_authority, head_of_safeguards, size
):
    plan = PlanFactory(local_authority=local_authority)
    for number in range(size):
        section = SectionFactory(plan=plan, number=number + 1)
        action = ActionFactory(plan=plan, section=section)
        action.owner_posts.add(head_of_safeguards)
        measure = MeasureFactory(local_authority=local_authority)
        TargetFactory(measure=measure)
        MeasureValueFactory(measure=measure)
    secret = _secret(viewer)

    for name in ("actions_json", "measures_csv", "risks_json"):
        with django_assert_max_num_queries(8):
            assert _get(name, secret).status_code == 200


def test_the_guide_lists_the_columns_and_hides_measures_from_partners(
    client, viewer, local_authority, police
):
    client.force_login(viewer)
    page = client.get(reverse("feeds:guide")).content.decode()
    assert "latest_progress_on" in page
    assert "From Web" in page
    assert "/feeds/v1/measures.csv" in page

    client.force_login(UserFactory(local_authority=local_authority, organisation=police))
    page = client.get(reverse("feeds:guide")).content.decode()
    assert "/feeds/v1/actions.csv" in page
    assert "/feeds/v1/measures.csv" not in page
