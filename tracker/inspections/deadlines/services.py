"""Writes for an inspection's milestones: keeping derived dates up to date, and overrides."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tracker.accounts.models import User
from tracker.core.history import (
    delete_with_history,
    lock_for_edit,
    save_changes,
    save_with_history,
)
from tracker.core.working_days import Closures, closures_load
from tracker.inspections.deadlines.rules import DerivedMilestone, milestones_for
from tracker.inspections.models import Inspection, JudgementArea, Milestone, Recommendation

REASON_REQUIRED = (
    "Enter why the date is different, for example ‘Agreed with Ofsted at the action planning visit’"
)


def inspection_derive_milestones(
    *, inspection: Inspection, closures: Closures | None = None
) -> list[DerivedMilestone]:
    """The milestones the inspection's kind, dates and overall judgement set, by the rules."""
    overall = inspection.judgements.filter(area=JudgementArea.OVERALL).first()
    has_priority_actions = inspection.recommendations.filter(
        kind=Recommendation.Kind.AREA_FOR_PRIORITY_ACTION
    ).exists()
    return milestones_for(
        kind=inspection.kind,
        published_on=inspection.published_on,
        grade=overall.grade if overall else None,
        ended_on=inspection.ended_on,
        statutory_notice_on=inspection.statutory_notice_on,
        # Areas for priority action are added after the inspection itself (by hand or by the
        # import), so their absence means "not known yet", never "none".
        has_areas_for_priority_action=True if has_priority_actions else None,
        closures=(
            closures_load(local_authority_id=inspection.local_authority_id)
            if closures is None
            else closures
        ),
    )


@transaction.atomic
def inspection_milestones_refresh(
    *, user: User | None, inspection: Inspection, closures: Closures | None = None
) -> list[Milestone]:
    """Work out the inspection's milestones again and store the derived dates.

    Overrides (the dates Ofsted agreed, and why) are never touched. A milestone the rules no
    longer set (the judgement was corrected, say) is deleted; its history keeps it.
    """
    derived = inspection_derive_milestones(inspection=inspection, closures=closures)
    existing = {
        m.key: m for m in Milestone.objects.select_for_update().filter(inspection=inspection)
    }
    wanted = {d.key for d in derived}
    for key, milestone in existing.items():
        if key not in wanted:
            delete_with_history(milestone, user)
    saved = []
    for position, item in enumerate(derived):
        values = {
            "name": item.name,
            "rule": item.rule,
            "position": position,
            "derived_on": item.on,
            "derived_earliest_on": item.earliest,
            "derived_latest_on": item.latest,
        }
        row = existing.get(item.key)
        if row is None:
            row = Milestone(inspection=inspection, key=item.key, **values)
            save_with_history(row, user)
        elif any(getattr(row, field) != value for field, value in values.items()):
            save_changes(row, user=user, **values)
        saved.append(row)
    return saved


@transaction.atomic
def milestone_override(
    *,
    user: User,
    milestone: Milestone,
    expected_version: int | None,
    reason: str,
    on: datetime.date | None = None,
    earliest_on: datetime.date | None = None,
    latest_on: datetime.date | None = None,
) -> Milestone:
    """Record the real date (or window) of a milestone, as agreed with Ofsted, and why.

    A milestone worked out as a date takes a date; one worked out as a window takes an earliest
    and a latest date. The reason is required: it is the evidence for the change.
    """
    milestone = lock_for_edit(milestone, thing="deadline", expected_version=expected_version)
    errors: dict[str, list[str]] = {}
    if milestone.is_window:
        if earliest_on is None:
            errors["earliest_on"] = ["Enter the earliest date"]
        if latest_on is None:
            errors["latest_on"] = ["Enter the latest date"]
        if earliest_on and latest_on and latest_on < earliest_on:
            errors["latest_on"] = ["The latest date must be the same as or after the earliest date"]
    elif on is None:
        errors["on"] = ["Enter the date"]
    if not reason.strip():
        errors["reason"] = [REASON_REQUIRED]
    if errors:
        raise ValidationError(errors)
    window = milestone.is_window
    return save_changes(
        milestone,
        user=user,
        override_on=None if window else on,
        override_earliest_on=earliest_on if window else None,
        override_latest_on=latest_on if window else None,
        override_reason=reason.strip(),
        overridden_by=user,
        overridden_at=timezone.now(),
    )


@transaction.atomic
def milestone_clear_override(
    *, user: User, milestone: Milestone, expected_version: int | None
) -> Milestone:
    """Go back to the date the rule works out; the override stays in the history."""
    milestone = lock_for_edit(milestone, thing="deadline", expected_version=expected_version)
    return save_changes(
        milestone,
        user=user,
        override_on=None,
        override_earliest_on=None,
        override_latest_on=None,
        override_reason="",
        overridden_by=None,
        overridden_at=None,
    )


MET_IN_FUTURE = "The date the deadline was met must be today or in the past"


@transaction.atomic
def milestone_record_met(
    *,
    user: User,
    milestone: Milestone,
    expected_version: int | None,
    met_on: datetime.date | None,
    today: datetime.date | None = None,
) -> Milestone:
    """Record the day a deadline was met (the action plan sent, the visit held), or, with
    `met_on` None, that it is not met after all. The date cannot be in the future; the
    history keeps who recorded it and any earlier date."""
    milestone = lock_for_edit(milestone, thing="deadline", expected_version=expected_version)
    today = today or timezone.localdate()
    if met_on is not None and met_on > today:
        raise ValidationError({"met_on": [MET_IN_FUTURE]})
    return save_changes(milestone, user=user, met_on=met_on)
