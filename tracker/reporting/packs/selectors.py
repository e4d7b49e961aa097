"""Reads for monitoring visit packs, and the impact sections of the board paper.

Everything a pack (or a paper's scorecard and coverage) shows is read once per plan into
`_PlanFacts`, a fixed number of queries whatever the plan's size, and then cut by the pack's
focus in Python, so a chapter's measures, findings, evidence and gaps agree with the plan's.

The measures, audits and evidence are read from `tracker.performance.models` here until the
performance sub-areas publish selectors of their own (issue 10); the RAG rating is always the
shared target and tolerance rule (`tracker.performance.rules.rag_against_target`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from django.db.models import Prefetch, Q
from django.utils import timezone

from tracker.core.formatting import format_date
from tracker.inspections.models import Inspection, Recommendation
from tracker.performance.coverage.selectors import Gap, PlanCoverage, plan_coverage
from tracker.performance.measures.rules import Trend, trend_against_previous
from tracker.performance.models import (
    Audit,
    Evidence,
    Finding,
    Measure,
    MeasureValue,
    Unit,
    period_label,
)
from tracker.performance.rules import (
    Rag,
    previous_period_end,
    rag_against_target,
    target_for_period,
)
from tracker.plans.models import Action, Brag, ExpectedOutcome, Plan, Section, Theme
from tracker.plans.selectors import ActionRow, plan_action_rows
from tracker.reporting.documents.data import (
    AppendixAction,
    CoverageSummary,
    EvidenceLine,
    FindingLine,
    GapLine,
    MeasureLine,
    PackChapter,
    TrendPoint,
    VisitPackData,
)
from tracker.reporting.models import VisitPack

PACK_TITLE = "Monitoring visit pack"
# How many periods a pack's trend chart shows at most (two years of monthly values).
TREND_PERIODS = 24


class RecommendationLike(Protocol):
    """What a line needs of a recommendation: a model instance or a row read as a tuple."""

    @property
    def kind(self) -> str: ...
    @property
    def number(self) -> int: ...
    @property
    def text(self) -> str: ...


# The kinds' labels, as `get_kind_display` gives them, without rebuilding the choices for
# every line of a paper.
_KIND_LABELS: dict[str, str] = dict(Recommendation.Kind.choices)


def recommendation_line(recommendation: RecommendationLike, *, through: str = "") -> str:
    """A recommendation as a paper prints it: its kind, number and verbatim words
    ("Recommendation 3: Improve the quality of supervision."), and the action through which a
    section answers another section's recommendation ("Recommendation 1 (through action
    2.3): ...")."""
    kind = recommendation.kind
    label = f"{_KIND_LABELS.get(kind, kind)} {recommendation.number}"
    if through:
        label = f"{label} (through action {through})"
    return f"{label}: {recommendation.text}"


# Choices for the request form -----------------------------------------------------------------


def plan_recommendations(*, plan: Plan) -> list[Recommendation]:
    """The recommendations (and areas for priority action) a plan answers: those of the
    inspections it answers, and those its sections or actions answer (1 query)."""
    return list(
        Recommendation.objects.filter(
            Q(inspection__plans=plan) | Q(sections__plan=plan) | Q(linked_actions__plan=plan)
        )
        .select_related("inspection")
        .distinct()
        .order_by("inspection__started_on", "inspection_id", "kind", "number")
    )


def plan_themes(*, plan: Plan) -> list[Theme]:
    """The plan's themes, in the plan's order (1 query)."""
    return list(Theme.objects.filter(plan=plan).order_by("position", "name", "pk"))


def monitoring_visits(*, plan: Plan) -> list[Inspection]:
    """The monitoring visits of the plan's local authority, newest first (1 query)."""
    return list(
        Inspection.objects.filter(
            local_authority_id=plan.local_authority_id, kind=Inspection.Kind.MONITORING_VISIT
        ).order_by("-started_on", "-pk")
    )


