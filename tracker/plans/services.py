"""Writes for plans, themes, sections, actions and progress. Every write is all or nothing."""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tracker.accounts.models import LocalAuthority, Organisation, Post, User
from tracker.core.errors import check_version
from tracker.core.formatting import format_date
from tracker.core.history import (
    delete_with_history,
    lock_for_edit,
    save_changes,
    save_with_history,
)
from tracker.inspections.models import Inspection, Recommendation
from tracker.plans import rules
from tracker.plans.access import (
    local_authority_id_of,
    user_can_verify_as_embedded,
    user_owns_action,
)
from tracker.plans.models import (
    Action,
    DeliveryStatus,
    DueDateChange,
    ExpectedOutcome,
    Plan,
    PriorityArea,
    ProgressUpdate,
    Section,
    Theme,
)
from tracker.plans.selectors import plan_outline_for_inspection


def _clean_lines(lines: Iterable[str]) -> list[str]:
    return [" ".join(line.split()) for line in lines if line and line.strip()]


def _check_same_authority(
    *, local_authority_id: int, field: str, things: Iterable[object], noun: str
) -> dict[str, list[str]]:
    for thing in things:
        if local_authority_id_of(thing) != local_authority_id:
            return {field: [f"Choose {noun} from this local authority"]}
    return {}


def plan_merged_message(plan: Plan) -> str:
    """What a change to a plan merged into another is refused with: where its content went
    and when."""
    target = (
        Plan.objects.filter(pk=plan.merged_into_id or 0).values_list("title", flat=True).first()
    )
    on = f" on {format_date(timezone.localdate(plan.merged_at))}" if plan.merged_at else ""
    return f"This plan was merged into {target}{on}; make changes there"


def refuse_if_merged(plan: Plan) -> None:
    """Refuse any change to a plan merged into another: it is read-only from then on, and
    says where its content went."""
    if plan.merged_into_id is not None:
        raise ValidationError(plan_merged_message(plan))


# Plans ------------------------------------------------------------------------------------------


def _validate_plan(
    *,
    local_authority: LocalAuthority,
    title: str,
    kind: str,
    status: str,
    inspections: Sequence[Inspection],
) -> None:
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = ["Enter the plan's title"]
    if kind not in Plan.Kind.values:
        errors["kind"] = ["Select the kind of plan"]
    if status not in Plan.Status.values:
        errors["status"] = ["Select the plan's status"]
    errors |= _check_same_authority(
        local_authority_id=local_authority.pk,
        field="inspections",
        things=inspections,
        noun="inspections",
    )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def plan_create(
    *,
    user: User | None,
    local_authority: LocalAuthority,
    title: str,
    kind: str,
    status: str = Plan.Status.DRAFT,
    inspections: Sequence[Inspection] = (),
    introduction: str = "",
    owner_description: str = "",
) -> Plan:
    """Start a plan for a local authority, answering the given inspections."""
    _validate_plan(
        local_authority=local_authority,
        title=title,
        kind=kind,
        status=status,
        inspections=inspections,
    )
    plan = Plan(
        local_authority=local_authority,
        title=title.strip(),
        kind=kind,
        status=status,
        introduction=introduction.strip(),
        owner_description=owner_description.strip(),
    )
    save_with_history(plan, user)
    plan.inspections.set(list(inspections))
    return plan


@transaction.atomic
def plan_update(
    *,
    user: User | None,
    plan: Plan,
    expected_version: int | None,
    title: str,
    kind: str,
    status: str,
    inspections: Sequence[Inspection],
    introduction: str = "",
    owner_description: str = "",
) -> Plan:
    """Change a plan's details, refusing a stale edit."""
    plan = lock_for_edit(plan, thing="plan", expected_version=expected_version)
    refuse_if_merged(plan)
    _validate_plan(
        local_authority=plan.local_authority,
        title=title,
        kind=kind,
        status=status,
        inspections=inspections,
    )
    save_changes(
        plan,
        user=user,
        title=title.strip(),
        kind=kind,
        status=status,
        introduction=introduction.strip(),
        owner_description=owner_description.strip(),
    )
    plan.inspections.set(list(inspections))
    return plan


