"""Writes for quality assurance: audits and reviews, their findings, and the decisions that
verify an action as embedded. Every write is all or nothing and keeps history."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tracker.accounts.models import LocalAuthority, Post, User
from tracker.core.formatting import format_date
from tracker.core.history import lock_for_edit, save_changes, save_with_history
from tracker.performance.assurance import rules
from tracker.performance.models import Audit, Evidence, Finding, Verification
from tracker.plans import services as plan_services
from tracker.plans.access import user_can_verify_as_embedded, user_owns_action
from tracker.plans.models import Action, DeliveryStatus, Plan, Section, Theme

# Audits -------------------------------------------------------------------------------------------


def _validate_audit(
    *,
    local_authority: LocalAuthority,
    kind: str,
    title: str,
    carried_out_on: datetime.date | None,
    plan: Plan | None,
    lead: User | None,
    lead_name: str,
    sections: Sequence[Section],
    themes: Sequence[Theme],
    counts: dict[str, int | None],
    today: datetime.date,
) -> None:
    errors: dict[str, list[str]] = {}
    if kind not in Audit.Kind.values:
        errors["kind"] = ["Choose the kind of audit or review"]
    if not title.strip():
        errors["title"] = ["Enter the audit's title"]
    if carried_out_on is None:
        errors["carried_out_on"] = ["Enter the date of the audit"]
    elif carried_out_on > today:
        errors["carried_out_on"] = ["The date of the audit must be today or in the past"]
    if lead is None and not lead_name.strip():
        errors["lead"] = ["Choose who led the audit, or enter their name"]
    if lead is not None and lead.local_authority_id != local_authority.pk:
        errors["lead"] = ["Choose someone from this local authority"]
    if plan is not None and plan.local_authority_id != local_authority.pk:
        errors["plan"] = ["Choose a plan of this local authority"]
    for section in sections:
        if section.plan.local_authority_id != local_authority.pk:
            errors["sections"] = ["Choose sections of this local authority's plans"]
        elif plan is not None and section.plan_id != plan.pk:
            errors["sections"] = ["Choose sections of the plan the audit checks"]
    for theme in themes:
        if theme.plan.local_authority_id != local_authority.pk:
            errors["themes"] = ["Choose themes of this local authority's plans"]
        elif plan is not None and theme.plan_id != plan.pk:
            errors["themes"] = ["Choose themes of the plan the audit checks"]
    errors |= rules.grade_problems(kind=kind, counts=counts)
    if errors:
        raise ValidationError(errors)


def _counts(
    outstanding_count: int | None,
    good_count: int | None,
    requires_improvement_count: int | None,
    inadequate_count: int | None,
) -> dict[str, int | None]:
    return {
        "outstanding_count": outstanding_count,
        "good_count": good_count,
        "requires_improvement_count": requires_improvement_count,
        "inadequate_count": inadequate_count,
    }


@transaction.atomic
def audit_create(
    *,
    user: User | None,
    local_authority: LocalAuthority,
    kind: str,
    title: str,
    carried_out_on: datetime.date | None,
    plan: Plan | None = None,
    lead: User | None = None,
    lead_name: str = "",
    scope: str = "",
    sections: Sequence[Section] = (),
    themes: Sequence[Theme] = (),
    outstanding_count: int | None = None,
    good_count: int | None = None,
    requires_improvement_count: int | None = None,
    inadequate_count: int | None = None,
    summary: str = "",
    today: datetime.date | None = None,
) -> Audit:
    """Record an audit or review: its kind, date, lead, scope and, for a case file audit or
    thematic audit, how many cases of the sample were graded outstanding, good, requires
    improvement or inadequate (all four, or none: `rules.grade_problems`)."""
    counts = _counts(outstanding_count, good_count, requires_improvement_count, inadequate_count)
    _validate_audit(
        local_authority=local_authority,
        kind=kind,
        title=title,
        carried_out_on=carried_out_on,
        plan=plan,
        lead=lead,
        lead_name=lead_name,
        sections=sections,
        themes=themes,
        counts=counts,
        today=today or timezone.localdate(),
    )
    assert carried_out_on is not None  # noqa: S101 - refused above otherwise
    audit = Audit(
        local_authority=local_authority,
        plan=plan,
        kind=kind,
        title=title.strip(),
        carried_out_on=carried_out_on,
        lead=lead,
        lead_name=lead_name.strip(),
        scope=scope.strip(),
        summary=summary.strip(),
        **counts,
    )
    save_with_history(audit, user)
    audit.sections.set(list(sections))
    audit.themes.set(list(themes))
    return audit


@transaction.atomic
def audit_update(
    *,
    user: User | None,
    audit: Audit,
    expected_version: int | None,
    kind: str,
    title: str,
    carried_out_on: datetime.date | None,
    plan: Plan | None = None,
    lead: User | None = None,
    lead_name: str = "",
    scope: str = "",
    sections: Sequence[Section] = (),
    themes: Sequence[Theme] = (),
    outstanding_count: int | None = None,
    good_count: int | None = None,
    requires_improvement_count: int | None = None,
    inadequate_count: int | None = None,
    summary: str = "",
    today: datetime.date | None = None,
) -> Audit:
    """Change an audit, refusing a stale edit. Its plan can change only while none of its
    findings confirms or became an action of the plan it checked."""
    audit = lock_for_edit(audit, thing="audit", expected_version=expected_version)
    counts = _counts(outstanding_count, good_count, requires_improvement_count, inadequate_count)
    _validate_audit(
        local_authority=audit.local_authority,
        kind=kind,
        title=title,
        carried_out_on=carried_out_on,
        plan=plan,
        lead=lead,
        lead_name=lead_name,
        sections=sections,
        themes=themes,
        counts=counts,
        today=today or timezone.localdate(),
    )
    new_plan_id = plan.pk if plan is not None else None
    if audit.plan_id is not None and new_plan_id != audit.plan_id:
        linked = (
            Finding.objects.filter(audit=audit)
            .filter(Q(confirms_actions__isnull=False) | Q(resulting_action__isnull=False))
            .exists()
        )
        if linked:
            raise ValidationError(
                {
                    "plan": [
                        "Findings of this audit confirm or became actions of its plan, so the "
                        "plan cannot change"
                    ]
                }
            )
    save_changes(
        audit,
        user=user,
        kind=kind,
        title=title.strip(),
        carried_out_on=carried_out_on,
        plan=plan,
        lead=lead,
        lead_name=lead_name.strip(),
        scope=scope.strip(),
        summary=summary.strip(),
        **counts,
    )
    audit.sections.set(list(sections))
    audit.themes.set(list(themes))
    return audit


# Findings -----------------------------------------------------------------------------------------


def _validate_finding(
    *, audit: Audit, kind: str, text: str, number: int, exclude_pk: int | None
) -> None:
    errors: dict[str, list[str]] = {}
    if kind not in Finding.Kind.values:
        errors["kind"] = ["Choose whether the finding is a strength or an area for improvement"]
    if not text.strip():
        errors["text"] = ["Enter the finding"]
    others = Finding.objects.filter(audit=audit, number=number)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if number < 1:
        errors["number"] = ["The finding's number must be 1 or more"]
    elif others.exists():
        errors["number"] = [f"The audit already has a finding {number}"]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def finding_add(
    *, user: User | None, audit: Audit, kind: str, text: str, number: int | None = None
) -> Finding:
    """Add a finding to an audit, numbered after the last one unless a number is given."""
    # Lock the audit so that two findings added at once do not take the same number.
    Audit.objects.select_for_update(of=("self",)).filter(pk=audit.pk).first()
    if number is None:
        last = audit.findings.order_by("-number").values_list("number", flat=True).first()
        number = (last or 0) + 1
    _validate_finding(audit=audit, kind=kind, text=text, number=number, exclude_pk=None)
    finding = Finding(audit=audit, number=number, kind=kind, text=text.strip())
    save_with_history(finding, user)
    return finding


@transaction.atomic
def finding_update(
    *,
    user: User | None,
    finding: Finding,
    expected_version: int | None,
    kind: str,
    text: str,
    number: int,
) -> Finding:
    """Change a finding's number, kind or words, refusing a stale edit."""
    audit = finding.audit
    finding = lock_for_edit(finding, thing="finding", expected_version=expected_version)
    _validate_finding(audit=audit, kind=kind, text=text, number=number, exclude_pk=finding.pk)
    return save_changes(finding, user=user, kind=kind, text=text.strip(), number=number)


