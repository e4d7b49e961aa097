"""Writes for boards, meetings, agenda items, decisions and risks.

Every write is all or nothing, records who made it in the history and refuses a stale edit.
Messages are written for the council officer who reads them on the form.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from tracker.accounts.models import LocalAuthority, Post, User
from tracker.core.history import lock_for_edit, save_changes, save_with_history
from tracker.governance import rules
from tracker.governance.models import AgendaItem, Board, Decision, Meeting, Risk
from tracker.plans import services as plan_services
from tracker.plans.access import local_authority_id_of
from tracker.plans.models import Action, Plan, Section, Theme

Errors = dict[str, list[str]]

RESIDUAL_ABOVE_INHERENT = "The residual score cannot be higher than the inherent score"


def _raise(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def _check_links(
    errors: Errors,
    la: int,
    links: Sequence[tuple[str, Plan | Theme | Section | Action | None, str]],
) -> None:
    for field, thing, noun in links:
        if thing is not None and local_authority_id_of(thing) != la:
            errors[field] = [f"Choose {noun} of this local authority"]


# Boards -----------------------------------------------------------------------------------------


def _validate_board(
    *,
    local_authority: LocalAuthority,
    name: str,
    kind: str,
    members: Sequence[User],
    exclude_pk: int | None,
) -> None:
    errors: Errors = {}
    if not name.strip():
        errors["name"] = ["Enter the board's name"]
    elif (
        Board.objects.filter(local_authority=local_authority, name__iexact=name.strip())
        .exclude(pk=exclude_pk or 0)
        .exists()
    ):
        errors["name"] = [f"There is already a board called {name.strip()}"]
    if kind not in Board.Kind.values:
        errors["kind"] = ["Select the type of board"]
    if any(member.local_authority_id != local_authority.pk for member in members):
        errors["members"] = ["Choose members from this local authority"]
    _raise(errors)


@transaction.atomic
def board_create(
    *,
    user: User | None,
    local_authority: LocalAuthority,
    name: str,
    kind: str,
    description: str = "",
    members: Sequence[User] = (),
    member_note: str = "",
) -> Board:
    """Add a board or committee of the local authority, with its members."""
    _validate_board(
        local_authority=local_authority, name=name, kind=kind, members=members, exclude_pk=None
    )
    board = Board(
        local_authority=local_authority,
        name=name.strip(),
        kind=kind,
        description=description.strip(),
        member_note=member_note.strip(),
    )
    save_with_history(board, user)
    board.members.set(list(members))
    return board


@transaction.atomic
def board_update(
    *,
    user: User | None,
    board: Board,
    expected_version: int | None,
    name: str,
    kind: str,
    description: str,
    members: Sequence[User],
    member_note: str,
) -> Board:
    """Change a board's name, type, description or members, refusing a stale edit."""
    board = lock_for_edit(board, thing="board", expected_version=expected_version)
    _validate_board(
        local_authority=board.local_authority,
        name=name,
        kind=kind,
        members=members,
        exclude_pk=board.pk,
    )
    save_changes(
        board,
        user=user,
        name=name.strip(),
        kind=kind,
        description=description.strip(),
        member_note=member_note.strip(),
    )
    board.members.set(list(members))
    return board


# Meetings ---------------------------------------------------------------------------------------


def _validate_meeting(
    *, held_on: datetime.date | None, papers_due_on: datetime.date | None, status: str
) -> None:
    errors: Errors = {}
    if held_on is None:
        errors["held_on"] = ["Enter the date of the meeting"]
    elif papers_due_on is not None and papers_due_on > held_on:
        errors["papers_due_on"] = ["The date papers are due must be on or before the meeting"]
    if status not in Meeting.Status.values:
        errors["status"] = ["Select the meeting's status"]
    _raise(errors)