@transaction.atomic
def plan_create_from_inspection(*, user: User | None, inspection: Inspection, title: str) -> Plan:
    """Start a draft plan answering an inspection's recommendations: one section per
    recommendation (and area for priority action), numbered as it, titled with its words
    and linked to it, as `selectors.plan_outline_for_inspection` lays out. All or nothing."""
    outline = plan_outline_for_inspection(inspection=inspection)
    if not outline.sections:
        raise ValidationError(
            "This inspection has no recommendations or areas for priority action to answer. "
            "Add them to the inspection first."
        )
    plan = plan_create(
        user=user,
        local_authority=inspection.local_authority,
        title=title,
        kind=outline.kind,
        status=Plan.Status.DRAFT,
        inspections=[inspection],
    )
    for section in outline.sections:
        section_create(
            user=user,
            plan=plan,
            number=section.number,
            title=section.title,
            recommendations=[section.recommendation],
        )
    return plan


# Themes -----------------------------------------------------------------------------------------


def _validate_theme(
    *, plan: Plan, name: str, lead: User | None, lead_post: Post | None, exclude_pk: int | None
) -> None:
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = ["Enter the theme's name"]
    elif (
        Theme.objects.filter(plan=plan, name__iexact=name.strip())
        .exclude(pk=exclude_pk or 0)
        .exists()
    ):
        errors["name"] = ["This plan already has a theme with that name"]
    if lead is not None and lead.local_authority_id != plan.local_authority_id:
        errors["lead"] = ["Choose a thematic lead from this local authority"]
    if lead_post is not None and lead_post.local_authority_id != plan.local_authority_id:
        errors["lead_post"] = ["Choose a post from this local authority"]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def theme_create(
    *,
    user: User | None,
    plan: Plan,
    name: str,
    description: str = "",
    lead: User | None = None,
    lead_post: Post | None = None,
    position: int | None = None,
) -> Theme:
    """Add a theme, with its thematic lead, to a plan."""
    refuse_if_merged(plan)
    _validate_theme(plan=plan, name=name, lead=lead, lead_post=lead_post, exclude_pk=None)
    if position is None:
        position = plan.themes.count() + 1
    theme = Theme(
        plan=plan,
        name=name.strip(),
        description=description.strip(),
        lead=lead,
        lead_post=lead_post,
        position=position,
    )
    save_with_history(theme, user)
    return theme


@transaction.atomic
def theme_update(
    *,
    user: User | None,
    theme: Theme,
    expected_version: int | None,
    name: str,
    description: str,
    lead: User | None,
    lead_post: Post | None,
) -> Theme:
    """Change a theme or its thematic lead, refusing a stale edit."""
    theme = lock_for_edit(theme, thing="theme", expected_version=expected_version)
    refuse_if_merged(theme.plan)
    _validate_theme(plan=theme.plan, name=name, lead=lead, lead_post=lead_post, exclude_pk=theme.pk)
    return save_changes(
        theme,
        user=user,
        name=name.strip(),
        description=description.strip(),
        lead=lead,
        lead_post=lead_post,
    )


class Keep(enum.Enum):
    """An argument left as the record has it (a caller that does not know of the field)."""

    KEEP = "keep"


# Priority areas ---------------------------------------------------------------------------------


PRIORITY_AREA_NAME_LENGTH = 200  # PriorityArea.name's max_length


def _validate_priority_area(*, plan: Plan, name: str, exclude_pk: int | None) -> None:
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = ["Enter the priority area's name"]
    elif len(name.strip()) > PRIORITY_AREA_NAME_LENGTH:
        errors["name"] = [
            f"The priority area's name must be {PRIORITY_AREA_NAME_LENGTH} characters or fewer"
        ]
    elif (
        PriorityArea.objects.filter(plan=plan, name__iexact=name.strip())
        .exclude(pk=exclude_pk or 0)
        .exists()
    ):
        errors["name"] = ["This plan already has a priority area with that name"]
    if errors:
        raise ValidationError(errors)