def _actions_problem(*, audit: Audit, actions: Sequence[Action]) -> str:
    for action in actions:
        if audit.plan_id is not None and action.plan_id != audit.plan_id:
            return "Choose actions of the plan the audit checks"
        if action.plan.local_authority_id != audit.local_authority_id:
            return "Choose actions of this local authority's plans"
    return ""


@transaction.atomic
def finding_confirm_actions(
    *,
    user: User | None,
    finding: Finding,
    actions: Sequence[Action],
    expected_version: int | None = None,
) -> Finding:
    """Record the plan actions a finding shows are done and making a difference (replacing
    those recorded before). Only actions of the audit's plan, or of its local authority's
    plans when the audit checks no one plan. A verification already made keeps the findings
    it rested on."""
    audit = finding.audit
    finding = lock_for_edit(finding, thing="finding", expected_version=expected_version)
    problem = _actions_problem(audit=audit, actions=actions)
    if problem:
        raise ValidationError({"actions": [problem]})
    save_changes(finding, user=user)
    finding.confirms_actions.set(list(actions))
    return finding


@transaction.atomic
def finding_make_action(
    *,
    user: User | None,
    finding: Finding,
    section: Section,
    reference: str,
    description: str,
    owner_posts: Sequence[Post] = (),
    owner_users: Sequence[User] = (),
    due_on: datetime.date | None = None,
) -> Action:
    """Turn a finding into a new action of the plan and link the two.

    Refused for a finding already made an action, and for a section outside the audit's plan
    (or its local authority, when the audit checks no one plan). The action is created
    through the plans app's service, so it gets that service's checks (unique reference,
    owners of this authority, dates).
    """
    audit = finding.audit
    # Not `lock_for_edit`: the form names no version to check.
    finding = Finding.objects.select_for_update(of=("self",)).get(pk=finding.pk)
    if finding.resulting_action_id is not None:
        raise ValidationError("This finding has already been made into a plan action")
    if section.plan.local_authority_id != audit.local_authority_id:
        raise ValidationError({"section": ["Choose a section of this local authority's plans"]})
    if audit.plan_id is not None and section.plan_id != audit.plan_id:
        raise ValidationError({"section": ["Choose a section of the plan the audit checks"]})
    action = plan_services.action_create(
        user=user,
        section=section,
        reference=reference,
        description=description,
        owner_posts=owner_posts,
        owner_users=owner_users,
        due_on=due_on,
    )
    save_changes(finding, user=user, resulting_action=action)
    return action