# Packs ----------------------------------------------------------------------------------------


def visit_pack_list(*, plan: Plan) -> list[VisitPack]:
    """A plan's visit packs, newest first, without their bytes (2 queries)."""
    return list(
        VisitPack.objects.filter(plan=plan)
        .select_related("requested_by")
        .prefetch_related(
            Prefetch("recommendations", queryset=Recommendation.objects.order_by("kind", "number")),
            Prefetch("themes", queryset=Theme.objects.order_by("position", "name")),
        )
        .defer("content")
        .order_by("-created_at", "-pk")
    )


def visit_pack_content(*, pack: VisitPack) -> bytes:
    """The bytes of a pack already fetched through its access helper (1 query)."""
    content = VisitPack.objects.filter(pk=pack.pk).values_list("content", flat=True).first()
    return bytes(content) if content is not None else b""


def visit_pack_focus_label(*, pack: VisitPack) -> str:
    """The pack's focus in words: "Recommendations 1 and 3" or "Themes: Workforce"."""
    if pack.focus == VisitPack.Focus.THEMES:
        names = [theme.name for theme in pack.themes.all()]
        return ("Theme: " if len(names) == 1 else "Themes: ") + ", ".join(names)
    labels = [str(r) for r in pack.recommendations.all()]
    return ", ".join(labels)


# Values in words ------------------------------------------------------------------------------


def show_value(value: Decimal | None, unit: str) -> str:
    """A measure's value as a reader sees it: "23.5%", "12 days", "45.2 per 10,000",
    "1,234"."""
    if value is None:
        return ""
    number = value.quantize(Decimal("0.01")).normalize()
    text = f"{number:,f}"
    if unit == Unit.PERCENTAGE:
        return f"{text}%"
    if unit == Unit.DAYS:
        return f"{text} day" if number == 1 else f"{text} days"
    if unit == Unit.RATE_PER_10000:
        return f"{text} per 10,000"
    return text


def _in_force(values: Iterable[MeasureValue]) -> list[MeasureValue]:
    """The value in force for each period (the end of each correction chain), oldest first."""
    values = list(values)
    corrected = {v.corrects_id for v in values if v.corrects_id is not None}
    current = [v for v in values if v.pk not in corrected]
    by_period: dict[datetime.date, MeasureValue] = {}
    for value in sorted(current, key=lambda v: (v.period_end, v.created_at, v.pk)):
        by_period[value.period_end] = value
    return [by_period[day] for day in sorted(by_period)]


@dataclass
class _MeasureFacts:
    measure: Measure
    line: MeasureLine
    value_ids: set[int] = field(default_factory=set)


def _measure_facts(measure: Measure, *, today: datetime.date) -> _MeasureFacts:
    """One measure's scorecard row and gap facts, from its prefetched values and targets."""
    values = _in_force(measure.values.all())
    targets = [(t.applies_from, t.value) for t in measure.targets.all()]
    latest = values[-1] if values else None
    previous = values[-2] if len(values) > 1 else None
    target = target_for_period(targets, period_end=latest.period_end) if latest else None
    if latest is None:
        target = target_for_period(targets, period_end=today)
    rag = rag_against_target(
        value=latest.value if latest else None,
        target=target,
        tolerance=measure.tolerance,
        direction=measure.direction,
    )
    frequency = measure.frequency
    if latest is None:
        trend = "No values yet"
    else:
        before = previous_period_end(frequency=frequency, period_end=latest.period_end)
        if previous is not None and previous.period_end != before:
            previous = None
        word = trend_against_previous(
            latest=latest.value,
            previous=previous.value if previous else None,
            direction=measure.direction,
        )
        earlier = period_label(frequency=frequency, period_end=before)
        trend = f"{Trend.word(word)} than {earlier}" if word else Trend.word(word)
        if word == Trend.SAME:
            trend = f"Same as {earlier}"
    points = tuple(
        TrendPoint(
            period_end=v.period_end,
            label=period_label(frequency=frequency, period_end=v.period_end),
            value=float(v.value),
            target=_float(target_for_period(targets, period_end=v.period_end)),
            england=_float(v.england),
        )
        for v in values[-TREND_PERIODS:]
    )
    line = MeasureLine(
        reference=measure.reference,
        name=measure.name,
        unit=measure.get_unit_display(),
        direction=measure.get_direction_display(),
        latest_period=(
            period_label(frequency=frequency, period_end=latest.period_end) if latest else ""
        ),
        latest_value=show_value(latest.value, measure.unit) if latest else "No value yet",
        target=show_value(target, measure.unit) if target is not None else "No target",
        rag=str(rag),
        rag_word=Rag.word(rag),
        trend=trend,
        england=show_value(latest.england, measure.unit) if latest else "",
        points=points,
    )
    return _MeasureFacts(
        measure=measure,
        line=line,
        value_ids={v.pk for v in values},
    )


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


