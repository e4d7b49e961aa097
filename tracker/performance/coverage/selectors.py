"""Reads for coverage and traceability: a plan followed from each recommendation (and area
for priority action) through its sections, actions, expected outcomes, measures and their
latest values, to the evidence and audits behind them, with every gap the coverage rules
(`coverage/rules.py`) find.

Everything is read in a fixed number of queries, whatever the size of the plan or the number
of plans: each kind of row comes in one query for all the plans asked about, and the tree is
put together in Python.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone

from tracker.core import data_version
from tracker.inspections.models import Recommendation
from tracker.performance.coverage import rules
from tracker.performance.coverage.rules import GapKind
from tracker.performance.models import (
    Audit,
    Evidence,
    Finding,
    Measure,
    MeasureValue,
    Target,
    Verification,
    period_label,
)
from tracker.performance.rules import (
    Rag,
    latest_expected_period_end,
    rag_against_target,
    target_for_period,
)
from tracker.plans.models import (
    COMPLETE_STATUSES,
    Action,
    DeliveryStatus,
    ExpectedOutcome,
    Plan,
    Section,
    Theme,
)

# The kinds of inspection text a plan answers (areas for improvement and findings are not
# followed unless a section or action names them).
ANSWERED_KINDS = (
    Recommendation.Kind.RECOMMENDATION,
    Recommendation.Kind.AREA_FOR_PRIORITY_ACTION,
)


# The tree -----------------------------------------------------------------------------------------


@dataclass
class EvidenceRef:
    id: int
    title: str
    kind_label: str
    dated_on: datetime.date
    url: str


@dataclass
class FindingRef:
    id: int
    number: int
    text: str
    kind_label: str
    audit_title: str
    audit_on: datetime.date
    url: str


@dataclass
class AuditRef:
    id: int
    title: str
    kind_label: str
    carried_out_on: datetime.date
    url: str


@dataclass
class VerificationRef:
    id: int
    decided_on: datetime.date
    decided_by_name: str
    backing_count: int


@dataclass
class LatestValue:
    """A measure's value in force for its latest period with a value, rated against target."""

    id: int
    period_end: datetime.date
    period_label: str
    value: Decimal
    target: Decimal | None
    rag: str
    evidence: list[EvidenceRef] = field(default_factory=list)

    @property
    def rag_word(self) -> str:
        return Rag.word(self.rag)


@dataclass
class MeasureNode:
    id: int
    reference: str
    name: str
    url: str
    frequency_label: str
    unit_label: str
    is_in_use: bool
    expected_period_end: datetime.date
    expected_period_label: str
    latest: LatestValue | None
    gaps: list[str] = field(default_factory=list)


@dataclass
class OutcomeNode:
    id: int
    reference: str
    text: str
    section_id: int
    measures: list[MeasureNode] = field(default_factory=list)
    evidence: list[EvidenceRef] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)


@dataclass
class ActionNode:
    id: int
    reference: str
    description: str
    status: str
    status_label: str
    section_id: int
    url: str
    evidence: list[EvidenceRef] = field(default_factory=list)
    findings: list[FindingRef] = field(default_factory=list)
    verifications: list[VerificationRef] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)


@dataclass
class SectionNode:
    id: int
    number: int
    title: str
    theme_id: int | None
    theme_name: str
    url: str
    edit_url: str
    recommendation_ids: list[int] = field(default_factory=list)
    actions: list[ActionNode] = field(default_factory=list)
    outcomes: list[OutcomeNode] = field(default_factory=list)
    measures: list[MeasureNode] = field(default_factory=list)
    audits: list[AuditRef] = field(default_factory=list)


@dataclass
class RecommendationNode:
    id: int
    kind: str
    kind_label: str
    number: int
    reference: str
    text: str
    inspection_label: str
    url: str
    sections: list[SectionNode] = field(default_factory=list)
    linked_actions: list[ActionNode] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Gap:
    """One gap: what kind, which record (its id and reference), and where to fix it."""

    kind: str
    object_id: int
    reference: str
    text: str
    url: str
    theme_ids: frozenset[int] = frozenset()
    recommendation_ids: frozenset[int] = frozenset()

    @property
    def kind_label(self) -> str:
        return str(GapKind(self.kind).label)

    @property
    def fix_label(self) -> str:
        return GapKind(self.kind).fix_hint


@dataclass(frozen=True)
class KindTotal:
    """How many records of a kind have the gap, out of how many could have it."""

    kind: str
    count: int
    of: int
    of_noun: str

    @property
    def label(self) -> str:
        return str(GapKind(self.kind).label)

    @property
    def explanation(self) -> str:
        return GapKind(self.kind).explanation

    @property
    def percent(self) -> int:
        return rules.percentage(self.count, self.of)


