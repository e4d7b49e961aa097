"""Who may add, withdraw and download evidence. Turning ids into objects is done by
`tracker/performance/access.py`; these only decide what the user may do with them."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from tracker.accounts.models import User
from tracker.performance.models import Audit, Evidence, MeasureValue
from tracker.plans.access import user_can_record_progress
from tracker.plans.models import Action, ExpectedOutcome

# What a piece of evidence can be evidence of.
EvidenceOf = Action | ExpectedOutcome | MeasureValue | Audit

NOT_AN_ADDER_OF_ACTION = (
    "Only the action's owners, its thematic lead and the improvement team can add evidence to it."
)
NOT_AN_ADDER = "Only the improvement team can add evidence here."
NOT_A_WITHDRAWER = "Only the improvement team and the person who added it can withdraw evidence."
WITHDRAWN_FILE = "This evidence was withdrawn: only the improvement team can download its file."


def user_can_add_evidence(*, user: User, evidence_of: EvidenceOf) -> bool:
    """Editors add evidence anywhere; on an action, so does anyone who may record its progress
    (its owners, and the thematic lead of its section's theme). Outcomes, values and audits
    are the improvement team's (`user_can_add_evidence_beyond_actions`)."""
    if user_can_add_evidence_beyond_actions(user=user):
        return True
    if isinstance(evidence_of, Action):
        return user_can_record_progress(user=user, action=evidence_of)
    return False


def user_can_add_evidence_beyond_actions(*, user: User) -> bool:
    """Whether the user may add evidence to expected outcomes, measure values and audits:
    the improvement team (improvement leads and administrators)."""
    return user.can_edit_plans


def require_evidence_adder(*, user: User, evidence_of: EvidenceOf) -> None:
    """Refuse (403) anyone who may not add evidence to this."""
    if not user_can_add_evidence(user=user, evidence_of=evidence_of):
        raise PermissionDenied(
            NOT_AN_ADDER_OF_ACTION if isinstance(evidence_of, Action) else NOT_AN_ADDER
        )


def user_can_withdraw_evidence(*, user: User, evidence: Evidence) -> bool:
    """Editors withdraw any evidence; the person who added it may withdraw it while they may
    still add evidence to what it is evidence of (an owner who no longer owns the action may
    not)."""
    if user.can_edit_plans:
        return True
    if evidence.added_by_id is None or evidence.added_by_id != user.pk:
        return False
    return user_can_add_evidence(user=user, evidence_of=evidence_of(evidence))


def require_evidence_withdrawer(*, user: User, evidence: Evidence) -> None:
    """Refuse (403) anyone who may not withdraw this evidence."""
    if not user_can_withdraw_evidence(user=user, evidence=evidence):
        raise PermissionDenied(NOT_A_WITHDRAWER)


def user_can_download_evidence(*, user: User, evidence: Evidence) -> bool:
    """Everyone in the authority downloads evidence in use; once withdrawn, only the
    improvement team, who keep the record (decision 0007)."""
    if not evidence.is_withdrawn:
        return True
    return user.can_edit_plans


def require_evidence_downloader(*, user: User, evidence: Evidence) -> None:
    """Refuse (403) a download of a withdrawn file to anyone outside the improvement team."""
    if not user_can_download_evidence(user=user, evidence=evidence):
        raise PermissionDenied(WITHDRAWN_FILE)


def evidence_of(evidence: Evidence) -> EvidenceOf:
    """The action, expected outcome, measure value or audit the evidence is attached to."""
    for thing in (evidence.action, evidence.expected_outcome, evidence.measure_value):
        if thing is not None:
            return thing
    if evidence.audit is None:  # the database's check constraint rules this out
        raise ValueError(f"Evidence {evidence.pk} is attached to nothing")
    return evidence.audit