def _put_in_place(*, priority_area: PriorityArea, position: int, user: User | None) -> None:
    """Move a priority area to `position` (1 for first) among its plan's priority areas and
    number them all again from 1, keeping each one's history."""
    others = list(
        PriorityArea.objects.select_for_update()
        .filter(plan_id=priority_area.plan_id)
        .exclude(pk=priority_area.pk)
        .order_by("position", "name")
    )
    place = min(max(position, 1), len(others) + 1)
    in_order = [*others[: place - 1], priority_area, *others[place - 1 :]]
    for number, area in enumerate(in_order, start=1):
        if area.position != number:
            save_changes(area, user=user, position=number)


@transaction.atomic
def priority_area_create(
    *,
    user: User | None,
    plan: Plan,
    name: str,
    description: str = "",
    position: int | None = None,
) -> PriorityArea:
    """Name a priority area of a plan, last unless a position is given."""
    refuse_if_merged(plan)
    _validate_priority_area(plan=plan, name=name, exclude_pk=None)
    count = plan.priority_areas.count()
    priority_area = PriorityArea(
        plan=plan, name=name.strip(), description=description.strip(), position=count + 1
    )
    save_with_history(priority_area, user)
    if position is not None and position != count + 1:
        _put_in_place(priority_area=priority_area, position=position, user=user)
    return priority_area


@transaction.atomic
def priority_area_update(
    *,
    user: User | None,
    priority_area: PriorityArea,
    expected_version: int | None,
    name: str,
    description: str,
    position: int | None = None,
) -> PriorityArea:
    """Change a priority area's name or description, or move it up or down the plan's list,
    refusing a stale edit."""
    plan = priority_area.plan
    refuse_if_merged(plan)
    priority_area = lock_for_edit(
        priority_area, thing="priority area", expected_version=expected_version
    )
    _validate_priority_area(plan=plan, name=name, exclude_pk=priority_area.pk)
    save_changes(priority_area, user=user, name=name.strip(), description=description.strip())
    if position is not None:
        _put_in_place(priority_area=priority_area, position=position, user=user)
    return priority_area


@transaction.atomic
def priority_area_delete(
    *, user: User | None, priority_area: PriorityArea, expected_version: int | None
) -> None:
    """Remove a priority area that nothing is linked to, keeping what it held in its history.

    A priority area with linked sections is refused: removing it would drop those sections
    from the main plan's roll-up without anyone choosing to.
    """
    priority_area = lock_for_edit(
        priority_area, thing="priority area", expected_version=expected_version
    )
    refuse_if_merged(priority_area.plan)
    linked = priority_area.sections.count()
    if linked:
        raise ValidationError(
            f"{priority_area.name} cannot be removed: {linked} "
            f"section{'' if linked == 1 else 's'} "
            f"{'is' if linked == 1 else 'are'} linked to it. Link "
            f"{'it' if linked == 1 else 'them'} to another priority area, or to none, first."
        )
    plan_id = priority_area.plan_id
    delete_with_history(priority_area, user)
    for number, area in enumerate(
        PriorityArea.objects.select_for_update()
        .filter(plan_id=plan_id)
        .order_by("position", "name"),
        start=1,
    ):
        if area.position != number:
            save_changes(area, user=user, position=number)


# Sections ---------------------------------------------------------------------------------------

MOST_SECTION_NUMBER = 999