# What each kind's count is out of.
OF_NOUNS = {
    GapKind.RECOMMENDATION_UNANSWERED: "recommendations and areas for priority action",
    GapKind.ACTION_WITHOUT_OUTCOME: "actions",
    GapKind.OUTCOME_WITHOUT_MEASURE: "expected outcomes",
    GapKind.MEASURE_VALUE_MISSING: "measures in use",
    GapKind.MEASURE_OFF_TARGET: "measures in use",
    GapKind.COMPLETED_WITHOUT_EVIDENCE: "completed actions",
    GapKind.VERIFIED_WITHOUT_BACKING: "actions verified as embedded",
}


@dataclass
class CoverageSummary:
    """A plan's gap counts by kind, for the dashboard and the plan page."""

    plan_id: int
    totals: list[KindTotal]

    @property
    def gap_count(self) -> int:
        return sum(total.count for total in self.totals)

    def total_for(self, kind: str) -> KindTotal:
        return next(total for total in self.totals if total.kind == kind)


@dataclass
class PlanCoverage:
    """A plan's traceability tree, its gaps and their totals."""

    plan_id: int
    plan_title: str
    today: datetime.date
    recommendations: list[RecommendationNode]
    unlinked_sections: list[SectionNode]
    sections: list[SectionNode]
    measures: list[MeasureNode]
    gaps: list[Gap]
    totals: list[KindTotal]
    themes: list[tuple[int, str]] = field(default_factory=list)

    @property
    def gap_count(self) -> int:
        return len(self.gaps)

    @property
    def summary(self) -> CoverageSummary:
        return CoverageSummary(plan_id=self.plan_id, totals=self.totals)

    def gaps_of(self, kind: str) -> list[Gap]:
        return [gap for gap in self.gaps if gap.kind == kind]


# Reading ------------------------------------------------------------------------------------------


_URL_ID = 2_147_483_647  # stands in for the last id while a URL is reversed once
_url_patterns: dict[tuple[object, ...], tuple[str, str]] = {}


def _id_url(name: str, *args: int, pk: int) -> str:
    """`reverse(name, args=[*args, pk])`, reversing once per name and leading arguments: a
    page of coverage makes a URL for every action, section and piece of evidence, and
    `reverse` is most of the cost of making them."""
    key = (get_script_prefix(), get_urlconf(), name, args)
    parts = _url_patterns.get(key)
    if parts is None:
        head, _, tail = reverse(name, args=[*args, _URL_ID]).partition(str(_URL_ID))
        parts = _url_patterns[key] = (head, tail)
    return f"{parts[0]}{pk}{parts[1]}"


def _evidence_ref(evidence: Any) -> EvidenceRef:
    """`evidence` is a row with pk, title, kind and dated_on."""
    return EvidenceRef(
        id=evidence.pk,
        title=evidence.title,
        kind_label=str(Evidence.Kind(evidence.kind).label),
        dated_on=evidence.dated_on,
        url=_id_url("performance:evidence_detail", pk=evidence.pk),
    )


def _recommendation_reference(recommendation: Recommendation) -> str:
    return f"{recommendation.get_kind_display()} {recommendation.number}"


@dataclass
class _Rows:
    """Every row the plans' coverage needs, read in a fixed number of queries."""

    plans: list[Plan]
    themes: list[Theme]
    sections: list[Any]  # named rows: pk, plan_id, number, title, theme_id
    section_recommendations: list[tuple[int, int]]
    action_recommendations: list[tuple[int, int]]
    plan_inspections: list[tuple[int, int]]
    recommendations: list[Recommendation]
    actions: list[Any]  # named rows: pk, plan_id, section_id, reference, description, status,
    # position
    outcomes: list[ExpectedOutcome]
    measure_outcomes: list[tuple[int, int]]
    measure_sections: list[tuple[int, int]]
    measure_themes: list[tuple[int, int]]
    measures: list[Measure]
    targets: dict[int, list[tuple[datetime.date, Decimal]]]
    current_values: list[Any]  # named rows: pk, measure_id, period_end, value
    evidence: list[Any]  # named rows: pk, title, kind, dated_on and the three links
    confirming: list[tuple[int, Finding]]
    section_audits: list[tuple[int, Audit]]
    theme_audits: list[tuple[int, Audit]]
    verifications: list[tuple[int, VerificationRef]]