@transaction.atomic
def meeting_create(
    *,
    user: User | None,
    board: Board,
    held_on: datetime.date | None,
    papers_due_on: datetime.date | None = None,
    location: str = "",
    status: str = Meeting.Status.SCHEDULED,
) -> Meeting:
    """Schedule a meeting of a board. Papers are due 5 working days before unless given."""
    _validate_meeting(held_on=held_on, papers_due_on=papers_due_on, status=status)
    assert held_on is not None  # noqa: S101 - checked above
    meeting = Meeting(
        board=board,
        held_on=held_on,
        papers_due_on=papers_due_on or rules.meeting_papers_due_on(held_on),
        location=location.strip(),
        status=status,
    )
    save_with_history(meeting, user)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    user: User | None,
    meeting: Meeting,
    expected_version: int | None,
    held_on: datetime.date | None,
    papers_due_on: datetime.date | None,
    location: str,
    status: str,
) -> Meeting:
    """Move, hold or cancel a meeting, refusing a stale edit."""
    meeting = lock_for_edit(meeting, thing="meeting", expected_version=expected_version)
    _validate_meeting(held_on=held_on, papers_due_on=papers_due_on, status=status)
    assert held_on is not None  # noqa: S101 - checked above
    return save_changes(
        meeting,
        user=user,
        held_on=held_on,
        papers_due_on=papers_due_on or rules.meeting_papers_due_on(held_on),
        location=location.strip(),
        status=status,
    )


# Agenda items -----------------------------------------------------------------------------------


@transaction.atomic
def agenda_item_create(
    *,
    user: User | None,
    meeting: Meeting,
    title: str,
    plan: Plan | None = None,
    presenter: str = "",
) -> AgendaItem:
    """Add a report to the end of a meeting's agenda."""
    errors: Errors = {}
    if not title.strip():
        errors["title"] = ["Enter the title of the report"]
    _check_links(errors, meeting.board.local_authority_id, [("plan", plan, "a plan")])
    _raise(errors)
    position = (
        meeting.agenda_items.order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    item = AgendaItem(
        meeting=meeting,
        position=position,
        title=title.strip(),
        plan=plan,
        presenter=presenter.strip(),
    )
    save_with_history(item, user)
    return item


# Decisions --------------------------------------------------------------------------------------


def _validate_decision(
    *, meeting: Meeting, kind: str, text: str, plan: Plan | None, section: Section | None
) -> None:
    errors: Errors = {}
    if kind not in Decision.Kind.values:
        errors["kind"] = ["Select whether this is a decision or a recommendation"]
    if not text.strip():
        errors["text"] = ["Enter what the meeting decided or recommended"]
    _check_links(
        errors,
        meeting.board.local_authority_id,
        [("plan", plan, "a plan"), ("section", section, "a section")],
    )
    if (
        "section" not in errors
        and section is not None
        and plan is not None
        and section.plan_id != plan.pk
    ):
        errors["section"] = ["Choose a section of the chosen plan"]
    _raise(errors)


@transaction.atomic
def decision_create(
    *,
    user: User | None,
    meeting: Meeting,
    kind: str,
    text: str,
    plan: Plan | None = None,
    section: Section | None = None,
) -> Decision:
    """Record a decision or recommendation of a meeting, against the plan."""
    _validate_decision(meeting=meeting, kind=kind, text=text, plan=plan, section=section)
    decision = Decision(
        meeting=meeting,
        kind=kind,
        text=text.strip(),
        plan=plan or (section.plan if section else None),
        section=section,
    )
    save_with_history(decision, user)
    return decision


@transaction.atomic
def decision_update(
    *,
    user: User | None,
    decision: Decision,
    expected_version: int | None,
    kind: str,
    text: str,
    plan: Plan | None,
    section: Section | None,
) -> Decision:
    """Change a decision or recommendation, refusing a stale edit."""
    decision = lock_for_edit(decision, thing="decision", expected_version=expected_version)
    _validate_decision(meeting=decision.meeting, kind=kind, text=text, plan=plan, section=section)
    if decision.resulting_action_id is not None and kind != Decision.Kind.RECOMMENDATION:
        raise ValidationError(
            {"kind": ["This recommendation is already a plan action, so it stays a recommendation"]}
        )
    return save_changes(
        decision,
        user=user,
        kind=kind,
        text=text.strip(),
        plan=plan or (section.plan if section else None),
        section=section,
    )


@transaction.atomic
def decision_make_action(
    *,
    user: User | None,
    decision: Decision,
    section: Section,
    reference: str,
    description: str,
    owner_posts: Sequence[Post] = (),
    owner_users: Sequence[User] = (),
    due_on: datetime.date | None = None,
) -> Action:
    """Turn a recommendation into a new action of the plan and link the two.

    Refused for a decision, for a recommendation already made an action, and for a section
    of another local authority. The action is created through the plans app's service, so it
    gets that service's checks (unique reference, owners of this authority, dates).
    """
    # Not `lock_for_edit`: the form names no version to check, and the meeting's board is read
    # in the same query as the lock.
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("meeting__board")
        .get(pk=decision.pk)
    )
    if decision.kind != Decision.Kind.RECOMMENDATION:
        raise ValidationError("Only a recommendation can be made into a plan action")
    if decision.resulting_action_id is not None:
        raise ValidationError("This recommendation has already been made into a plan action")
    if section.plan.local_authority_id != decision.meeting.board.local_authority_id:
        raise ValidationError({"section": ["Choose a section of this local authority's plans"]})
    action = plan_services.action_create(
        user=user,
        section=section,
        reference=reference,
        description=description,
        owner_posts=owner_posts,
        owner_users=owner_users,
        due_on=due_on,
    )
    if decision.section_id is None:
        decision.section = section
        decision.plan = section.plan
    save_changes(decision, user=user, resulting_action=action)
    return action