def _validate_section(
    *,
    plan: Plan,
    number: int,
    title: str,
    theme: Theme | None,
    recommendations: Sequence[Recommendation],
    exclude_pk: int | None,
    priority_area: PriorityArea | None = None,
    current_priority_area_id: int | None = None,
) -> None:
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = ["Enter the section's title"]
    if not 1 <= number <= MOST_SECTION_NUMBER:
        errors["number"] = [
            f"The section number must be a whole number between 1 and {MOST_SECTION_NUMBER}"
        ]
    elif Section.objects.filter(plan=plan, number=number).exclude(pk=exclude_pk or 0).exists():
        errors["number"] = [f"This plan already has a section {number}"]
    if theme is not None and theme.plan_id != plan.pk:
        errors["theme"] = ["Choose a theme of this plan"]
    if priority_area is not None:
        errors |= _priority_area_problems(
            plan=plan,
            priority_area=priority_area,
            current_priority_area_id=current_priority_area_id,
        )
    errors |= _check_same_authority(
        local_authority_id=plan.local_authority_id,
        field="recommendations",
        things=recommendations,
        noun="recommendations",
    )
    if errors:
        raise ValidationError(errors)


def _priority_area_problems(
    *, plan: Plan, priority_area: PriorityArea, current_priority_area_id: int | None
) -> dict[str, list[str]]:
    """Whether a section of `plan` may be linked to `priority_area`.

    The priority area must be of a plan of the same local authority. It may be of the
    section's own plan: a main improvement plan delivers some of its priority areas through
    its own sections, and officers expect its roll-up to count that work beside the
    service-level and partnership plans'. A new link to a closed plan's priority area is
    refused (nothing is rolled up there any more); a link made before the plan closed stays.
    """
    # Read afresh: the plan's status may have moved since the priority area was fetched.
    area_plan = Plan.objects.only("local_authority_id", "status", "title").get(
        pk=priority_area.plan_id
    )
    if area_plan.local_authority_id != plan.local_authority_id:
        return {"priority_area": ["Choose a priority area of a plan of this local authority"]}
    if area_plan.status == Plan.Status.CLOSED and priority_area.pk != current_priority_area_id:
        return {
            "priority_area": [
                f"Choose a priority area of an open plan: {area_plan.title} is closed"
            ]
        }
    return {}


def _set_outcomes(*, section: Section, outcomes: Sequence[str], user: User | None) -> None:
    wanted = _clean_lines(outcomes)
    current = list(section.expected_outcomes.all())
    if [o.text for o in current] == wanted:
        return
    for outcome in current:
        delete_with_history(outcome, user)
    for position, text in enumerate(wanted, start=1):
        save_with_history(ExpectedOutcome(section=section, text=text, position=position), user)


@transaction.atomic
def section_create(
    *,
    user: User | None,
    plan: Plan,
    number: int,
    title: str,
    aim: str = "",
    theme: Theme | None = None,
    recommendations: Sequence[Recommendation] = (),
    expected_outcomes: Sequence[str] = (),
    priority_area: PriorityArea | None = None,
) -> Section:
    """Add a numbered section to a plan, with the recommendations it answers, its outcomes
    and the main plan's priority area it delivers."""
    refuse_if_merged(plan)
    _validate_section(
        plan=plan,
        number=number,
        title=title,
        theme=theme,
        recommendations=recommendations,
        exclude_pk=None,
        priority_area=priority_area,
    )
    section = Section(
        plan=plan,
        number=number,
        title=title.strip(),
        aim=aim.strip(),
        theme=theme,
        priority_area=priority_area,
    )
    save_with_history(section, user)
    section.recommendations.set(list(recommendations))
    _set_outcomes(section=section, outcomes=expected_outcomes, user=user)
    return section


@transaction.atomic
def section_update(
    *,
    user: User | None,
    section: Section,
    expected_version: int | None,
    number: int,
    title: str,
    aim: str,
    theme: Theme | None,
    recommendations: Sequence[Recommendation],
    expected_outcomes: Sequence[str],
    priority_area: PriorityArea | Keep | None = Keep.KEEP,
) -> Section:
    """Change a section, its recommendations, outcomes or priority area, refusing a stale
    edit."""
    section = lock_for_edit(section, thing="section", expected_version=expected_version)
    refuse_if_merged(section.plan)
    if priority_area is Keep.KEEP:
        priority_area = section.priority_area
    _validate_section(
        plan=section.plan,
        number=number,
        title=title,
        theme=theme,
        recommendations=recommendations,
        exclude_pk=section.pk,
        priority_area=priority_area,
        current_priority_area_id=section.priority_area_id,
    )
    save_changes(
        section,
        user=user,
        number=number,
        title=title.strip(),
        aim=aim.strip(),
        theme=theme,
        priority_area=priority_area,
    )
    section.recommendations.set(list(recommendations))
    _set_outcomes(section=section, outcomes=expected_outcomes, user=user)
    return section


