"""The adviser's portfolio: each authority that lets them in, as its own people see it.

Every figure comes from the selector the authority's own pages use: progress from the plans
list's and dashboard's counts (`plans.selectors.progress_summaries_for_plans`), measures off
target and recommendations nothing answers from the coverage gaps the dashboard's panel and
the board paper show (`performance.coverage.selectors.plan_coverages`), each counted once for
the authority however many of its plans share it, and the next monitoring visit from the
inspection's derived deadlines (`inspections.deadlines`). A fixed number of queries, however
many authorities.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from tracker.accounts.access import adviser_grants_in_force
from tracker.accounts.models import LocalAuthority, User
from tracker.inspections.models import Inspection, Judgement, JudgementArea, Milestone
from tracker.performance.coverage.rules import GapKind
from tracker.performance.coverage.selectors import plan_coverages
from tracker.plans.models import Plan
from tracker.plans.selectors import ProgressSummary, progress_summaries_for_plans

# What the Department for Education issues to an authority it intervenes in.
INTERVENTION_KINDS = frozenset(
    {Inspection.Kind.IMPROVEMENT_NOTICE, Inspection.Kind.STATUTORY_DIRECTION}
)
# Ofsted's own inspections and visits, whose judgements are the authority's outcome.
INSPECTION_KINDS = frozenset(
    {
        Inspection.Kind.ILACS_STANDARD,
        Inspection.Kind.ILACS_SHORT,
        Inspection.Kind.FOCUSED_VISIT,
        Inspection.Kind.MONITORING_VISIT,
        Inspection.Kind.JTAI,
        Inspection.Kind.SIF,
    }
)
MONITORING_VISIT_KEY = "monitoring_visit_"


@dataclass
class PortfolioRow:
    """One authority of the adviser's portfolio."""

    local_authority: LocalAuthority
    granted_at: datetime.datetime
    inspection: Inspection | None = None
    overall_grade: str = ""
    intervention: Inspection | None = None
    plans: list[Plan] = field(default_factory=list)
    progress: ProgressSummary = field(default_factory=ProgressSummary)
    measures_off_target: int = 0
    recommendations_unanswered: int = 0
    next_monitoring_visit: Milestone | None = None

    @property
    def plan(self) -> Plan | None:
        """The newest plan: the one the row's links open."""
        return self.plans[0] if self.plans else None

    @property
    def brag_counts(self) -> list[tuple[str, str, int]]:
        """(BRAG value, label, count), "Not rated" included, for the actions of every plan."""
        return self.progress.brag_rows()


def _overall(inspection: Inspection) -> str:
    for judgement in inspection.judgements.all():
        if judgement.area == JudgementArea.OVERALL:
            return str(judgement.get_grade_display())
    return ""


def adviser_portfolio(*, adviser: User, today: datetime.date | None = None) -> list[PortfolioRow]:
    """A row for each authority that lets the adviser in now, by name: its latest inspection
    and overall judgement, its improvement notice or statutory direction if any, the progress
    of its plans in progress (actions by BRAG, % complete, overdue), measures off target,
    recommendations no action answers, and its next monitoring visit.

    Plans merged into another or closed are left out, as on the dashboard. A fixed number of
    queries whatever the number of authorities (the coverage gaps read about 19).
    """
    today = today or timezone.localdate()
    grants = list(
        adviser_grants_in_force(adviser=adviser)
        .select_related("local_authority")
        .order_by("local_authority__name")
    )
    rows = {
        grant.local_authority_id: PortfolioRow(
            local_authority=grant.local_authority, granted_at=grant.granted_at
        )
        for grant in grants
    }
    if not rows:
        return []
    authority_ids = list(rows)

    inspections = (
        Inspection.objects.filter(local_authority_id__in=authority_ids)
        .prefetch_related(Prefetch("judgements", queryset=Judgement.objects.order_by("position")))
        .order_by("-ended_on", "-pk")
    )
    for inspection in inspections:
        row = rows[inspection.local_authority_id]
        if inspection.kind in INTERVENTION_KINDS:
            row.intervention = row.intervention or inspection
        elif inspection.kind in INSPECTION_KINDS and row.inspection is None:
            row.inspection = inspection
            row.overall_grade = _overall(inspection)

    plans = list(
        Plan.objects.filter(local_authority_id__in=authority_ids, merged_into__isnull=True)
        .exclude(status=Plan.Status.CLOSED)
        .order_by("-created_at", "-pk")
    )
    for plan in plans:
        rows[plan.local_authority_id].plans.append(plan)
    summaries = progress_summaries_for_plans(plans=plans, today=today)
    coverages = plan_coverages(plans=plans, today=today)
    # Counted once an authority, not once a plan: a measure is the authority's and may show
    # the outcomes of two plans; a recommendation is unanswered only if none of the plans
    # that follow its inspection answers it.
    off_target: dict[int, set[int]] = defaultdict(set)
    unanswered: dict[int, set[int]] = defaultdict(set)
    answered: dict[int, set[int]] = defaultdict(set)
    for plan in plans:
        authority_id = plan.local_authority_id
        if plan.pk in summaries:
            rows[authority_id].progress.include(summaries[plan.pk])
        coverage = coverages.get(plan.pk)
        if coverage is None:
            continue
        off_target[authority_id].update(
            gap.object_id for gap in coverage.gaps if gap.kind == GapKind.MEASURE_OFF_TARGET
        )
        for recommendation in coverage.recommendations:
            if GapKind.RECOMMENDATION_UNANSWERED in recommendation.gaps:
                unanswered[authority_id].add(recommendation.id)
            else:
                answered[authority_id].add(recommendation.id)
    for authority_id, row in rows.items():
        row.measures_off_target = len(off_target[authority_id])
        row.recommendations_unanswered = len(unanswered[authority_id] - answered[authority_id])

    visits: dict[int, list[Milestone]] = defaultdict(list)
    milestones = Milestone.objects.filter(
        inspection__local_authority_id__in=authority_ids,
        key__startswith=MONITORING_VISIT_KEY,
        met_on__isnull=True,
    ).select_related("inspection")
    for milestone in milestones:
        ends = milestone.effective_latest_on or milestone.effective_on
        if ends is not None and ends >= today:
            visits[milestone.inspection.local_authority_id].append(milestone)
    for authority_id, upcoming in visits.items():
        rows[authority_id].next_monitoring_visit = min(
            upcoming,
            key=lambda m: (m.effective_earliest_on or m.effective_on or today, m.pk),
        )
    return list(rows.values())
