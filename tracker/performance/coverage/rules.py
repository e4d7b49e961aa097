"""The coverage rules: what counts as a gap between a plan's recommendations and the proof
that its work makes a difference. One named, pure function per gap kind.

The chain a plan is read along is recommendation (or area for priority action) → sections →
actions → expected outcomes → measures → latest values → evidence and audits. Each rule looks
at one link of that chain and says whether it is missing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db import models

from tracker.performance.rules import Rag, latest_expected_period_end, rag_against_target
from tracker.plans.models import COMPLETE_STATUSES, DeliveryStatus


class GapKind(models.TextChoices):
    """The kinds of gap, in the order of the chain, with labels an officer reads."""

    RECOMMENDATION_UNANSWERED = (
        "recommendation_unanswered",
        "Recommendation nothing answers",
    )
    ACTION_WITHOUT_OUTCOME = "action_without_outcome", "Action with no expected outcome"
    OUTCOME_WITHOUT_MEASURE = "outcome_without_measure", "Outcome no measure shows"
    MEASURE_VALUE_MISSING = "measure_value_missing", "Measure with no value for its last period"
    MEASURE_OFF_TARGET = "measure_off_target", "Measure off target"
    COMPLETED_WITHOUT_EVIDENCE = (
        "completed_without_evidence",
        "Completed action with no evidence",
    )
    VERIFIED_WITHOUT_BACKING = "verified_without_backing", "Verified action with nothing behind it"

    @property
    def explanation(self) -> str:
        """What the gap means and how to close it, in an officer's words."""
        return GAP_EXPLANATIONS[self]

    @property
    def fix_hint(self) -> str:
        """The words of the link to where the gap can be fixed."""
        return GAP_FIX_HINTS[self]


GAP_EXPLANATIONS: dict[GapKind, str] = {
    GapKind.RECOMMENDATION_UNANSWERED: (
        "No action of the plan answers this recommendation or area for priority action: no "
        "section that lists it has an action, and no action is linked to it. Add an action "
        "to the section that answers it, or a section if there is none."
    ),
    GapKind.ACTION_WITHOUT_OUTCOME: (
        "The action's section has no expected outcomes, so nothing says what difference the "
        "action should make. Add the expected outcomes to the section."
    ),
    GapKind.OUTCOME_WITHOUT_MEASURE: (
        "No performance measure in use is linked to this expected outcome, so nothing shows "
        "whether it is being reached. Link a measure to the outcome."
    ),
    GapKind.MEASURE_VALUE_MISSING: (
        "The measure has no value for the last period whose figures should be in by now. "
        "Record or import the value."
    ),
    GapKind.MEASURE_OFF_TARGET: (
        "The measure's latest value is worse than its target by more than its tolerance "
        "(red under the target and tolerance rule)."
    ),
    GapKind.COMPLETED_WITHOUT_EVIDENCE: (
        "The action is marked complete but nothing shows it: no evidence is attached and no "
        "audit finding confirms it. Attach evidence or record a finding that confirms it."
    ),
    GapKind.VERIFIED_WITHOUT_BACKING: (
        "The action is verified as embedded, but no verification of it rests on evidence "
        "still in force or on an audit finding. Record a verification with what it rests on."
    ),
}

GAP_FIX_HINTS: dict[GapKind, str] = {
    GapKind.RECOMMENDATION_UNANSWERED: "Add a section or action",
    GapKind.ACTION_WITHOUT_OUTCOME: "Add expected outcomes to the section",
    GapKind.OUTCOME_WITHOUT_MEASURE: "Link a measure",
    GapKind.MEASURE_VALUE_MISSING: "Record the value",
    GapKind.MEASURE_OFF_TARGET: "Look at the measure",
    GapKind.COMPLETED_WITHOUT_EVIDENCE: "Add evidence",
    GapKind.VERIFIED_WITHOUT_BACKING: "Look at the verification",
}


def recommendation_is_unanswered(*, answering_action_count: int) -> bool:
    """Rule "A recommendation nothing answers": a recommendation or area for priority action
    of an inspection the plan answers (or one the plan's sections or actions name) that no
    action of the plan answers.

    An action answers a recommendation when its section lists the recommendation, or when the
    action itself is linked to it. A section that lists the recommendation but has no actions
    answers nothing yet.
    """
    return answering_action_count == 0


def action_has_no_outcome(*, section_outcome_count: int) -> bool:
    """Rule "An action with no outcome": an action whose section has no expected outcomes.

    An action is not linked to expected outcomes directly: the plan words its expected
    outcomes for a section (as the council's own document does, under each recommendation),
    and every action of that section works towards them. So an action has an outcome exactly
    when its section has at least one.
    """
    return section_outcome_count == 0


def outcome_has_no_measure(*, measure_count: int) -> bool:
    """Rule "An outcome no measure shows": an expected outcome that no performance measure in
    use (not retired) is linked to.

    Only a measure linked to the outcome itself counts; one linked only to the outcome's
    section or theme does not say which of the section's outcomes it shows.
    """
    return measure_count == 0


def measure_is_in_use(*, retired_on: datetime.date | None, today: datetime.date) -> bool:
    """A measure is in use until the day it is retired."""
    return retired_on is None or retired_on > today


def measure_value_is_missing(
    *,
    frequency: str,
    periods_with_values: Iterable[datetime.date],
    retired_on: datetime.date | None,
    today: datetime.date,
) -> bool:
    """Rule "A measure with no value for its last period": a measure in use with no value in
    force for the last period whose value should be in by today (the period rule,
    `latest_expected_period_end`).

    A measure retired on or before that period's end is not expected to have a value for it.
    """
    expected = latest_expected_period_end(frequency=frequency, today=today)
    if retired_on is not None and retired_on <= expected:
        return False
    return expected not in set(periods_with_values)


def measure_is_off_target(
    *,
    value: Decimal | None,
    target: Decimal | None,
    tolerance: Decimal,
    direction: str,
) -> bool:
    """Rule "A measure off target": the measure's latest value in force (the latest period
    with a value, its correction where it was corrected) is red against the target for that
    period under the target and tolerance rule (`rag_against_target`).

    Amber (worse than target, within tolerance) is not a gap; a measure with no target or
    no value is not rated, so not off target.
    """
    rag = rag_against_target(value=value, target=target, tolerance=tolerance, direction=direction)
    return rag == Rag.RED


def completed_action_has_no_evidence(
    *, status: str, live_evidence_count: int, confirming_finding_count: int
) -> bool:
    """Rule "A completed action with no evidence": an action that is completed, business as
    usual or verified as embedded, with no evidence attached to it that is still in force (not
    withdrawn) and no audit finding recorded as confirming it."""
    if status not in COMPLETE_STATUSES:
        return False
    return live_evidence_count == 0 and confirming_finding_count == 0


def verified_action_has_no_backing(*, status: str, backing_counts: Iterable[int]) -> bool:
    """Rule "An action verified with nothing behind it": an action verified as embedded with
    no verification that rests on at least one piece of evidence still in force or one audit
    finding.

    `backing_counts` holds, for each verification of the action, how many pieces of evidence
    not withdrawn and audit findings it rests on; an action marked verified with no
    verification recorded at all is a gap too.
    """
    if status != DeliveryStatus.VERIFIED:
        return False
    return not any(count > 0 for count in backing_counts)


def percentage(count: int, of: int) -> int:
    """`count` as a whole percentage of `of` (0 when there is nothing to count)."""
    return round(100 * count / of) if of else 0