@transaction.atomic
def section_link_priority_area(
    *,
    user: User | None,
    section: Section,
    expected_version: int | None,
    priority_area: PriorityArea | None,
) -> Section:
    """Link a section to a priority area (or to none), and nothing else, refusing a stale
    edit: for a command or the demo data, which know the link but not the section's form."""
    section = lock_for_edit(section, thing="section", expected_version=expected_version)
    refuse_if_merged(section.plan)
    if priority_area is not None:
        problems = _priority_area_problems(
            plan=section.plan,
            priority_area=priority_area,
            current_priority_area_id=section.priority_area_id,
        )
        if problems:
            raise ValidationError(problems)
    return save_changes(section, user=user, priority_area=priority_area)


# Actions ----------------------------------------------------------------------------------------


def _validate_action(
    *,
    plan: Plan,
    section: Section,
    reference: str,
    description: str,
    owner_posts: Sequence[Post],
    owner_users: Sequence[User],
    owner_organisations: Sequence[Organisation],
    linked_recommendations: Sequence[Recommendation],
    starts_on: datetime.date | None,
    due_on: datetime.date | None,
    status: str,
    brag: str,
    next_review_on: datetime.date | None,
    exclude_pk: int | None,
) -> None:
    errors: dict[str, list[str]] = {}
    if section.plan_id != plan.pk:
        errors["section"] = ["Choose a section of this plan"]
    if not reference.strip():
        errors["reference"] = ["Enter the action's reference, for example 2.3"]
    elif (
        Action.objects.filter(plan=plan, reference=reference.strip())
        .exclude(pk=exclude_pk or 0)
        .exists()
    ):
        errors["reference"] = [f"This plan already has an action {reference.strip()}"]
    if not description.strip():
        errors["description"] = ["Enter what the action is"]
    if starts_on and due_on and due_on < starts_on:
        errors["due_on"] = ["The due date must be the same as or after the start date"]
    for field, things, noun in (
        ("owner_posts", owner_posts, "posts"),
        ("owner_users", owner_users, "people"),
        ("owner_organisations", owner_organisations, "organisations"),
        ("linked_recommendations", linked_recommendations, "recommendations"),
    ):
        errors |= _check_same_authority(
            local_authority_id=plan.local_authority_id, field=field, things=things, noun=noun
        )
    errors |= rules.status_brag_problems(status=status, brag=brag, next_review_on=next_review_on)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def action_create(
    *,
    user: User | None,
    section: Section,
    reference: str,
    description: str,
    owner_posts: Sequence[Post] = (),
    owner_users: Sequence[User] = (),
    owner_organisations: Sequence[Organisation] = (),
    owner_note: str = "",
    linked_recommendations: Sequence[Recommendation] = (),
    starts_on: datetime.date | None = None,
    due_on: datetime.date | None = None,
    status: str = "not_started",
    brag: str = "",
    next_review_on: datetime.date | None = None,
) -> Action:
    """Add an action to a section. Its first due date is kept as the original baseline."""
    plan = section.plan
    refuse_if_merged(plan)
    _validate_action(
        plan=plan,
        section=section,
        reference=reference,
        description=description,
        owner_posts=owner_posts,
        owner_users=owner_users,
        owner_organisations=owner_organisations,
        linked_recommendations=linked_recommendations,
        starts_on=starts_on,
        due_on=due_on,
        status=status,
        brag=brag,
        next_review_on=next_review_on,
        exclude_pk=None,
    )
    position = (
        section.actions.order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    action = Action(
        plan=plan,
        section=section,
        reference=reference.strip(),
        position=position,
        description=description.strip(),
        owner_note=owner_note.strip(),
        starts_on=starts_on,
        due_on=due_on,
        original_due_on=due_on,
        status=status,
        brag=rules.brag_for(status=status, brag=brag),
        next_review_on=next_review_on,
    )
    save_with_history(action, user)
    action.owner_posts.set(list(owner_posts))
    action.owner_users.set(list(owner_users))
    action.owner_organisations.set(list(owner_organisations))
    action.linked_recommendations.set(list(linked_recommendations))
    return action


@transaction.atomic
def action_update(
    *,
    user: User | None,
    action: Action,
    expected_version: int | None,
    section: Section,
    reference: str,
    description: str,
    owner_posts: Sequence[Post],
    owner_users: Sequence[User],
    owner_organisations: Sequence[Organisation],
    owner_note: str,
    linked_recommendations: Sequence[Recommendation],
    starts_on: datetime.date | None,
    due_on: datetime.date | None,
    due_date_change_reason: str = "",
) -> Action:
    """Change an action's details, refusing a stale edit.

    Status and BRAG change only through progress updates. A changed due date is a
    re-baselining: it needs a reason, and the original due date is kept.
    """
    # An action never moves to another plan: the caller's copy (the access helper joins it)
    # saves a query.
    plan = action.plan
    action = lock_for_edit(action, thing="action", expected_version=expected_version)
    refuse_if_merged(plan)
    _validate_action(
        plan=plan,
        section=section,
        reference=reference,
        description=description,
        owner_posts=owner_posts,
        owner_users=owner_users,
        owner_organisations=owner_organisations,
        linked_recommendations=linked_recommendations,
        starts_on=starts_on,
        due_on=due_on,
        status=action.status,
        brag=action.brag,
        next_review_on=action.next_review_on,
        exclude_pk=action.pk,
    )
    due_date_changed = action.due_on != due_on
    if due_date_changed and action.due_on is not None and not due_date_change_reason.strip():
        raise ValidationError(
            {
                "due_date_change_reason": [
                    "Explain why the due date is changing: the board sees every re-baselined action"
                ]
            }
        )
    if due_date_changed:
        DueDateChange.objects.create(
            action=action,
            previous_due_on=action.due_on,
            new_due_on=due_on,
            reason=due_date_change_reason.strip(),
            changed_by=user,
        )
        if action.original_due_on is None:
            action.original_due_on = due_on
    if section.pk != action.section_id:
        position = (
            section.actions.order_by("-position").values_list("position", flat=True).first() or 0
        ) + 1
        action.position = position
    save_changes(
        action,
        user=user,
        section=section,
        reference=reference.strip(),
        description=description.strip(),
        owner_note=owner_note.strip(),
        starts_on=starts_on,
        due_on=due_on,
    )
    action.owner_posts.set(list(owner_posts))
    action.owner_users.set(list(owner_users))
    action.owner_organisations.set(list(owner_organisations))
    action.linked_recommendations.set(list(linked_recommendations))
    return action


VERIFY_THROUGH_ASSURANCE = (
    'Use "Verify as embedded" on the action\'s page to record it as verified as embedded: '
    "that needs a lead's decision and the evidence or audit findings it rests on"
)


def _verification_problems(
    *, user: User | None, action: Action, through_verification: bool
) -> dict[str, list[str]]:
    if not through_verification:
        if user is None:
            # The system loading data (the demo, a seed plan) records what its source says.
            return {}
        return {"status": [VERIFY_THROUGH_ASSURANCE]}
    if user is None or user_can_verify_as_embedded(user=user, action=action):
        return {}
    if user_owns_action(user=user, action=action):
        return {
            "status": [
                "You own this action, so you cannot verify it as embedded: an improvement "
                "lead or the theme's thematic lead does that"
            ]
        }
    return {
        "status": [
            "Only an improvement lead or the theme's thematic lead can verify an action as embedded"
        ]
    }


def action_record_progress(
    *,
    user: User | None,
    action: Action,
    expected_version: int | None,
    narrative: str,
    status: str,
    brag: str = "",
    recorded_on: datetime.date | None = None,
    next_review_on: datetime.date | None = None,
    corrects: ProgressUpdate | None = None,
    author_name: str = "",
    today: datetime.date | None = None,
    through_verification: bool = False,
    action_locked: bool = False,
) -> ProgressUpdate:
    """Append a progress entry to an action and make its status and BRAG the action's own.

    Entries are never edited: a correction is a new entry that names the one it corrects.
    An entry dated before the latest one is kept in the timeline but does not change the
    action's current status.

    "Verified as embedded" is reached only through a verification decision
    (`tracker.performance.assurance.services.action_verify_as_embedded`, which passes
    `through_verification=True`): a person recording progress cannot choose it. Even then only
    an improvement lead or the thematic lead verifies, never one of the action's owners. A
    `user` of None is the system loading data, not a person.

    The entry and the action are written in one transaction with the action's row locked:
    this opens it and reads the action again under the lock. `action_locked=True` says the
    caller has done both: it is inside its own `transaction.atomic` block and read `action`
    there with `tracker.plans.access.action_lock_for_user`, which reads the row under the lock
    with its latest entry and its section's theme (the progress page, so that one query serves
    its access check and this write). The version is then checked against that row, no
    savepoint is made (two queries), and a refusal marks the caller's transaction to roll back.
    """
    transaction_or_callers: AbstractContextManager[Any]
    if action_locked:
        if not transaction.get_connection().in_atomic_block:
            raise transaction.TransactionManagementError(
                "action_locked=True needs the caller's transaction.atomic block"
            )
        transaction_or_callers = transaction.mark_for_rollback_on_error()
    else:
        transaction_or_callers = transaction.atomic()
    with transaction_or_callers:
        if not action_locked:
            # Not `lock_for_edit`: the latest entry is read in the same query as the lock, and
            # it must be the one current under the lock, not the caller's copy.
            action = (
                Action.objects.select_for_update(of=("self",))
                .select_related("latest_update", "section__theme", "plan")
                .get(pk=action.pk)
            )
        refuse_if_merged(action.plan)  # joined by the read under the lock, no query
        today = today or timezone.localdate()
        recorded_on = recorded_on or today
        check_version(thing="action", current=action.version, expected=expected_version)
        errors: dict[str, list[str]] = {}
        if not narrative.strip():
            errors["narrative"] = ["Enter the progress made"]
        if recorded_on > today:
            errors["recorded_on"] = ["The date of the progress must be today or in the past"]
        errors |= rules.status_brag_problems(
            status=status, brag=brag, next_review_on=next_review_on
        )
        if status == DeliveryStatus.VERIFIED:
            errors |= _verification_problems(
                user=user, action=action, through_verification=through_verification
            )
        if corrects is not None and corrects.action_id != action.pk:
            errors["corrects"] = ["You can only correct an entry of this action"]
        if errors:
            raise ValidationError(errors)

        update = ProgressUpdate(
            action=action,
            recorded_on=recorded_on,
            author=user,
            author_name=author_name or (str(user) if user else ""),
            narrative=narrative.strip(),
            status=status,
            brag=rules.brag_for(status=status, brag=brag),
            next_review_on=next_review_on,
            corrects=corrects,
        )
        save_with_history(update, user)
        latest = action.latest_update
        if latest is None or recorded_on >= latest.recorded_on:
            save_changes(
                action,
                user=user,
                latest_update=update,
                status=update.status,
                brag=update.brag,
                next_review_on=next_review_on,
            )
        else:
            # An entry dated before the latest leaves the status as it is, but it is still a
            # change to the action: its version moves on, so a form loaded before it is refused.
            save_changes(action, user=user)
        return update