def _read(plans: list[Plan], *, with_audits: bool = True) -> _Rows:
    """The rows; `with_audits=False` leaves out the audits of sections and themes, which
    only the tree shows (no gap depends on them)."""
    plan_ids = [plan.pk for plan in plans]
    themes = list(Theme.objects.filter(plan_id__in=plan_ids).order_by("position", "name"))
    # Plain rows, not model instances: there is one for every section, action and value.
    sections: list[Any] = list(
        Section.objects.filter(plan_id__in=plan_ids)
        .order_by("plan_id", "number")
        .values_list("pk", "plan_id", "number", "title", "theme_id", named=True)
    )
    section_recommendations = list(
        Section.recommendations.through.objects.filter(section__plan_id__in=plan_ids).values_list(
            "section_id", "recommendation_id"
        )
    )
    action_recommendations = list(
        Action.linked_recommendations.through.objects.filter(
            action__plan_id__in=plan_ids
        ).values_list("action_id", "recommendation_id")
    )
    plan_inspections = list(
        Plan.inspections.through.objects.filter(plan_id__in=plan_ids).values_list(
            "plan_id", "inspection_id"
        )
    )
    named = {r for _, r in section_recommendations} | {r for _, r in action_recommendations}
    recommendations = list(
        Recommendation.objects.filter(
            Q(inspection_id__in={i for _, i in plan_inspections}, kind__in=ANSWERED_KINDS)
            | Q(pk__in=named)
        )
        .select_related("inspection")
        .order_by("inspection__started_on", "inspection_id", "kind", "number")
    )
    actions: list[Any] = list(
        Action.objects.filter(plan_id__in=plan_ids)
        .order_by("plan_id", "position", "pk")
        .values_list(
            "pk",
            "plan_id",
            "section_id",
            "reference",
            "description",
            "status",
            "position",
            named=True,
        )
    )
    outcomes = list(
        ExpectedOutcome.objects.filter(section__plan_id__in=plan_ids).order_by(
            "section_id", "position", "pk"
        )
    )
    measure_outcomes = list(
        Measure.expected_outcomes.through.objects.filter(
            expectedoutcome__section__plan_id__in=plan_ids
        ).values_list("measure_id", "expectedoutcome_id")
    )
    measure_sections = list(
        Measure.sections.through.objects.filter(section__plan_id__in=plan_ids).values_list(
            "measure_id", "section_id"
        )
    )
    measure_themes = list(
        Measure.themes.through.objects.filter(theme__plan_id__in=plan_ids).values_list(
            "measure_id", "theme_id"
        )
    )
    measure_ids = (
        {m for m, _ in measure_outcomes}
        | {m for m, _ in measure_sections}
        | {m for m, _ in measure_themes}
    )
    authority_ids = {plan.local_authority_id for plan in plans}
    measures = list(
        Measure.objects.filter(pk__in=measure_ids, local_authority_id__in=authority_ids)
    )
    targets: dict[int, list[tuple[datetime.date, Decimal]]] = defaultdict(list)
    for measure_id, applies_from, value in Target.objects.filter(
        measure_id__in=measure_ids
    ).values_list("measure_id", "applies_from", "value"):
        targets[measure_id].append((applies_from, value))
    # The value in force for a period is the one nothing corrects.
    current_values: list[Any] = list(
        MeasureValue.objects.filter(measure_id__in=measure_ids, correction__isnull=True)
        .order_by("measure_id", "period_end")
        .values_list("pk", "measure_id", "period_end", "value", named=True)
    )
    latest_value_ids = {value.pk for value in {v.measure_id: v for v in current_values}.values()}
    evidence: list[Any] = list(
        Evidence.objects.filter(withdrawn_at__isnull=True)
        .filter(
            Q(action__plan_id__in=plan_ids)
            | Q(expected_outcome__section__plan_id__in=plan_ids)
            | Q(measure_value_id__in=latest_value_ids)
        )
        .order_by("-dated_on", "-pk")
        .values_list(
            "pk",
            "title",
            "kind",
            "dated_on",
            "action_id",
            "expected_outcome_id",
            "measure_value_id",
            named=True,
        )
    )
    confirming = [
        (row.action_id, row.finding)
        for row in Finding.confirms_actions.through.objects.filter(action__plan_id__in=plan_ids)
        .select_related("finding__audit")
        .order_by("-finding__audit__carried_out_on", "finding__number")
    ]
    section_audits = (
        []
        if not with_audits
        else [
            (row.section_id, row.audit)
            for row in Audit.sections.through.objects.filter(section__plan_id__in=plan_ids)
            .select_related("audit")
            .order_by("-audit__carried_out_on", "-audit_id")
        ]
    )
    theme_audits = (
        []
        if not with_audits
        else [
            (row.theme_id, row.audit)
            for row in Audit.themes.through.objects.filter(theme__plan_id__in=plan_ids)
            .select_related("audit")
            .order_by("-audit__carried_out_on", "-audit_id")
        ]
    )
    verifications = [
        (
            row.action_id,
            VerificationRef(
                id=row.pk,
                decided_on=row.decided_on,
                decided_by_name=row.decided_by_name,
                backing_count=row.live_evidence + row.finding_count,
            ),
        )
        for row in Verification.objects.filter(action__plan_id__in=plan_ids)
        .annotate(
            live_evidence=Count(
                "evidence", filter=Q(evidence__withdrawn_at__isnull=True), distinct=True
            ),
            finding_count=Count("findings", distinct=True),
        )
        .only("id", "action_id", "decided_on", "decided_by_name")
        .order_by("-decided_on", "-pk")
    ]
    return _Rows(
        plans=plans,
        themes=themes,
        sections=sections,
        section_recommendations=section_recommendations,
        action_recommendations=action_recommendations,
        plan_inspections=plan_inspections,
        recommendations=recommendations,
        actions=actions,
        outcomes=outcomes,
        measure_outcomes=measure_outcomes,
        measure_sections=measure_sections,
        measure_themes=measure_themes,
        measures=measures,
        targets=targets,
        current_values=current_values,
        evidence=evidence,
        confirming=confirming,
        section_audits=section_audits,
        theme_audits=theme_audits,
        verifications=verifications,
    )