# The plan, read once --------------------------------------------------------------------------


@dataclass
class _PlanFacts:
    """Everything about a plan's impact a pack or a paper needs, read in a fixed number of
    queries."""

    plan: Plan
    sections: list[Section]
    rows: list[ActionRow]
    linked: dict[int, list[Recommendation]]  # action id -> recommendations it is linked to
    recommendations: list[Recommendation]
    measures: list[_MeasureFacts]
    measure_sections: dict[int, set[int]]  # measure id -> section ids
    measure_themes: dict[int, set[int]]
    measure_outcomes: dict[int, set[int]]
    audits: list[Audit]
    confirming: dict[int, set[int]]  # finding id -> action ids it confirms
    evidence: list[Evidence]

    def section_ids_for_theme(self, theme_id: int) -> set[int]:
        return {s.pk for s in self.sections if s.theme_id == theme_id}


def _linked_measures(
    *, plan: Plan, section_ids: list[int], theme_ids: list[int], outcome_ids: list[int]
) -> tuple[list[Measure], dict[int, set[int]], dict[int, set[int]], dict[int, set[int]]]:
    """The measures in use of the plan's sections, themes and expected outcomes, with their
    values and targets, and which of those each is linked to (6 queries)."""
    measures = list(
        Measure.objects.filter(local_authority_id=plan.local_authority_id, retired_on__isnull=True)
        .filter(
            Q(sections__in=section_ids)
            | Q(themes__in=theme_ids)
            | Q(expected_outcomes__in=outcome_ids)
        )
        .distinct()
        .prefetch_related(
            "targets",
            Prefetch("values", queryset=MeasureValue.objects.order_by("period_end", "pk")),
        )
        .order_by("reference", "name")
    )
    measure_sections: dict[int, set[int]] = defaultdict(set)
    for m_id, s_id in Measure.sections.through.objects.filter(
        measure__in=measures, section_id__in=section_ids
    ).values_list("measure_id", "section_id"):
        measure_sections[m_id].add(s_id)
    measure_themes: dict[int, set[int]] = defaultdict(set)
    for m_id, t_id in Measure.themes.through.objects.filter(
        measure__in=measures, theme_id__in=theme_ids
    ).values_list("measure_id", "theme_id"):
        measure_themes[m_id].add(t_id)
    measure_outcomes: dict[int, set[int]] = defaultdict(set)
    for m_id, o_id in Measure.expected_outcomes.through.objects.filter(
        measure__in=measures, expectedoutcome_id__in=outcome_ids
    ).values_list("measure_id", "expectedoutcome_id"):
        measure_outcomes[m_id].add(o_id)
    return measures, measure_sections, measure_themes, measure_outcomes


