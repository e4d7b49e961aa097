"""Reads for quality assurance pages: the audit list, an audit with its findings, and what an
action's verification rests on. Each makes a fixed number of queries, however many audits,
findings and actions there are."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from tracker.accounts.models import LocalAuthority
from tracker.performance.assurance import rules
from tracker.performance.models import Audit, Evidence, Finding, Verification
from tracker.plans.models import Action


@dataclass(frozen=True)
class AuditRow:
    audit: Audit
    lead: str
    finding_count: int
    graded_count: int
    good_or_better: int | None


def audit_list(
    *, local_authority: LocalAuthority, kind: str = "", year: int | None = None
) -> list[AuditRow]:
    """The local authority's audits and reviews, latest first, optionally of one kind or one
    calendar year, each with its number of findings and the share of its sample graded good
    or better. One query."""
    audits = (
        Audit.objects.filter(local_authority=local_authority)
        .select_related("plan", "lead")
        .annotate(finding_count=Count("findings"))
    )
    if kind:
        audits = audits.filter(kind=kind)
    if year is not None:
        audits = audits.filter(carried_out_on__year=year)
    rows = []
    for audit in audits:
        counts = rules.audit_grade_counts(audit)
        rows.append(
            AuditRow(
                audit=audit,
                lead=_lead(audit),
                finding_count=audit.finding_count,
                graded_count=audit.graded_count,
                good_or_better=rules.percentage_good_or_better(counts=counts),
            )
        )
    return rows


def audit_years(*, local_authority: LocalAuthority) -> list[int]:
    """The calendar years the local authority has audits in, latest first (for the filter)."""
    dates = Audit.objects.filter(local_authority=local_authority).dates(
        "carried_out_on", "year", order="DESC"
    )
    return [date.year for date in dates]


def _lead(audit: Audit) -> str:
    if audit.lead is not None:
        return str(audit.lead)
    return audit.lead_name


@dataclass(frozen=True)
class FindingRow:
    finding: Finding
    confirms: list[Action]
    resulting_action: Action | None


@dataclass(frozen=True)
class AuditDetail:
    audit: Audit
    lead: str
    sections: list[object]
    themes: list[object]
    grades: list[rules.GradeRow]
    graded_count: int
    good_or_better: int | None
    findings: list[FindingRow]
    evidence: list[Evidence]


def audit_get_detail(*, audit: Audit) -> AuditDetail:
    """An audit with its grades (counts and percentages), its findings with the actions they
    confirm or became, and the evidence attached to it. A fixed number of queries."""
    audit = (
        Audit.objects.select_related("plan", "lead")
        .prefetch_related(
            "sections",
            "themes",
            Prefetch(
                "findings",
                queryset=Finding.objects.select_related(
                    "resulting_action__plan", "resulting_action__section"
                ).prefetch_related(
                    Prefetch(
                        "confirms_actions",
                        queryset=Action.objects.select_related("plan", "section").order_by(
                            "section__number", "position", "pk"
                        ),
                    )
                ),
            ),
            Prefetch(
                "evidence",
                queryset=Evidence.objects.select_related("added_by").order_by("-dated_on", "-pk"),
            ),
        )
        .get(pk=audit.pk)
    )
    counts = rules.audit_grade_counts(audit)
    return AuditDetail(
        audit=audit,
        lead=_lead(audit),
        sections=list(audit.sections.all()),
        themes=list(audit.themes.all()),
        grades=rules.grade_rows(counts=counts),
        graded_count=audit.graded_count,
        good_or_better=rules.percentage_good_or_better(counts=counts),
        findings=[
            FindingRow(
                finding=finding,
                confirms=list(finding.confirms_actions.all()),
                resulting_action=finding.resulting_action,
            )
            for finding in audit.findings.all()
        ],
        evidence=list(audit.evidence.all()),
    )


def audit_action_choices(*, audit: Audit) -> QuerySet[Action]:
    """The actions a finding of the audit may confirm: those of the audit's plan, or of its
    local authority's plans when it checks no one plan."""
    actions = Action.objects.select_related("plan", "section")
    if audit.plan_id is not None:
        actions = actions.filter(plan_id=audit.plan_id)
    else:
        actions = actions.filter(plan__local_authority_id=audit.local_authority_id)
    return actions.order_by("plan__title", "section__number", "position", "pk")


# Verification -------------------------------------------------------------------------------------


def action_evidence_choices(*, action: Action) -> QuerySet[Evidence]:
    """The evidence a verification of the action may rest on: the action's own and its
    section's expected outcomes', not withdrawn."""
    return (
        Evidence.objects.filter(
            Q(action_id=action.pk) | Q(expected_outcome__section_id=action.section_id),
            withdrawn_at__isnull=True,
        )
        .select_related("expected_outcome")
        .order_by("-dated_on", "-pk")
    )


def action_finding_choices(*, action: Action) -> QuerySet[Finding]:
    """The audit findings recorded as confirming the action."""
    return (
        Finding.objects.filter(confirms_actions=action)
        .select_related("audit")
        .order_by("-audit__carried_out_on", "audit_id", "number")
    )


@dataclass(frozen=True)
class ActionAssurance:
    confirming_findings: list[Finding]
    verifications: list[Verification]

    @property
    def verification(self) -> Verification | None:
        """The latest decision."""
        return self.verifications[0] if self.verifications else None


def action_get_assurance(*, action: Action) -> ActionAssurance:
    """The findings that confirm an action, and its verification decisions (latest first)
    with who made them, when, why and the evidence and findings each rests on. Three
    queries, whatever the plan's size."""
    verifications = list(
        Verification.objects.filter(action=action)
        .select_related("decided_by")
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("-dated_on", "-pk")),
            Prefetch(
                "findings", queryset=Finding.objects.select_related("audit").order_by("number")
            ),
        )
        .order_by("-decided_on", "-pk")
    )
    return ActionAssurance(
        confirming_findings=list(action_finding_choices(action=action)),
        verifications=verifications,
    )