def _audit_ref(audit: Audit) -> AuditRef:
    return AuditRef(
        id=audit.pk,
        title=audit.title,
        kind_label=str(Audit.Kind(audit.kind).label),
        carried_out_on=audit.carried_out_on,
        url=_id_url("performance:audit_detail", pk=audit.pk),
    )


def _finding_ref(finding: Finding) -> FindingRef:
    audit_url = _id_url("performance:audit_detail", pk=finding.audit_id)
    return FindingRef(
        id=finding.pk,
        number=finding.number,
        text=finding.text,
        kind_label=str(Finding.Kind(finding.kind).label),
        audit_title=finding.audit.title,
        audit_on=finding.audit.carried_out_on,
        url=f"{audit_url}#finding-{finding.pk}" if audit_url else "",
    )


def _measure_nodes(rows: _Rows, *, today: datetime.date) -> dict[int, MeasureNode]:
    values_by_measure: dict[int, list[Any]] = defaultdict(list)
    for value in rows.current_values:
        values_by_measure[value.measure_id].append(value)
    evidence_by_value: dict[int, list[EvidenceRef]] = defaultdict(list)
    for evidence in rows.evidence:
        if evidence.measure_value_id is not None:
            evidence_by_value[evidence.measure_value_id].append(_evidence_ref(evidence))
    nodes: dict[int, MeasureNode] = {}
    for measure in rows.measures:
        values = values_by_measure.get(measure.pk, [])
        expected = latest_expected_period_end(frequency=measure.frequency, today=today)
        latest: LatestValue | None = None
        if values:
            last = max(values, key=lambda v: (v.period_end, v.pk))
            target = target_for_period(rows.targets.get(measure.pk, []), period_end=last.period_end)
            latest = LatestValue(
                id=last.pk,
                period_end=last.period_end,
                period_label=period_label(frequency=measure.frequency, period_end=last.period_end),
                value=last.value,
                target=target,
                rag=rag_against_target(
                    value=last.value,
                    target=target,
                    tolerance=measure.tolerance,
                    direction=measure.direction,
                ),
                evidence=evidence_by_value.get(last.pk, []),
            )
        in_use = rules.measure_is_in_use(retired_on=measure.retired_on, today=today)
        node = MeasureNode(
            id=measure.pk,
            reference=measure.reference,
            name=measure.name,
            url=_id_url("performance:measure_detail", pk=measure.pk),
            frequency_label=measure.get_frequency_display(),
            unit_label=measure.get_unit_display(),
            is_in_use=in_use,
            expected_period_end=expected,
            expected_period_label=period_label(frequency=measure.frequency, period_end=expected),
            latest=latest,
        )
        if in_use and rules.measure_value_is_missing(
            frequency=measure.frequency,
            periods_with_values=[v.period_end for v in values],
            retired_on=measure.retired_on,
            today=today,
        ):
            node.gaps.append(GapKind.MEASURE_VALUE_MISSING)
        if (
            in_use
            and latest is not None
            and rules.measure_is_off_target(
                value=latest.value,
                target=latest.target,
                tolerance=measure.tolerance,
                direction=measure.direction,
            )
        ):
            node.gaps.append(GapKind.MEASURE_OFF_TARGET)
        nodes[measure.pk] = node
    return nodes


def _section_nodes(plan: Plan, rows: _Rows) -> dict[int, SectionNode]:
    plan_url = reverse("plans:plan_detail", args=[plan.pk])
    theme_names = {theme.pk: theme.name for theme in rows.themes}
    nodes = {
        s.pk: SectionNode(
            id=s.pk,
            number=s.number,
            title=s.title,
            theme_id=s.theme_id,
            theme_name=theme_names.get(s.theme_id, "") if s.theme_id else "",
            url=f"{plan_url}#section-{s.number}",
            edit_url=_id_url("plans:section_update", plan.pk, pk=s.pk),
        )
        for s in rows.sections
        if s.plan_id == plan.pk
    }
    for section_id, recommendation_id in rows.section_recommendations:
        if section_id in nodes:
            nodes[section_id].recommendation_ids.append(recommendation_id)
    return nodes