def _plan_facts(*, plan: Plan, today: datetime.date) -> _PlanFacts:
    sections = list(
        Section.objects.filter(plan=plan)
        .select_related("theme")
        .prefetch_related(
            Prefetch("recommendations", queryset=Recommendation.objects.order_by("kind", "number")),
            "expected_outcomes",
        )
        .order_by("number")
    )
    rows = plan_action_rows(plan=plan, today=today)
    linked: dict[int, list[Recommendation]] = defaultdict(list)
    links = (
        Action.linked_recommendations.through.objects.filter(action__plan=plan)
        .select_related("recommendation")
        .order_by("recommendation__kind", "recommendation__number", "recommendation__pk")
    )
    for link in links:
        linked[link.action_id].append(link.recommendation)
    section_ids = [s.pk for s in sections]
    theme_ids = [s.theme_id for s in sections if s.theme_id is not None]
    outcome_ids = [o.pk for s in sections for o in s.expected_outcomes.all()]
    measures, measure_sections, measure_themes, measure_outcomes = _linked_measures(
        plan=plan, section_ids=section_ids, theme_ids=theme_ids, outcome_ids=outcome_ids
    )
    action_ids = [row.pk for row in rows]
    audits = list(
        Audit.objects.filter(local_authority_id=plan.local_authority_id)
        .filter(
            Q(plan=plan)
            | Q(sections__in=section_ids)
            | Q(themes__in=theme_ids)
            | Q(findings__confirms_actions__in=action_ids)
            | Q(findings__resulting_action__in=action_ids)
        )
        .distinct()
        .prefetch_related(
            Prefetch("findings", queryset=Finding.objects.order_by("number")),
            "sections",
            "themes",
        )
        .order_by("-carried_out_on", "-pk")
    )
    confirming: dict[int, set[int]] = defaultdict(set)
    for f_id, a_id in Finding.confirms_actions.through.objects.filter(
        action_id__in=action_ids
    ).values_list("finding_id", "action_id"):
        confirming[f_id].add(a_id)
    measure_facts = [_measure_facts(m, today=today) for m in measures]
    value_ids = [v for facts in measure_facts for v in facts.value_ids]
    evidence = list(
        Evidence.objects.filter(
            local_authority_id=plan.local_authority_id, withdrawn_at__isnull=True
        )
        .filter(
            Q(action__in=action_ids)
            | Q(expected_outcome__in=outcome_ids)
            | Q(measure_value__in=value_ids)
            | Q(audit__in=[a.pk for a in audits])
        )
        .select_related("action", "expected_outcome__section", "measure_value__measure", "audit")
        .order_by("-dated_on", "-pk")
    )
    recommendations = plan_recommendations(plan=plan)
    return _PlanFacts(
        plan=plan,
        sections=sections,
        rows=rows,
        linked=dict(linked),
        recommendations=recommendations,
        measures=measure_facts,
        measure_sections=measure_sections,
        measure_themes=measure_themes,
        measure_outcomes=measure_outcomes,
        audits=audits,
        confirming=confirming,
        evidence=evidence,
    )


# Gaps -----------------------------------------------------------------------------------------
#
# The gaps are the coverage page's (`tracker.performance.coverage.selectors.plan_coverage`), so
# a pack, a board paper and the coverage page name the same gaps in the same words.


def gap_line(gap: Gap) -> GapLine:
    """A coverage gap as a pack or a paper lists it: its kind, and the record it concerns."""
    return GapLine(kind=gap.kind_label, text=f"{gap.reference}: {gap.text}")


def _coverage_summary(coverage: PlanCoverage) -> CoverageSummary:
    return CoverageSummary(
        totals=tuple((t.label, t.count, t.of, t.percent) for t in coverage.totals),
        gaps=tuple(gap_line(gap) for gap in coverage.gaps),
    )


# The board paper's impact sections ------------------------------------------------------------


