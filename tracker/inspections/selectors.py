"""Reads for inspections."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet

from tracker.accounts.models import User
from tracker.inspections.models import Inspection, Judgement, Recommendation


def inspection_list_for_user(*, user: User) -> QuerySet[Inspection]:
    """The inspections of the user's local authority, newest first, with their judgements."""
    return (
        Inspection.objects.filter(local_authority_id=user.local_authority_id)
        .annotate(recommendation_count=Count("recommendations", distinct=True))
        .prefetch_related(Prefetch("judgements", queryset=Judgement.objects.order_by("position")))
        .order_by("-started_on")
    )


@dataclass
class InspectionDetail:
    inspection: Inspection
    judgements: list[Judgement]
    recommendations: list[Recommendation]


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
    )