def _action_nodes(
    plan: Plan, rows: _Rows, sections: dict[int, SectionNode]
) -> dict[int, ActionNode]:
    """The plan's actions in the plan's order, each filed under its section, with the
    evidence, confirming findings and verifications behind it."""
    nodes: dict[int, ActionNode] = {}
    plan_actions = sorted(
        (a for a in rows.actions if a.plan_id == plan.pk),
        key=lambda a: (sections[a.section_id].number, a.position, a.pk),
    )
    for action in plan_actions:
        node = ActionNode(
            id=action.pk,
            reference=action.reference,
            description=action.description,
            status=action.status,
            status_label=str(DeliveryStatus(action.status).label),
            section_id=action.section_id,
            url=_id_url("plans:action_detail", plan.pk, pk=action.pk),
        )
        nodes[action.pk] = node
        sections[action.section_id].actions.append(node)
    for evidence in rows.evidence:
        if evidence.action_id in nodes:
            nodes[evidence.action_id].evidence.append(_evidence_ref(evidence))
    for action_id, finding in rows.confirming:
        if action_id in nodes:
            nodes[action_id].findings.append(_finding_ref(finding))
    for action_id, verification in rows.verifications:
        if action_id in nodes:
            nodes[action_id].verifications.append(verification)
    for node in nodes.values():
        section = sections[node.section_id]
        if rules.action_has_no_outcome(section_outcome_count=len(section.outcomes)):
            node.gaps.append(GapKind.ACTION_WITHOUT_OUTCOME)
        if rules.completed_action_has_no_evidence(
            status=node.status,
            live_evidence_count=len(node.evidence),
            confirming_finding_count=len(node.findings),
        ):
            node.gaps.append(GapKind.COMPLETED_WITHOUT_EVIDENCE)
        if rules.verified_action_has_no_backing(
            status=node.status, backing_counts=[v.backing_count for v in node.verifications]
        ):
            node.gaps.append(GapKind.VERIFIED_WITHOUT_BACKING)
    return nodes


def _outcome_nodes(
    rows: _Rows, sections: dict[int, SectionNode], measures: dict[int, MeasureNode]
) -> dict[int, OutcomeNode]:
    nodes: dict[int, OutcomeNode] = {}
    for outcome in rows.outcomes:
        section = sections.get(outcome.section_id)
        if section is None:
            continue
        node = OutcomeNode(
            id=outcome.pk,
            reference=f"Section {section.number}, outcome {len(section.outcomes) + 1}",
            text=outcome.text,
            section_id=outcome.section_id,
        )
        nodes[outcome.pk] = node
        section.outcomes.append(node)
    for evidence in rows.evidence:
        if evidence.expected_outcome_id in nodes:
            nodes[evidence.expected_outcome_id].evidence.append(_evidence_ref(evidence))
    for measure_id, outcome_id in rows.measure_outcomes:
        if outcome_id in nodes and measure_id in measures:
            nodes[outcome_id].measures.append(measures[measure_id])
    for node in nodes.values():
        node.measures.sort(key=lambda m: (m.reference, m.id))
        in_use = [m for m in node.measures if m.is_in_use]
        if rules.outcome_has_no_measure(measure_count=len(in_use)):
            node.gaps.append(GapKind.OUTCOME_WITHOUT_MEASURE)
    return nodes


@dataclass
class _MeasureLinks:
    """The plan's measures, and the themes and recommendations each reaches (for filters)."""

    measures: list[MeasureNode]
    theme_ids: dict[int, set[int]]
    recommendation_ids: dict[int, set[int]]


def _plan_measures(
    plan: Plan,
    rows: _Rows,
    sections: dict[int, SectionNode],
    outcomes: dict[int, OutcomeNode],
    measures: dict[int, MeasureNode],
) -> _MeasureLinks:
    theme_ids: dict[int, set[int]] = defaultdict(set)
    recommendation_ids: dict[int, set[int]] = defaultdict(set)
    linked: set[int] = set()

    def reach(measure_id: int, section: SectionNode) -> None:
        linked.add(measure_id)
        if section.theme_id:
            theme_ids[measure_id].add(section.theme_id)
        recommendation_ids[measure_id].update(section.recommendation_ids)

    for measure_id, outcome_id in rows.measure_outcomes:
        if outcome_id in outcomes and measure_id in measures:
            reach(measure_id, sections[outcomes[outcome_id].section_id])
    for measure_id, section_id in rows.measure_sections:
        if section_id in sections and measure_id in measures:
            sections[section_id].measures.append(measures[measure_id])
            reach(measure_id, sections[section_id])
    plan_theme_ids = {theme.pk for theme in rows.themes if theme.plan_id == plan.pk}
    for measure_id, theme_id in rows.measure_themes:
        if theme_id in plan_theme_ids and measure_id in measures:
            linked.add(measure_id)
            theme_ids[measure_id].add(theme_id)
    for section in sections.values():
        section.measures.sort(key=lambda m: (m.reference, m.id))
    return _MeasureLinks(
        measures=sorted((measures[m] for m in linked), key=lambda m: (m.reference, m.id)),
        theme_ids=theme_ids,
        recommendation_ids=recommendation_ids,
    )