def board_paper_impact(
    *, plan: Plan, today: datetime.date | None = None
) -> tuple[tuple[MeasureLine, ...], CoverageSummary]:
    """The measures scorecard (each measure of the plan's sections, themes and outcomes: its
    latest value, target, RAG, trend and England average) and the coverage summary, for the
    board paper. A fixed number of queries whatever the plan's size."""
    today = today or timezone.localdate()
    sections = Section.objects.filter(plan=plan)
    outcomes = ExpectedOutcome.objects.filter(section__plan=plan)
    measures, _, _, _ = _linked_measures(
        plan=plan,
        section_ids=list(sections.values_list("pk", flat=True)),
        theme_ids=list(plan.themes.values_list("pk", flat=True)),
        outcome_ids=list(outcomes.values_list("pk", flat=True)),
    )
    scorecard = tuple(_measure_facts(m, today=today).line for m in measures)
    return scorecard, _coverage_summary(plan_coverage(plan=plan, today=today))


# The pack -------------------------------------------------------------------------------------


def _appendix_action(row: ActionRow, recommendations: tuple[str, ...]) -> AppendixAction:
    return AppendixAction(
        reference=row.reference,
        description=row.description,
        who=row.who,
        owner_note=row.owner_note,
        due_on=row.due_on,
        original_due_on=row.original_due_on,
        status_label=row.status_label,
        brag=row.brag,
        brag_label=Brag.describe(row.brag),
        brag_word=Brag.word(row.brag),
        is_overdue=row.is_overdue,
        progress_on=row.latest_on,
        progress=row.latest_narrative or "",
        recommendations=recommendations,
    )


def _evidence_of(evidence: Evidence) -> str:
    if evidence.action is not None:
        return f"Action {evidence.action.reference}"
    if evidence.expected_outcome is not None:
        return f"Expected outcome of section {evidence.expected_outcome.section.number}"
    if evidence.measure_value is not None:
        value = evidence.measure_value
        when = period_label(frequency=value.measure.frequency, period_end=value.period_end)
        return f"Measure {value.measure.reference}, {when}"
    if evidence.audit is not None:
        return f"Audit: {evidence.audit.title}"
    return ""


def _chapter(
    facts: _PlanFacts,
    gaps: list[GapLine],
    *,
    heading: str,
    recommendations: list[Recommendation],
    section_ids: set[int],
    theme_ids: set[int],
    extra_action_ids: set[int],
) -> PackChapter:
    """One chapter: the sections answering the focus, their actions (and any other action
    linked to it), the measures of those sections, outcomes or themes, the findings of audits
    of them or about their actions, the evidence, and the gaps still open."""
    sections = [s for s in facts.sections if s.pk in section_ids]
    rows = [r for r in facts.rows if r.section_id in section_ids or r.pk in extra_action_ids]
    action_ids = {r.pk for r in rows}
    outcome_ids = {o.pk for s in sections for o in s.expected_outcomes.all()}
    measures = [
        m
        for m in facts.measures
        if facts.measure_sections.get(m.measure.pk, set()) & section_ids
        or facts.measure_themes.get(m.measure.pk, set()) & theme_ids
        or facts.measure_outcomes.get(m.measure.pk, set()) & outcome_ids
    ]
    value_ids = {v for m in measures for v in m.value_ids}
    findings: list[FindingLine] = []
    audit_ids: set[int] = set()
    for audit in facts.audits:
        about_focus = {s.pk for s in audit.sections.all()} & section_ids or {
            t.pk for t in audit.themes.all()
        } & theme_ids
        label = f"{audit.get_kind_display()}: {audit.title} ({format_date(audit.carried_out_on)})"
        for finding in audit.findings.all():
            concerns = facts.confirming.get(finding.pk, set()) & action_ids or (
                finding.resulting_action_id in action_ids
            )
            if about_focus or concerns:
                audit_ids.add(audit.pk)
                findings.append(
                    FindingLine(
                        audit=label,
                        number=finding.number,
                        kind=finding.get_kind_display(),
                        text=finding.text,
                    )
                )
    evidence = [
        EvidenceLine(
            title=e.title,
            kind=e.get_kind_display(),
            dated_on=e.dated_on,
            of=_evidence_of(e),
            added_by=e.added_by_name,
        )
        for e in facts.evidence
        if e.action_id in action_ids
        or e.expected_outcome_id in outcome_ids
        or e.measure_value_id in value_ids
        or e.audit_id in audit_ids
    ]
    own = {r.pk: [r] for r in recommendations}
    return PackChapter(
        heading=heading,
        recommendations=tuple(recommendation_line(r) for r in recommendations),
        sections=tuple(f"{s.number}. {s.title}" for s in sections),
        outcomes=tuple(o.text for s in sections for o in s.expected_outcomes.all()),
        actions=tuple(
            _appendix_action(
                row,
                tuple(
                    recommendation_line(r) for r in facts.linked.get(row.pk, []) if r.pk not in own
                ),
            )
            for row in rows
        ),
        measures=tuple(m.line for m in measures),
        findings=tuple(findings),
        evidence=tuple(evidence),
        gaps=tuple(gaps),
    )


