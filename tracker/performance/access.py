"""The only way to turn measure, target, value, audit, finding, evidence and expected outcome
ids into objects: each raises Http404 both when the record does not exist and when it belongs
to another local authority. Who may change them is decided by the sub-areas' access modules
and `tracker.accounts.access.require_plan_editor`."""

from __future__ import annotations

from django.http import Http404

from tracker.accounts.access import council_authority_for_user, local_authority_for_user
from tracker.accounts.models import User
from tracker.performance.models import Audit, Evidence, Finding, Measure, MeasureValue, Target
from tracker.plans.access import user_may_see_plan
from tracker.plans.models import ExpectedOutcome


def measure_get_for_user(*, user: User, measure_id: int) -> Measure:
    """A measure of the user's local authority; otherwise 404. The scorecard is the
    council's own: 403 for a partner organisation's people."""
    local_authority = council_authority_for_user(user=user)
    measure = Measure.objects.filter(pk=measure_id).first()
    if measure is None:
        raise Http404("No such measure")
    if measure.local_authority_id != local_authority.pk:
        raise Http404("No such measure")
    return measure


def target_get_for_user(*, user: User, measure_id: int, target_id: int) -> Target:
    """A target of a measure the user may see; otherwise 404."""
    measure = measure_get_for_user(user=user, measure_id=measure_id)
    target = Target.objects.filter(pk=target_id).first()
    if target is None:
        raise Http404("No such target")
    if target.measure_id != measure.pk:
        raise Http404("No such target")
    target.measure = measure
    return target


def measure_value_get_for_user(*, user: User, measure_id: int, value_id: int) -> MeasureValue:
    """A value of a measure the user may see; otherwise 404."""
    measure = measure_get_for_user(user=user, measure_id=measure_id)
    value = MeasureValue.objects.filter(pk=value_id).first()
    if value is None:
        raise Http404("No such value")
    if value.measure_id != measure.pk:
        raise Http404("No such value")
    value.measure = measure
    return value


def audit_get_for_user(*, user: User, audit_id: int) -> Audit:
    """An audit or review of the user's local authority; otherwise 404. Audits and their
    findings are the council's own: 403 for a partner organisation's people."""
    local_authority = council_authority_for_user(user=user)
    audit = Audit.objects.filter(pk=audit_id).first()
    if audit is None:
        raise Http404("No such audit")
    if audit.local_authority_id != local_authority.pk:
        raise Http404("No such audit")
    return audit


def finding_get_for_user(*, user: User, audit_id: int, finding_id: int) -> Finding:
    """A finding of an audit the user may see; otherwise 404."""
    audit = audit_get_for_user(user=user, audit_id=audit_id)
    finding = Finding.objects.filter(pk=finding_id).first()
    if finding is None:
        raise Http404("No such finding")
    if finding.audit_id != audit.pk:
        raise Http404("No such finding")
    finding.audit = audit
    return finding


def evidence_get_for_user(*, user: User, evidence_id: int) -> Evidence:
    """A piece of evidence of the user's local authority (withdrawn or not); otherwise 404.
    Someone of a partner organisation sees only the evidence of actions and expected
    outcomes of plans shared with it; anything else is 404 to them."""
    local_authority = local_authority_for_user(user=user)
    evidence = Evidence.objects.filter(pk=evidence_id).first()
    if evidence is None:
        raise Http404("No such evidence")
    if evidence.local_authority_id != local_authority.pk:
        raise Http404("No such evidence")
    if user.is_partner and not _partner_may_see_evidence(user=user, evidence=evidence):
        raise Http404("No such evidence")
    return evidence


def _partner_may_see_evidence(*, user: User, evidence: Evidence) -> bool:
    """Evidence of an action or expected outcome of a plan shared with the partner."""
    if evidence.action_id is not None:
        plan = evidence.action.plan  # type: ignore[union-attr]
    elif evidence.expected_outcome_id is not None:
        plan = evidence.expected_outcome.section.plan  # type: ignore[union-attr]
    else:
        return False
    return user_may_see_plan(user=user, plan=plan)


def expected_outcome_get_for_user(*, user: User, outcome_id: int) -> ExpectedOutcome:
    """An expected outcome of a plan of the user's local authority; otherwise 404."""
    local_authority = local_authority_for_user(user=user)
    outcome = ExpectedOutcome.objects.select_related("section__plan").filter(pk=outcome_id).first()
    if outcome is None:
        raise Http404("No such expected outcome")
    if outcome.section.plan.local_authority_id != local_authority.pk:
        raise Http404("No such expected outcome")
    if not user_may_see_plan(user=user, plan=outcome.section.plan):
        raise Http404("No such expected outcome")
    return outcome