def _section_audits(rows: _Rows, sections: dict[int, SectionNode]) -> None:
    """Each section's audits: those about the section, then those about its theme."""
    for section_id, audit in rows.section_audits:
        if section_id in sections:
            sections[section_id].audits.append(_audit_ref(audit))
    for theme_id, audit in rows.theme_audits:
        for section in sections.values():
            if section.theme_id == theme_id and all(a.id != audit.pk for a in section.audits):
                section.audits.append(_audit_ref(audit))


def _recommendation_nodes(
    plan: Plan,
    rows: _Rows,
    sections: dict[int, SectionNode],
    actions: dict[int, ActionNode],
) -> list[RecommendationNode]:
    """The recommendations and areas for priority action of the inspections the plan answers,
    and any other the plan's sections or actions name, each with what answers it."""
    inspection_ids = {i for p, i in rows.plan_inspections if p == plan.pk}
    named = {r for s in sections.values() for r in s.recommendation_ids}
    linked: dict[int, list[ActionNode]] = defaultdict(list)
    for action_id, recommendation_id in rows.action_recommendations:
        if action_id in actions:
            linked[recommendation_id].append(actions[action_id])
            named.add(recommendation_id)
    order = {action_id: index for index, action_id in enumerate(actions)}
    nodes: list[RecommendationNode] = []
    for recommendation in rows.recommendations:
        answered_here = (
            recommendation.inspection_id in inspection_ids and recommendation.kind in ANSWERED_KINDS
        )
        if recommendation.pk not in named and not answered_here:
            continue
        listing = [
            s
            for s in sorted(sections.values(), key=lambda s: s.number)
            if recommendation.pk in s.recommendation_ids
        ]
        linked_actions = sorted(linked.get(recommendation.pk, []), key=lambda a: order[a.id])
        answering = {a.id for s in listing for a in s.actions} | {a.id for a in linked_actions}
        node = RecommendationNode(
            id=recommendation.pk,
            kind=recommendation.kind,
            kind_label=recommendation.get_kind_display(),
            number=recommendation.number,
            reference=_recommendation_reference(recommendation),
            text=recommendation.text,
            inspection_label=str(recommendation.inspection),
            url=recommendation.get_absolute_url(),
            sections=listing,
            linked_actions=linked_actions,
        )
        if rules.recommendation_is_unanswered(answering_action_count=len(answering)):
            node.gaps.append(GapKind.RECOMMENDATION_UNANSWERED)
        nodes.append(node)
    return nodes


def _gaps(
    *,
    plan: Plan,
    recommendations: list[RecommendationNode],
    sections: list[SectionNode],
    measure_links: _MeasureLinks,
    linked_recommendations: dict[int, set[int]],
) -> list[Gap]:
    """Every gap, in the order of the chain, each with where it can be fixed and what it
    touches (for the page's filters)."""
    gaps: list[Gap] = []
    # Each URL reversed once, not once a gap: a plan of 400 actions has hundreds of gaps.
    measure_list_url = reverse("performance:measure_list")
    plan_url = reverse("plans:plan_detail", args=[plan.pk])
    recommendation_themes: dict[int, set[int]] = defaultdict(set)
    for section in sections:
        for recommendation_id in section.recommendation_ids:
            if section.theme_id:
                recommendation_themes[recommendation_id].add(section.theme_id)
    for node in recommendations:
        if GapKind.RECOMMENDATION_UNANSWERED in node.gaps:
            if node.sections:
                url = (
                    reverse("plans:action_create", args=[plan.pk])
                    + f"?section={node.sections[0].id}"
                )
            else:
                url = reverse("plans:section_create", args=[plan.pk])
            gaps.append(
                Gap(
                    kind=GapKind.RECOMMENDATION_UNANSWERED,
                    object_id=node.id,
                    reference=node.reference,
                    text=f"{node.text} ({node.inspection_label})",
                    url=url,
                    theme_ids=frozenset(recommendation_themes[node.id]),
                    recommendation_ids=frozenset({node.id}),
                )
            )
    action_gaps: list[Gap] = []
    outcome_gaps: list[Gap] = []
    for section in sections:
        themes = frozenset({section.theme_id} if section.theme_id else set())
        for action in section.actions:
            recommendation_ids = frozenset(
                set(section.recommendation_ids) | linked_recommendations.get(action.id, set())
            )
            for kind in action.gaps:
                url = section.edit_url if kind == GapKind.ACTION_WITHOUT_OUTCOME else action.url
                action_gaps.append(
                    Gap(
                        kind=kind,
                        object_id=action.id,
                        reference=action.reference,
                        text=action.description,
                        url=url,
                        theme_ids=themes,
                        recommendation_ids=recommendation_ids,
                    )
                )
        outcome_gaps.extend(
            Gap(
                kind=kind,
                object_id=outcome.id,
                reference=outcome.reference,
                text=outcome.text,
                url=measure_list_url,
                theme_ids=themes,
                recommendation_ids=frozenset(section.recommendation_ids),
            )
            for outcome in section.outcomes
            for kind in outcome.gaps
        )
    measure_gaps = [
        Gap(
            kind=kind,
            object_id=measure.id,
            reference=measure.reference,
            text=measure.name,
            url=measure.url or plan_url,
            theme_ids=frozenset(measure_links.theme_ids.get(measure.id, set())),
            recommendation_ids=frozenset(measure_links.recommendation_ids.get(measure.id, set())),
        )
        for measure in measure_links.measures
        for kind in measure.gaps
    ]
    gaps += action_gaps + outcome_gaps + measure_gaps
    rank = {kind.value: position for position, kind in enumerate(GapKind)}
    return sorted(gaps, key=lambda gap: rank[str(gap.kind)])