# Risks ------------------------------------------------------------------------------------------

SCORE_FIELDS = {
    "inherent_likelihood": "inherent likelihood",
    "inherent_impact": "inherent impact",
    "residual_likelihood": "residual likelihood",
    "residual_impact": "residual impact",
}


def _validate_risk(
    *,
    local_authority: LocalAuthority,
    reference: str,
    title: str,
    owner_post: Post | None,
    owner: User | None,
    plan: Plan | None,
    theme: Theme | None,
    section: Section | None,
    action: Action | None,
    scores: dict[str, int | None],
    mitigating_actions: Sequence[Action],
    status: str,
    exclude_pk: int | None,
) -> None:
    errors: Errors = {}
    la = local_authority.pk
    if not reference.strip():
        errors["reference"] = ["Enter the risk's reference, for example R1"]
    elif (
        Risk.objects.filter(local_authority=local_authority, reference__iexact=reference.strip())
        .exclude(pk=exclude_pk or 0)
        .exists()
    ):
        errors["reference"] = [f"There is already a risk {reference.strip()}"]
    if not title.strip():
        errors["title"] = ["Enter the risk"]
    if owner_post is not None and owner_post.local_authority_id != la:
        errors["owner_post"] = ["Choose an owner's post from this local authority"]
    if owner is not None and owner.local_authority_id != la:
        errors["owner"] = ["Choose an owner from this local authority"]
    _check_links(
        errors,
        la,
        [
            ("plan", plan, "a plan"),
            ("theme", theme, "a theme"),
            ("section", section, "a section"),
            ("action", action, "an action"),
        ],
    )
    if any(local_authority_id_of(mitigation) != la for mitigation in mitigating_actions):
        errors["mitigating_actions"] = ["Choose mitigating actions of this local authority"]
    for field, noun in SCORE_FIELDS.items():
        value = scores[field]
        if value is None or not rules.LOWEST <= value <= rules.HIGHEST:
            errors[field] = [f"Choose the {noun}, from 1 to 5"]
    values = [scores[field] for field in SCORE_FIELDS]
    if not any(field in errors for field in SCORE_FIELDS):
        inherent_l, inherent_i, residual_l, residual_i = (int(v or 0) for v in values)
        if rules.risk_score(residual_l, residual_i) > rules.risk_score(inherent_l, inherent_i):
            errors["residual_likelihood"] = [RESIDUAL_ABOVE_INHERENT]
    if status not in Risk.Status.values:
        errors["status"] = ["Select whether the risk is open or closed"]
    _raise(errors)


