"""Create the plan an officer has checked in the import preview: the one write of an import."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tracker.accounts.models import LocalAuthority, Organisation, Post, User
from tracker.accounts.services import post_get_or_create
from tracker.inspections.models import Inspection, Recommendation
from tracker.plans.imports.common import name_key, shorten, split_status_choice
from tracker.plans.imports.parsed import ParsedPlan
from tracker.plans.imports.validate import CheckedPlan, check_plan, reference_data_for
from tracker.plans.models import DeliveryStatus, Plan
from tracker.plans.services import (
    action_create,
    action_record_progress,
    plan_create,
    section_create,
)

T = TypeVar("T")

BUSINESS_AS_USUAL_NEEDS_REVIEW = (
    "Enter the next review date: business as usual actions stay under routine monitoring"
)


def _at(place: str, write: Callable[..., T], **kwargs: Any) -> T:
    """Run one service, saying where in the file the row it writes came from if it refuses."""
    try:
        return write(**kwargs)
    except ValidationError as error:
        raise ValidationError([f"{place}: {message}" for message in error.messages]) from error


def plan_import_check(
    *,
    local_authority: LocalAuthority,
    parsed: ParsedPlan,
    inspection: Inspection | None,
    status_choices: Mapping[str, str] | None = None,
) -> CheckedPlan:
    """The preview of an import: the plan as it would be created, and every problem with it."""
    return check_plan(
        parsed,
        reference=reference_data_for(local_authority=local_authority, inspection=inspection),
        status_choices=status_choices,
    )


@transaction.atomic
def plan_import_apply(
    *,
    user: User | None,
    local_authority: LocalAuthority,
    parsed: ParsedPlan,
    title: str,
    kind: str,
    inspection: Inspection | None,
    status_choices: Mapping[str, str] | None = None,
    recorded_on: datetime.date | None = None,
    next_review_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Plan:
    """Create a new draft plan for the authority from an imported file, all of it or nothing.

    The file is checked again first, against the posts as they are now: any blocking problem,
    or a status wording with no status, refuses the import. Sections answer the linked
    inspection's recommendations of the same number. "Who" names existing posts or partner
    organisations where they match (ignoring case, spacing and apostrophe style), and new posts
    otherwise. Each action's progress is recorded as at `recorded_on` (today by default);
    business as usual actions get `next_review_on`, since they stay under routine monitoring.
    """
    today = today or timezone.localdate()
    recorded_on = recorded_on or today
    if inspection is not None and inspection.local_authority_id != local_authority.pk:
        raise ValidationError({"inspection": ["Choose an inspection of this local authority"]})
    checked = plan_import_check(
        local_authority=local_authority,
        parsed=parsed,
        inspection=inspection,
        status_choices=status_choices,
    )
    errors = [str(problem) for problem in checked.blocking_problems]
    errors += [
        f"Choose a status for ‘{shorten(wording.text)}’ ({', '.join(wording.places[:3])})"
        for wording in checked.unmapped
    ]
    if errors:
        raise ValidationError(errors)
    field_errors: dict[str, list[str]] = {}
    if recorded_on > today:
        field_errors["recorded_on"] = ["The date of the progress must be today or in the past"]
    if checked.needs_review_date and next_review_on is None:
        field_errors["next_review_on"] = [BUSINESS_AS_USUAL_NEEDS_REVIEW]
    if field_errors:
        raise ValidationError(field_errors)

    plan = plan_create(
        user=user,
        local_authority=local_authority,
        title=title,
        kind=kind,
        inspections=[inspection] if inspection is not None else [],
    )
    recommendations: dict[int, Recommendation] = {}
    if inspection is not None:
        recommendations = {
            recommendation.number: recommendation
            for recommendation in inspection.recommendations.filter(
                kind=Recommendation.Kind.RECOMMENDATION
            )
        }
    posts = {
        name_key(post.title): post for post in Post.objects.filter(local_authority=local_authority)
    }
    organisations = {
        name_key(organisation.name): organisation
        for organisation in Organisation.objects.filter(local_authority=local_authority)
    }
    author_name = f"Imported from {shorten(parsed.filename, 150)}"

    for checked_section in checked.sections:
        recommendation = recommendations.get(checked_section.recommendation_number or 0)
        section = _at(
            checked_section.place,
            section_create,
            user=user,
            plan=plan,
            number=checked_section.number,
            title=checked_section.title,
            recommendations=[recommendation] if recommendation is not None else [],
            expected_outcomes=checked_section.outcomes,
        )
        for checked_action in checked_section.actions:
            owner_posts: list[Post] = []
            owner_organisations: list[Organisation] = []
            for owner in checked_action.owners:
                key = name_key(owner.name)
                if owner.kind == "organisation" and key in organisations:
                    owner_organisations.append(organisations[key])
                    continue
                if key not in posts:
                    posts[key] = post_get_or_create(
                        local_authority=local_authority, title=owner.name
                    )
                if posts[key] not in owner_posts:
                    owner_posts.append(posts[key])
            status: str = DeliveryStatus.NOT_STARTED
            brag = ""
            if checked_action.choice is not None:
                status, brag = split_status_choice(checked_action.choice) or (status, brag)
            review_on = next_review_on if status == DeliveryStatus.BUSINESS_AS_USUAL else None
            has_progress = bool(checked_action.progress.strip())
            action = _at(
                checked_action.place,
                action_create,
                user=user,
                section=section,
                reference=checked_action.reference,
                description=checked_action.description,
                owner_posts=owner_posts,
                owner_organisations=owner_organisations,
                owner_note=checked_action.owner_note,
                due_on=checked_action.due_on,
                status=DeliveryStatus.NOT_STARTED if has_progress else status,
                brag="" if has_progress else brag,
                next_review_on=None if has_progress else review_on,
            )
            if has_progress:
                _at(
                    checked_action.place,
                    action_record_progress,
                    user=user,
                    action=action,
                    expected_version=action.version,
                    narrative=checked_action.progress,
                    status=status,
                    brag=brag,
                    recorded_on=recorded_on,
                    next_review_on=review_on,
                    author_name=author_name,
                    today=today,
                    # A plan document's "Verified as embedded" records a verification made
                    # before the plan was kept here, as `action_create` takes it; the coverage
                    # page flags such an action as verified with nothing behind it.
                    through_verification=True,
                )
    return plan