def _plan_coverage(
    plan: Plan, rows: _Rows, measures: dict[int, MeasureNode], *, today: datetime.date
) -> PlanCoverage:
    """One plan's tree, gaps and totals, from the rows read for all the plans asked about."""
    sections = _section_nodes(plan, rows)
    outcomes = _outcome_nodes(rows, sections, measures)
    actions = _action_nodes(plan, rows, sections)
    links = _plan_measures(plan, rows, sections, outcomes, measures)
    _section_audits(rows, sections)
    recommendations = _recommendation_nodes(plan, rows, sections, actions)
    linked_recommendations: dict[int, set[int]] = defaultdict(set)
    for action_id, recommendation_id in rows.action_recommendations:
        linked_recommendations[action_id].add(recommendation_id)
    ordered_sections = sorted(sections.values(), key=lambda s: s.number)
    gaps = _gaps(
        plan=plan,
        recommendations=recommendations,
        sections=ordered_sections,
        measure_links=links,
        linked_recommendations=linked_recommendations,
    )
    in_use = [m for m in links.measures if m.is_in_use]
    action_list = list(actions.values())
    out_of = {
        GapKind.RECOMMENDATION_UNANSWERED: len(recommendations),
        GapKind.ACTION_WITHOUT_OUTCOME: len(action_list),
        GapKind.OUTCOME_WITHOUT_MEASURE: len(outcomes),
        GapKind.MEASURE_VALUE_MISSING: len(in_use),
        GapKind.MEASURE_OFF_TARGET: len(in_use),
        GapKind.COMPLETED_WITHOUT_EVIDENCE: len(
            [a for a in action_list if a.status in COMPLETE_STATUSES]
        ),
        GapKind.VERIFIED_WITHOUT_BACKING: len(
            [a for a in action_list if a.status == DeliveryStatus.VERIFIED]
        ),
    }
    counts: dict[str, int] = defaultdict(int)
    for gap in gaps:
        counts[gap.kind] += 1
    totals = [
        KindTotal(kind=kind, count=counts[kind], of=out_of[kind], of_noun=OF_NOUNS[kind])
        for kind in GapKind
    ]
    return PlanCoverage(
        plan_id=plan.pk,
        plan_title=plan.title,
        today=today,
        recommendations=recommendations,
        unlinked_sections=[s for s in ordered_sections if not s.recommendation_ids],
        sections=ordered_sections,
        measures=links.measures,
        gaps=gaps,
        totals=totals,
        themes=[(t.pk, t.name) for t in rows.themes if t.plan_id == plan.pk],
    )


def _coverage_for_plans(
    plans: Iterable[Plan], *, today: datetime.date | None, with_audits: bool = True
) -> dict[int, PlanCoverage]:
    plans = list(plans)
    if not plans:
        return {}
    today = today or timezone.localdate()
    rows = _read(plans, with_audits=with_audits)
    measures = _measure_nodes(rows, today=today)
    return {plan.pk: _plan_coverage(plan, rows, measures, today=today) for plan in plans}


def plan_coverage(*, plan: Plan, today: datetime.date | None = None) -> PlanCoverage:
    """The plan followed from every recommendation (and area for priority action) through
    sections, actions, expected outcomes, measures and their latest values to the evidence and
    audits behind them, with every gap the coverage rules find and their totals by kind.

    A fixed number of queries, whatever the size of the plan.
    """
    return _coverage_for_plans([plan], today=today)[plan.pk]


