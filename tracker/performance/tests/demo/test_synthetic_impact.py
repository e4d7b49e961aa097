"""The synthetic impact data of bench/: sizes in proportion to the plan, repeatable, with the
gaps a real plan has."""

from __future__ import annotations

import datetime

import pytest

from tracker.performance.demo import synthetic as impact
from tracker.performance.models import Audit, Evidence, Measure, MeasureValue, Verification
from tracker.plans.demo import synthetic
from tracker.plans.models import COMPLETE_STATUSES, Action, DeliveryStatus, ExpectedOutcome

TODAY = datetime.date(2026, 11, 22)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tier_s():
    local_authority = synthetic.generate_tier(tier="S", today=TODAY)
    summary = impact.generate_impact(local_authority=local_authority, today=TODAY)
    return local_authority, summary


def test_generate_impact_makes_measures_in_proportion_to_the_plan(tier_s):
    local_authority, summary = tier_s
    measures = Measure.objects.filter(local_authority=local_authority)

    assert summary.measures == measures.count() == 10
    assert MeasureValue.objects.filter(measure__local_authority=local_authority).count() == (
        summary.values
    )
    assert all(measure.targets.exists() for measure in measures)
    assert all(measure.sections.exists() for measure in measures)
    monthly = measures.filter(frequency="monthly").first()
    assert monthly.values.count() in {22, 24}
    assert max(monthly.values.values_list("period_end", flat=True)) <= datetime.date(2026, 10, 31)


def test_generate_impact_adds_evidence_audits_and_verifications(tier_s):
    local_authority, summary = tier_s
    complete = Action.objects.filter(
        plan__local_authority=local_authority, status__in=COMPLETE_STATUSES
    )

    assert Evidence.objects.filter(local_authority=local_authority).count() == summary.evidence
    assert 0 < complete.filter(evidence__isnull=False).distinct().count() < complete.count()
    audits = Audit.objects.filter(local_authority=local_authority)
    assert audits.filter(kind=Audit.Kind.CASE_FILE_AUDIT).count() == 8
    assert all(audit.graded_count > 0 for audit in audits.filter(kind=Audit.Kind.CASE_FILE_AUDIT))
    verified = Action.objects.filter(
        plan__local_authority=local_authority, status=DeliveryStatus.VERIFIED
    ).count()
    assert summary.verifications == Verification.objects.count() <= verified


def test_generate_impact_leaves_outcomes_unmeasured(tier_s):
    local_authority, _ = tier_s

    assert ExpectedOutcome.objects.filter(
        section__plan__local_authority=local_authority, measures__isnull=True
    ).exists()
    assert ExpectedOutcome.objects.filter(
        section__plan__local_authority=local_authority, measures__isnull=False
    ).exists()


def _impact_rows(local_authority) -> list[tuple[object, ...]]:
    values = (
        MeasureValue.objects.filter(measure__local_authority=local_authority)
        .order_by("measure__reference", "period_end")
        .values_list("measure__reference", "period_end", "value")
    )
    evidence = (
        Evidence.objects.filter(local_authority=local_authority)
        .order_by("action__reference", "pk")
        .values_list("action__reference", "kind", "dated_on")
    )
    return [*values, *evidence]


def test_generate_impact_is_repeatable():
    made = []
    for name in ("Repeat Council", "Repeat Council Again"):
        local_authority = synthetic.generate_tier(tier="S", today=TODAY, name=name)
        impact.generate_impact(local_authority=local_authority, today=TODAY)
        made.append(_impact_rows(local_authority))

    assert made[0]
    assert made[0] == made[1]
