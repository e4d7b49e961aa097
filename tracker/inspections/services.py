"""Writes for inspections, judgements and recommendations."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from tracker.accounts.models import LocalAuthority, User
from tracker.core.history import (
    delete_with_history,
    lock_for_edit,
    save_changes,
    save_with_history,
)
from tracker.inspections.deadlines.services import inspection_milestones_refresh
from tracker.inspections.models import (
    Grade,
    Inspection,
    IssuingBody,
    Judgement,
    JudgementArea,
    Recommendation,
)
from tracker.inspections.rules import (
    issuing_bodies_for_kind,
    issuing_bodies_in_order,
    judgement_areas_for,
)

KIND_REQUIRED = "Select what kind of inspection, visit, review or notice it is"


def _issued_by(*, kind: str, issued_by: Sequence[str] | None) -> list[str]:
    """The bodies as stored: those chosen, once each in the list's order, or when none is
    chosen, those that issue this kind of source."""
    return issuing_bodies_in_order(list(issued_by or ()) or issuing_bodies_for_kind(kind))


@dataclass(frozen=True)
class JudgementInput:
    area: str
    grade: str
    text: str = ""


def _validate_inspection(
    *,
    kind: str,
    framework: str,
    started_on: datetime.date,
    ended_on: datetime.date,
    published_on: datetime.date | None,
    judgements: Sequence[JudgementInput],
    issued_by: Sequence[str] = (),
) -> None:
    errors: dict[str, list[str | ValidationError]] = {}
    if kind not in Inspection.Kind.values:
        errors.setdefault("kind", []).append(KIND_REQUIRED)
    if framework not in Inspection.Framework.values:
        errors.setdefault("framework", []).append("Select the framework")
    if ended_on < started_on:
        errors.setdefault("ended_on", []).append(
            "The end date must be the same as or after the start date"
        )
    if published_on is not None and published_on < started_on:
        errors.setdefault("published_on", []).append(
            "The publication date must be the same as or after the start date"
        )
    for body in issued_by:
        if body not in IssuingBody.values:
            errors.setdefault("issued_by", []).append(
                f"Select who issued it: “{body}” is not one of the bodies listed"
            )
    allowed = set(judgement_areas_for(framework=framework, started_on=started_on))
    if judgements and not allowed:
        errors.setdefault("judgements", []).append(
            "This kind of inspection makes no graded judgements"
        )
    seen: set[str] = set()
    for judgement in judgements:
        label = (
            JudgementArea(judgement.area).label
            if judgement.area in JudgementArea.values
            else judgement.area
        )
        problems = []
        if judgement.area in seen:
            problems.append(f"“{label}” is judged more than once")
        seen.add(judgement.area)
        if judgement.grade not in Grade.values:
            problems.append(f"Select a grade for “{label}”")
        if allowed and judgement.area not in allowed:
            problems.append(f"“{label}” is not a judgement of this framework on these dates")
        # The area travels with each message so a form can show it beside that row's grade.
        if problems:
            errors.setdefault("judgements", []).extend(
                ValidationError(problem, code="judgement", params={"area": judgement.area})
                for problem in problems
            )
    if errors:
        raise ValidationError(errors)


def _set_judgements(
    *, inspection: Inspection, judgements: Sequence[JudgementInput], user: User | None
) -> None:
    existing = {j.area: j for j in inspection.judgements.all()}
    wanted = {j.area for j in judgements}
    for area, row in existing.items():
        if area not in wanted:
            delete_with_history(row, user)
    for position, judgement in enumerate(judgements):
        row = existing.get(judgement.area) or Judgement(inspection=inspection, area=judgement.area)
        text = judgement.text or Grade(judgement.grade).label
        if row.pk and (row.grade, row.text, row.position) == (judgement.grade, text, position):
            continue
        row.grade = judgement.grade
        row.text = text
        row.position = position
        save_with_history(row, user)


@transaction.atomic
def inspection_create(
    *,
    user: User | None,
    local_authority: LocalAuthority,
    kind: str,
    framework: str,
    started_on: datetime.date,
    ended_on: datetime.date,
    published_on: datetime.date | None = None,
    lead_inspector: str = "",
    summary: str = "",
    judgements: Sequence[JudgementInput] = (),
    source_fingerprint: str = "",
    statutory_notice_on: datetime.date | None = None,
    issued_by: Sequence[str] | None = None,
) -> Inspection:
    """Record an inspection (or other source) and its judgement table (and, when imported, the
    report's fingerprint, so the same report is recognised again). With no issuing body given,
    the kind's bodies are recorded."""
    _validate_inspection(
        kind=kind,
        framework=framework,
        started_on=started_on,
        ended_on=ended_on,
        published_on=published_on,
        judgements=judgements,
        issued_by=issued_by or (),
    )
    inspection = Inspection(
        local_authority=local_authority,
        kind=kind,
        framework=framework,
        started_on=started_on,
        ended_on=ended_on,
        published_on=published_on,
        lead_inspector=lead_inspector.strip(),
        summary=summary.strip(),
        source_fingerprint=source_fingerprint,
        statutory_notice_on=statutory_notice_on,
        issued_by=_issued_by(kind=kind, issued_by=issued_by),
    )
    save_with_history(inspection, user)
    _set_judgements(inspection=inspection, judgements=judgements, user=user)
    inspection_milestones_refresh(user=user, inspection=inspection)
    return inspection


@transaction.atomic
def inspection_update(
    *,
    user: User | None,
    inspection: Inspection,
    expected_version: int | None,
    kind: str,
    framework: str,
    started_on: datetime.date,
    ended_on: datetime.date,
    published_on: datetime.date | None,
    lead_inspector: str,
    summary: str = "",
    judgements: Sequence[JudgementInput] = (),
    statutory_notice_on: datetime.date | None = None,
    issued_by: Sequence[str] | None = None,
) -> Inspection:
    """Change an inspection's details and judgement table, refusing a stale edit. With no
    issuing body given, the kind's bodies are recorded (so changing the kind and clearing the
    bodies gives the new kind's)."""
    inspection = lock_for_edit(inspection, thing="inspection", expected_version=expected_version)
    _validate_inspection(
        kind=kind,
        framework=framework,
        started_on=started_on,
        ended_on=ended_on,
        published_on=published_on,
        judgements=judgements,
        issued_by=issued_by or (),
    )
    save_changes(
        inspection,
        user=user,
        kind=kind,
        framework=framework,
        started_on=started_on,
        ended_on=ended_on,
        published_on=published_on,
        lead_inspector=lead_inspector.strip(),
        summary=summary.strip(),
        statutory_notice_on=statutory_notice_on,
        issued_by=_issued_by(kind=kind, issued_by=issued_by),
    )
    _set_judgements(inspection=inspection, judgements=judgements, user=user)
    inspection_milestones_refresh(user=user, inspection=inspection)
    return inspection


MOST_RECOMMENDATION_NUMBER = 999


def _validate_recommendation(
    *, inspection: Inspection, number: int, kind: str, text: str, exclude_pk: int | None
) -> None:
    errors: dict[str, list[str]] = {}
    if not text.strip():
        errors["text"] = ["Enter the recommendation as the report words it"]
    in_range = 1 <= number <= MOST_RECOMMENDATION_NUMBER
    if not in_range:
        errors["number"] = [
            f"The number must be a whole number between 1 and {MOST_RECOMMENDATION_NUMBER}"
        ]
    if kind not in Recommendation.Kind.values:
        errors["kind"] = ["Select what kind of recommendation this is"]
    clash = Recommendation.objects.filter(inspection=inspection, kind=kind, number=number)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if in_range and clash.exists():
        noun = Recommendation.Kind(kind).label.lower()
        article = "an" if noun[0] in "aeiou" else "a"
        errors["number"] = [f"This inspection already has {article} {noun} numbered {number}"]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def recommendation_create(
    *,
    user: User | None,
    inspection: Inspection,
    number: int,
    text: str,
    kind: str = Recommendation.Kind.RECOMMENDATION,
) -> Recommendation:
    """Add a recommendation to an inspection, keeping its words exactly as given."""
    _validate_recommendation(
        inspection=inspection, number=number, kind=kind, text=text, exclude_pk=None
    )
    recommendation = Recommendation(
        inspection=inspection, number=number, text=text.strip(), kind=kind
    )
    save_with_history(recommendation, user)
    return recommendation


@transaction.atomic
def recommendation_update(
    *,
    user: User | None,
    recommendation: Recommendation,
    expected_version: int | None,
    number: int,
    text: str,
    kind: str,
) -> Recommendation:
    """Change a recommendation, refusing a stale edit."""
    recommendation = lock_for_edit(
        recommendation, thing="recommendation", expected_version=expected_version
    )
    _validate_recommendation(
        inspection=recommendation.inspection,
        number=number,
        kind=kind,
        text=text,
        exclude_pk=recommendation.pk,
    )
    return save_changes(recommendation, user=user, number=number, text=text.strip(), kind=kind)