def plan_coverages(
    *, plans: Iterable[Plan], today: datetime.date | None = None
) -> dict[int, PlanCoverage]:
    """Each plan's coverage (`plan_coverage`) without its audits, keyed by plan id, for a view
    over several plans that must count a record they share once (the adviser's portfolio). A
    fixed number of queries, however many plans and actions."""
    return _coverage_for_plans(plans, today=today, with_audits=False)


def coverage_summaries_for_plans(
    *, plans: Iterable[Plan], today: datetime.date | None = None
) -> dict[int, CoverageSummary]:
    """Each plan's gap counts by kind, with percentages, keyed by plan id (for the dashboard
    and the board paper). A fixed number of queries, however many plans and actions."""
    return {
        plan_id: coverage.summary
        for plan_id, coverage in _coverage_for_plans(plans, today=today, with_audits=False).items()
    }


# The panels' summaries, cached -------------------------------------------------------------------


def coverage_summaries_for_panels(
    *, plans: Iterable[Plan], today: datetime.date | None = None
) -> dict[int, CoverageSummary]:
    """`coverage_summaries_for_plans` for the panels of the dashboard and the plan page, read
    from the cache when nothing the summaries read has changed since they were made.

    Working the gaps out reads the whole plan (its cost grows with the plan); the panels show
    a few counts a plan. They are kept under the authority's structure version
    (`tracker.core.data_version`), which moves on with every write of the authority's
    records except progress recorded without a change of the action's status (they read no
    progress entry), each plan's on its own with today's date (a measure's value falls due
    with the calendar) in the key: one query when nothing changed. The coverage page keeps its own
    rendered body the same way (`views.plan_coverage`), not these summaries.
    """
    by_id = {plan.pk: plan for plan in plans}
    if not by_id:
        return {}
    today = today or timezone.localdate()
    # Each plan's summary on its own: the plan page's panel reuses what the dashboard made.
    return data_version.cached_each(
        "coverage-summary",
        local_authority_id=next(iter(by_id.values())).local_authority_id,
        ids=by_id,
        parts=[today.isoformat()],
        # Nothing of progress is read: recording it (the commonest write) keeps the summaries.
        version=data_version.STRUCTURE,
        make=lambda ids: coverage_summaries_for_plans(plans=[by_id[pk] for pk in ids], today=today),
    )


# Filters ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CoverageFilters:
    """What the coverage page is filtered by. Empty means everything."""

    kind: str = ""
    theme_id: int | None = None
    recommendation_id: int | None = None

    @property
    def is_active(self) -> bool:
        return bool(self.kind) or self.theme_id is not None or self.recommendation_id is not None


@dataclass
class FilteredCoverage:
    """The gaps and the parts of the tree that match the filters."""

    gaps: list[Gap]
    recommendations: list[RecommendationNode]
    unlinked_sections: list[SectionNode]


def coverage_filter(coverage: PlanCoverage, *, filters: CoverageFilters) -> FilteredCoverage:
    """The gaps of the chosen kind, theme and recommendation; the tree cut to the chosen theme
    and recommendation (a section outside the theme is left out; a recommendation with nothing
    left under it is too, unless no theme is chosen)."""
    gaps = [
        gap
        for gap in coverage.gaps
        if (not filters.kind or gap.kind == filters.kind)
        and (filters.theme_id is None or filters.theme_id in gap.theme_ids)
        and (
            filters.recommendation_id is None or filters.recommendation_id in gap.recommendation_ids
        )
    ]
    recommendations = coverage.recommendations
    unlinked = coverage.unlinked_sections
    if filters.recommendation_id is not None:
        recommendations = [r for r in recommendations if r.id == filters.recommendation_id]
        unlinked = []
    if filters.theme_id is not None:
        theme_id = filters.theme_id
        sections_by_id = {s.id: s for s in coverage.sections}
        recommendations = [
            RecommendationNode(
                **{
                    **r.__dict__,
                    "sections": [s for s in r.sections if s.theme_id == theme_id],
                    "linked_actions": [
                        a
                        for a in r.linked_actions
                        if sections_by_id[a.section_id].theme_id == theme_id
                    ],
                }
            )
            for r in recommendations
        ]
        recommendations = [r for r in recommendations if r.sections or r.linked_actions]
        unlinked = [s for s in unlinked if s.theme_id == theme_id]
    return FilteredCoverage(gaps=gaps, recommendations=recommendations, unlinked_sections=unlinked)


def plan_for_coverage(*, plan_id: int) -> Plan | None:
    """The plan with this id, whatever its local authority (for the command line, which
    runs with the operator's rights), or None."""
    return Plan.objects.filter(pk=plan_id).first()
