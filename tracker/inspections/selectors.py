"""Reads for inspections."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from tracker.accounts.access import local_authority_id_for_user
from tracker.accounts.models import User
from tracker.core.formatting import format_date
from tracker.core.working_days import Closures, closures_load
from tracker.inspections.deadlines.rules import DeadlineStanding, deadline_standing
from tracker.inspections.models import Inspection, Judgement, Milestone, Recommendation


def inspection_list_for_user(*, user: User) -> QuerySet[Inspection]:
    """The inspections of the user's local authority, newest first, with their judgements."""
    return (
        Inspection.objects.filter(local_authority_id=local_authority_id_for_user(user=user))
        .annotate(recommendation_count=Count("recommendations", distinct=True))
        .prefetch_related(Prefetch("judgements", queryset=Judgement.objects.order_by("position")))
        .order_by("-started_on")
    )


@dataclass(frozen=True)
class DeadlineRow:
    """One row of an inspection's "Deadlines" table, ready to show."""

    milestone: Milestone
    name: str
    when: str
    rule: str
    is_overridden: bool
    override_reason: str
    derived_when: str
    standing: DeadlineStanding  # met, passed, due in so many working days...


@dataclass
class InspectionDetail:
    inspection: Inspection
    judgements: list[Judgement]
    recommendations: list[Recommendation]
    deadlines: list[DeadlineRow]


def _when(
    on: datetime.date | None, earliest: datetime.date | None, latest: datetime.date | None
) -> str:
    if on is not None:
        return format_date(on)
    return f"Between {format_date(earliest)} and {format_date(latest)}"


def milestone_rows(
    *,
    milestones: list[Milestone],
    today: datetime.date | None = None,
    closures: Closures | None = None,
) -> list[DeadlineRow]:
    """An inspection's milestones as rows: the date in force, where it stands today (met,
    passed, or due in so many working days), and when it was overridden, the reason and the
    date the rule works out (one query for the closure days, unless given)."""
    today = today or timezone.localdate()
    if closures is None:
        local_authority_id = milestones[0].inspection.local_authority_id if milestones else None
        closures = closures_load(local_authority_id=local_authority_id)
    return [
        DeadlineRow(
            milestone=milestone,
            name=milestone.name,
            when=_when(
                milestone.effective_on,
                milestone.effective_earliest_on,
                milestone.effective_latest_on,
            ),
            rule=milestone.rule,
            is_overridden=milestone.is_overridden,
            override_reason=milestone.override_reason,
            derived_when=_when(
                milestone.derived_on, milestone.derived_earliest_on, milestone.derived_latest_on
            ),
            standing=deadline_standing(
                on=milestone.effective_on,
                earliest=milestone.effective_earliest_on,
                latest=milestone.effective_latest_on,
                met_on=milestone.met_on,
                today=today,
                closures=closures,
            ),
        )
        for milestone in milestones
    ]


def inspection_get_detail(*, inspection: Inspection) -> InspectionDetail:
    """An inspection's judgement table and recommendations, each with the plan sections that
    answer it."""
    recommendations = list(
        inspection.recommendations.prefetch_related("sections__plan").order_by("kind", "number")
    )
    return InspectionDetail(
        inspection=inspection,
        judgements=list(inspection.judgements.order_by("position")),
        recommendations=recommendations,
        deadlines=milestone_rows(milestones=list(inspection.milestones.order_by("position", "pk"))),
    )
