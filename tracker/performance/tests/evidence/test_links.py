"""Where evidence is added from, beyond the action page: a measure's values, an audit and the
coverage page's expected outcomes. The improvement team sees the links and the evidence; a
viewer sees the evidence only."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tracker.performance.evidence import services

pytestmark = pytest.mark.django_db


def _note(user, evidence_of):
    return services.evidence_add_note(
        user=user,
        title="Monthly performance clinic minutes",
        dated_on=datetime.date(2026, 11, 10),
        note="The re-referral figure was checked against the case records.",
        evidence_of=evidence_of,
    )


def test_a_measure_page_lists_each_values_evidence_and_offers_to_add_more(
    client, improvement_lead, viewer, measure_value
):
    _note(improvement_lead, measure_value)
    page = reverse("performance:measure_detail", args=[measure_value.measure_id])
    add = reverse(
        "performance:evidence_add_for_value", args=[measure_value.measure_id, measure_value.pk]
    )

    client.force_login(improvement_lead)
    html = client.get(page).content.decode()
    assert "Monthly performance clinic minutes" in html
    assert add in html

    client.force_login(viewer)
    html = client.get(page).content.decode()
    assert "Monthly performance clinic minutes" in html
    assert add not in html


def test_an_audit_page_offers_to_add_evidence_to_the_improvement_team_only(
    client, improvement_lead, viewer, audit
):
    page = reverse("performance:audit_detail", args=[audit.pk])
    add = reverse("performance:evidence_add_for_audit", args=[audit.pk])
    client.force_login(improvement_lead)
    assert add in client.get(page).content.decode()
    client.force_login(viewer)
    assert add not in client.get(page).content.decode()


def test_the_coverage_page_offers_to_add_evidence_to_an_expected_outcome(
    client, improvement_lead, viewer, plan, outcome
):
    _note(improvement_lead, outcome)
    page = reverse("performance:plan_coverage", args=[plan.pk])
    add = reverse("performance:evidence_add_for_outcome", args=[outcome.pk])
    client.force_login(improvement_lead)
    html = client.get(page).content.decode()
    assert add in html
    assert "Monthly performance clinic minutes" in html
    client.force_login(viewer)
    assert add not in client.get(page).content.decode()
