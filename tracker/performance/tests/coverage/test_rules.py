"""Each coverage rule, with the gap present and absent."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from tracker.performance.coverage import rules
from tracker.performance.coverage.rules import GapKind
from tracker.performance.models import Direction, Frequency
from tracker.plans.models import DeliveryStatus

TODAY = datetime.date(2026, 12, 6)


def test_every_gap_kind_has_a_label_explanation_and_fix_hint():
    for kind in GapKind:
        assert kind.label
        assert kind.explanation.endswith(".")
        assert kind.fix_hint


@pytest.mark.parametrize(("count", "gap"), [(0, True), (1, False), (5, False)])
def test_recommendation_is_unanswered_only_when_no_action_answers_it(count, gap):
    assert rules.recommendation_is_unanswered(answering_action_count=count) is gap


@pytest.mark.parametrize(("count", "gap"), [(0, True), (1, False)])
def test_action_has_no_outcome_when_its_section_has_none(count, gap):
    assert rules.action_has_no_outcome(section_outcome_count=count) is gap


@pytest.mark.parametrize(("count", "gap"), [(0, True), (2, False)])
def test_outcome_has_no_measure(count, gap):
    assert rules.outcome_has_no_measure(measure_count=count) is gap


def test_measure_is_in_use_until_the_day_it_is_retired():
    assert rules.measure_is_in_use(retired_on=None, today=TODAY) is True
    assert rules.measure_is_in_use(retired_on=TODAY + datetime.timedelta(days=1), today=TODAY)
    assert rules.measure_is_in_use(retired_on=TODAY, today=TODAY) is False


def test_measure_value_is_missing_for_the_last_expected_period():
    # On 6 December 2026 the last monthly value due is October's (due 30 November).
    october = datetime.date(2026, 10, 31)
    september = datetime.date(2026, 9, 30)
    assert (
        rules.measure_value_is_missing(
            frequency=Frequency.MONTHLY,
            periods_with_values=[september],
            retired_on=None,
            today=TODAY,
        )
        is True
    )
    assert (
        rules.measure_value_is_missing(
            frequency=Frequency.MONTHLY,
            periods_with_values=[september, october],
            retired_on=None,
            today=TODAY,
        )
        is False
    )


def test_measure_value_is_missing_follows_the_frequency():
    # The last quarter due by 6 December 2026 is the one to 30 September.
    assert (
        rules.measure_value_is_missing(
            frequency=Frequency.QUARTERLY,
            periods_with_values=[datetime.date(2026, 9, 30)],
            retired_on=None,
            today=TODAY,
        )
        is False
    )
    assert (
        rules.measure_value_is_missing(
            frequency=Frequency.ANNUAL,
            periods_with_values=[datetime.date(2025, 3, 31)],
            retired_on=None,
            today=TODAY,
        )
        is True
    )


def test_measure_value_is_not_missing_when_retired_before_the_period_ended():
    assert (
        rules.measure_value_is_missing(
            frequency=Frequency.MONTHLY,
            periods_with_values=[],
            retired_on=datetime.date(2026, 10, 1),
            today=TODAY,
        )
        is False
    )


@pytest.mark.parametrize(
    ("value", "direction", "gap"),
    [
        ("80", Direction.HIGHER_IS_BETTER, False),  # on target: green
        ("78", Direction.HIGHER_IS_BETTER, False),  # on the tolerance boundary: amber
        ("77.99", Direction.HIGHER_IS_BETTER, True),  # beyond tolerance: red
        ("82", Direction.LOWER_IS_BETTER, False),  # amber
        ("82.5", Direction.LOWER_IS_BETTER, True),  # red
    ],
)
def test_measure_is_off_target_only_when_red(value, direction, gap):
    assert (
        rules.measure_is_off_target(
            value=Decimal(value), target=Decimal("80"), tolerance=Decimal("2"), direction=direction
        )
        is gap
    )


def test_measure_without_target_or_value_is_not_off_target():
    for value, target in ((None, Decimal("1")), (Decimal("1"), None)):
        assert (
            rules.measure_is_off_target(
                value=value,
                target=target,
                tolerance=Decimal("0"),
                direction=Direction.HIGHER_IS_BETTER,
            )
            is False
        )


@pytest.mark.parametrize(
    "status",
    [DeliveryStatus.COMPLETED, DeliveryStatus.BUSINESS_AS_USUAL, DeliveryStatus.VERIFIED],
)
def test_completed_action_has_no_evidence(status):
    assert (
        rules.completed_action_has_no_evidence(
            status=status, live_evidence_count=0, confirming_finding_count=0
        )
        is True
    )
    assert (
        rules.completed_action_has_no_evidence(
            status=status, live_evidence_count=1, confirming_finding_count=0
        )
        is False
    )
    assert (
        rules.completed_action_has_no_evidence(
            status=status, live_evidence_count=0, confirming_finding_count=1
        )
        is False
    )


@pytest.mark.parametrize("status", [DeliveryStatus.NOT_STARTED, DeliveryStatus.IN_PROGRESS])
def test_action_not_complete_needs_no_evidence(status):
    assert (
        rules.completed_action_has_no_evidence(
            status=status, live_evidence_count=0, confirming_finding_count=0
        )
        is False
    )


def test_verified_action_has_no_backing():
    verified = DeliveryStatus.VERIFIED
    assert rules.verified_action_has_no_backing(status=verified, backing_counts=[]) is True
    assert rules.verified_action_has_no_backing(status=verified, backing_counts=[0, 0]) is True
    assert rules.verified_action_has_no_backing(status=verified, backing_counts=[0, 2]) is False
    assert (
        rules.verified_action_has_no_backing(status=DeliveryStatus.COMPLETED, backing_counts=[])
        is False
    )


def test_percentage_rounds_and_never_divides_by_zero():
    assert rules.percentage(1, 3) == 33
    assert rules.percentage(2, 3) == 67
    assert rules.percentage(0, 0) == 0