def visit_pack_data(*, pack: VisitPack, now: datetime.datetime | None = None) -> VisitPackData:
    """A monitoring visit pack as plain data: a chapter for each recommendation (or theme) in
    its focus. A fixed number of queries whatever the plan's size or the focus."""
    now = now or timezone.now()
    plan = Plan.objects.select_related("local_authority").get(pk=pack.plan_id)
    today = timezone.localdate(now)
    facts = _plan_facts(plan=plan, today=today)
    gaps = plan_coverage(plan=plan, today=today).gaps
    chapters: list[PackChapter] = []
    if pack.focus == VisitPack.Focus.THEMES:
        for theme in pack.themes.order_by("position", "name", "pk"):
            section_ids = facts.section_ids_for_theme(theme.pk)
            answered = {
                r.pk: r
                for s in facts.sections
                if s.pk in section_ids
                for r in s.recommendations.all()
            }
            chapters.append(
                _chapter(
                    facts,
                    [gap_line(gap) for gap in gaps if theme.pk in gap.theme_ids],
                    heading=theme.name,
                    recommendations=list(answered.values()),
                    section_ids=section_ids,
                    theme_ids={theme.pk},
                    extra_action_ids=set(),
                )
            )
    else:
        for recommendation in pack.recommendations.order_by("inspection_id", "kind", "number"):
            section_ids = {
                s.pk
                for s in facts.sections
                if any(r.pk == recommendation.pk for r in s.recommendations.all())
            }
            linked = {
                action_id
                for action_id, recs in facts.linked.items()
                if any(r.pk == recommendation.pk for r in recs)
            }
            theme_ids = {s.theme_id for s in facts.sections if s.pk in section_ids and s.theme_id}
            chapters.append(
                _chapter(
                    facts,
                    [gap_line(gap) for gap in gaps if recommendation.pk in gap.recommendation_ids],
                    heading=str(recommendation),
                    recommendations=[recommendation],
                    section_ids=section_ids,
                    theme_ids={t for t in theme_ids if t is not None},
                    extra_action_ids=linked,
                )
            )
    visit = f"{pack.visit_title}, {format_date(pack.visit_on)}"
    return VisitPackData(
        local_authority=plan.local_authority.name,
        plan_title=plan.title,
        title=PACK_TITLE,
        visit=visit,
        visit_on=pack.visit_on,
        focus=visit_pack_focus_label(pack=pack),
        generated_at=now,
        chapters=tuple(chapters),
    )


__all__ = [
    "PACK_TITLE",
    "board_paper_impact",
    "monitoring_visits",
    "plan_recommendations",
    "plan_themes",
    "recommendation_line",
    "show_value",
    "visit_pack_content",
    "visit_pack_data",
    "visit_pack_focus_label",
    "visit_pack_list",
]