# Verification -------------------------------------------------------------------------------------

NOT_A_VERIFIER = (
    "Only an improvement lead or the theme's thematic lead can verify an action as embedded"
)
OWNER_CANNOT_VERIFY = (
    "You own this action, so you cannot verify it as embedded: an improvement lead or the "
    "theme's thematic lead does that"
)


def _evidence_problems(*, action: Action, evidence: Sequence[Evidence]) -> list[str]:
    outcome_ids = set(action.section.expected_outcomes.values_list("pk", flat=True))
    problems = []
    for item in evidence:
        problem = rules.evidence_problem(
            title=item.title,
            is_withdrawn=item.is_withdrawn,
            of_this_action=item.action_id == action.pk,
            of_its_sections_outcome=item.expected_outcome_id in outcome_ids,
        )
        if problem:
            problems.append(problem)
    return problems


def _findings_problems(*, action: Action, findings: Sequence[Finding]) -> list[str]:
    confirming = set(action.confirming_findings.values_list("pk", flat=True))
    return [
        f"Finding {finding.number} of “{finding.audit.title}” is not recorded as confirming "
        "this action, so it cannot support this verification"
        for finding in findings
        if finding.pk not in confirming
    ]


@transaction.atomic
def action_verify_as_embedded(
    *,
    user: User,
    action: Action,
    decided_on: datetime.date | None,
    rationale: str,
    evidence: Sequence[Evidence] = (),
    findings: Sequence[Finding] = (),
    today: datetime.date | None = None,
) -> Verification:
    """Record a lead's decision that an action is verified as embedded, and what it rests on,
    and set the action's delivery status to "Verified as embedded".

    The only way to that status (the plans service refuses it from recording progress). The
    decision is an independent check: an improvement lead or the theme's thematic lead makes
    it, never one of the action's owners. It rests on at least one piece of evidence or audit
    finding (`rules.verification_problem`): the action's own evidence or its section's
    expected outcomes', not withdrawn, and findings recorded as confirming the action.
    """
    today = today or timezone.localdate()
    # Locked, so two leads verifying at once make one decision each in turn: the second sees
    # the first's progress entry (and its date rule) rather than racing it.
    action = (
        Action.objects.select_for_update(of=("self",))
        .select_related("section", "plan", "latest_update")
        .get(pk=action.pk)
    )
    if not user_can_verify_as_embedded(user=user, action=action):
        raise ValidationError(
            OWNER_CANNOT_VERIFY if user_owns_action(user=user, action=action) else NOT_A_VERIFIER
        )
    errors: dict[str, list[str]] = {}
    if not rationale.strip():
        errors["rationale"] = ["Enter why the action is embedded"]
    latest = action.latest_update
    if decided_on is None:
        errors["decided_on"] = ["Enter the date of the decision"]
    elif decided_on > today:
        errors["decided_on"] = ["The date of the decision must be today or in the past"]
    elif latest is not None and decided_on < latest.recorded_on:
        errors["decided_on"] = [
            "The date of the decision must be on or after the action's latest progress entry, "
            f"{format_date(latest.recorded_on)}"
        ]
    if evidence_problems := _evidence_problems(action=action, evidence=evidence):
        errors["evidence"] = evidence_problems
    if findings_problems := _findings_problems(action=action, findings=findings):
        errors["findings"] = findings_problems
    if not errors and (
        problem := rules.verification_problem(
            evidence_count=len(evidence), finding_count=len(findings)
        )
    ):
        errors[NON_FIELD_ERRORS] = [problem]
    if errors:
        raise ValidationError(errors)
    assert decided_on is not None  # noqa: S101 - refused above otherwise

    verification = Verification(
        action=action,
        decided_by=user,
        decided_by_name=str(user),
        decided_on=decided_on,
        rationale=rationale.strip(),
    )
    save_with_history(verification, user)
    verification.evidence.set(list(evidence))
    verification.findings.set(list(findings))
    plan_services.action_record_progress(
        user=user,
        action=action,
        expected_version=None,
        narrative=f"Verified as embedded: {rationale.strip()}",
        status=DeliveryStatus.VERIFIED,
        recorded_on=decided_on,
        today=today,
        through_verification=True,
    )
    return verification