@transaction.atomic
def risk_create(
    *,
    user: User | None,
    local_authority: LocalAuthority,
    reference: str,
    title: str,
    inherent_likelihood: int | None,
    inherent_impact: int | None,
    residual_likelihood: int | None,
    residual_impact: int | None,
    cause: str = "",
    consequence: str = "",
    owner_post: Post | None = None,
    owner: User | None = None,
    plan: Plan | None = None,
    theme: Theme | None = None,
    section: Section | None = None,
    action: Action | None = None,
    mitigating_actions: Sequence[Action] = (),
    review_on: datetime.date | None = None,
    status: str = Risk.Status.OPEN,
) -> Risk:
    """Add a risk to the local authority's register, scored before and after mitigation."""
    scores = {
        "inherent_likelihood": inherent_likelihood,
        "inherent_impact": inherent_impact,
        "residual_likelihood": residual_likelihood,
        "residual_impact": residual_impact,
    }
    _validate_risk(
        local_authority=local_authority,
        reference=reference,
        title=title,
        owner_post=owner_post,
        owner=owner,
        plan=plan,
        theme=theme,
        section=section,
        action=action,
        scores=scores,
        mitigating_actions=mitigating_actions,
        status=status,
        exclude_pk=None,
    )
    risk = Risk(
        local_authority=local_authority,
        reference=reference.strip(),
        title=title.strip(),
        cause=cause.strip(),
        consequence=consequence.strip(),
        owner_post=owner_post,
        owner=owner,
        plan=plan,
        theme=theme,
        section=section,
        action=action,
        review_on=review_on,
        status=status,
        **scores,
    )
    save_with_history(risk, user)
    risk.mitigating_actions.set(list(mitigating_actions))
    return risk


@transaction.atomic
def risk_update(
    *,
    user: User | None,
    risk: Risk,
    expected_version: int | None,
    reference: str,
    title: str,
    inherent_likelihood: int | None,
    inherent_impact: int | None,
    residual_likelihood: int | None,
    residual_impact: int | None,
    cause: str,
    consequence: str,
    owner_post: Post | None,
    owner: User | None,
    plan: Plan | None,
    theme: Theme | None,
    section: Section | None,
    action: Action | None,
    mitigating_actions: Sequence[Action],
    review_on: datetime.date | None,
    status: str,
) -> Risk:
    """Rescore, review or close a risk, refusing a stale edit. History keeps every score."""
    risk = lock_for_edit(risk, thing="risk", expected_version=expected_version)
    scores = {
        "inherent_likelihood": inherent_likelihood,
        "inherent_impact": inherent_impact,
        "residual_likelihood": residual_likelihood,
        "residual_impact": residual_impact,
    }
    _validate_risk(
        local_authority=risk.local_authority,
        reference=reference,
        title=title,
        owner_post=owner_post,
        owner=owner,
        plan=plan,
        theme=theme,
        section=section,
        action=action,
        scores=scores,
        mitigating_actions=mitigating_actions,
        status=status,
        exclude_pk=risk.pk,
    )
    save_changes(
        risk,
        user=user,
        reference=reference.strip(),
        title=title.strip(),
        cause=cause.strip(),
        consequence=consequence.strip(),
        owner_post=owner_post,
        owner=owner,
        plan=plan,
        theme=theme,
        section=section,
        action=action,
        review_on=review_on,
        status=status,
        **scores,
    )
    risk.mitigating_actions.set(list(mitigating_actions))
    return risk
