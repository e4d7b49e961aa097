"""The adviser's portfolio: a row for each authority that lets them in, with the figures its
own pages show, in a number of queries that does not grow with the authorities."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tracker.accounts.advisers import services as adviser_services
from tracker.accounts.models import User
from tracker.accounts.tests.factories import LocalAuthorityFactory, UserFactory
from tracker.inspections import services as inspection_services
from tracker.inspections.models import Grade, Inspection, JudgementArea
from tracker.inspections.services import JudgementInput
from tracker.performance.tests.coverage.conftest import TODAY
from tracker.plans import services as plan_services
from tracker.plans.models import ExpectedOutcome, Plan
from tracker.plans.tests.factories import PlanFactory, SectionFactory
from tracker.reporting.portfolio.selectors import adviser_portfolio

pytestmark = pytest.mark.django_db


def _authority(number, adviser, *, today):
    """An inadequate authority with a notice, a plan of three actions (one overdue), one
    recommendation no action answers, and the adviser let in."""
    local_authority = LocalAuthorityFactory(name=f"Authority {number:02}")
    lead = UserFactory(local_authority=local_authority, role=User.Role.ADMINISTRATOR)
    published = today - datetime.timedelta(days=60)
    inspection = inspection_services.inspection_create(
        user=lead,
        local_authority=local_authority,
        kind=Inspection.Kind.ILACS_STANDARD,
        framework=Inspection.Framework.ILACS,
        started_on=published - datetime.timedelta(days=70),
        ended_on=published - datetime.timedelta(days=60),
        published_on=published,
        judgements=[JudgementInput(JudgementArea.OVERALL, Grade.INADEQUATE)],
    )
    inspection_services.inspection_create(
        user=lead,
        local_authority=local_authority,
        kind=Inspection.Kind.IMPROVEMENT_NOTICE,
        framework=Inspection.Framework.OTHER,
        started_on=published,
        ended_on=published,
        statutory_notice_on=published,
        judgements=[],
    )
    answered = inspection_services.recommendation_create(
        user=lead, inspection=inspection, number=1, text="Improve supervision."
    )
    inspection_services.recommendation_create(
        user=lead, inspection=inspection, number=2, text="Improve the front door."
    )
    plan = plan_services.plan_create(
        user=lead,
        local_authority=local_authority,
        title=f"Plan {number}",
        kind=Plan.Kind.OFSTED_ACTION_PLAN,
        inspections=[inspection],
    )
    section = plan_services.section_create(
        user=lead, plan=plan, number=1, title="Supervision", recommendations=[answered]
    )
    for reference, due, brag in [("1.1", -5, "red"), ("1.2", 30, "green"), ("1.3", 60, "")]:
        action = plan_services.action_create(
            user=lead,
            section=section,
            reference=reference,
            description="Do it",
            owner_users=[lead],
            due_on=today + datetime.timedelta(days=due),
        )
        if brag:
            plan_services.action_record_progress(
                user=lead,
                action=action,
                expected_version=None,
                narrative="Going",
                status="in_progress",
                brag=brag,
            )
    adviser_services.adviser_access_grant(
        by=lead, local_authority=local_authority, email=adviser.email
    )


def test_adviser_portfolio_shows_each_authority_as_its_own_pages_do(adviser):
    today = timezone.localdate()
    _authority(1, adviser, today=today)
    (row,) = adviser_portfolio(adviser=adviser, today=today)
    assert row.local_authority.name == "Authority 01"
    assert row.inspection is not None
    assert row.inspection.kind == Inspection.Kind.ILACS_STANDARD
    assert row.overall_grade == "Inadequate"
    assert row.intervention is not None
    assert row.intervention.kind == Inspection.Kind.IMPROVEMENT_NOTICE
    assert row.progress.total == 3
    assert row.progress.overdue == 1
    assert row.progress.by_brag["red"] == 1
    assert row.progress.by_brag["green"] == 1
    assert row.recommendations_unanswered == 1
    assert row.measures_off_target == 0
    assert row.next_monitoring_visit is not None
    assert row.next_monitoring_visit.name == "Monitoring visit 1"


def test_adviser_portfolio_leaves_out_authorities_that_stopped_letting_them_in(adviser):
    today = timezone.localdate()
    _authority(1, adviser, today=today)
    _authority(2, adviser, today=today)
    access = adviser.adviser_accesses.get(local_authority__name="Authority 01")
    adviser_services.adviser_access_withdraw(by=access.granted_by, access=access)
    rows = adviser_portfolio(adviser=adviser, today=today)
    assert [row.local_authority.name for row in rows] == ["Authority 02"]


def test_the_portfolio_page_lists_the_authorities_with_links_to_their_pages(client, adviser):
    _authority(1, adviser, today=timezone.localdate())
    client.force_login(adviser)
    response = client.get(reverse("core:dashboard"), follow=True)
    assert response.redirect_chain == [(reverse("reporting:adviser_portfolio"), 302)]
    body = response.content.decode()
    assert "Your authorities" in body
    assert "Authority 01" in body
    assert "Inadequate" in body
    assert "DfE improvement notice" in body
    plan = Plan.objects.get()
    opened = reverse("reporting:adviser_open", args=[plan.local_authority_id])
    assert f"{opened}?next=%2Fplans%2F{plan.pk}%2F" in body


def test_the_portfolio_is_refused_to_anyone_but_an_adviser(client, viewer):
    client.force_login(viewer)
    assert client.get(reverse("reporting:adviser_portfolio")).status_code == 403


def test_the_portfolio_page_reads_the_same_number_of_queries_for_2_and_8_authorities(
    client, adviser, django_assert_max_num_queries
):
    today = timezone.localdate()
    client.force_login(adviser)
    url = reverse("reporting:adviser_portfolio")
    counts = []
    for number in range(8):
        _authority(number, adviser, today=today)
        if number + 1 in {2, 8}:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.content.decode().count("Monitoring visit 1") == number + 1
            counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(40):
        client.get(url)


# Counted once an authority -------------------------------------------------------------------


def test_a_measure_and_a_recommendation_two_plans_share_are_counted_once(
    adviser, administrator, small_plan
):
    """A measure is the authority's and may show outcomes of two plans; a recommendation is
    unanswered only if no plan following its inspection answers it."""
    today = TODAY
    authority = small_plan.plan.local_authority
    adviser_services.adviser_access_grant(
        by=administrator, local_authority=authority, email=adviser.email
    )
    (alone,) = adviser_portfolio(adviser=adviser, today=today)
    assert alone.measures_off_target == 1  # CIN-01
    assert alone.recommendations_unanswered == 1  # recommendation 2

    # A second plan following the same inspection, answering none of it, with an outcome the
    # same measure shows.
    second = PlanFactory(local_authority=authority, title="Partnership plan")
    second.inspections.add(small_plan.inspection)
    section = SectionFactory(plan=second, number=1, title="Shared outcomes")
    small_plan.m1.expected_outcomes.add(
        ExpectedOutcome.objects.create(section=section, text="Audits are good", position=1)
    )

    (row,) = adviser_portfolio(adviser=adviser, today=today)
    assert len(row.plans) == 2
    assert row.measures_off_target == 1
    assert row.recommendations_unanswered == 1
