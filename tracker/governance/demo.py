"""Governance demo data for the Solihull demo: the Improvement Board, its meetings, risks, a
decision, and highlight reports (one submitted, one draft).

Loaded after `load_demo_data`, through the services, so history is recorded as if officers had
typed it in. Meetings are placed relative to the day it is loaded (two held, one coming up) so
the demo always has a meeting to prepare for. Safe to run again: once the board exists nothing
more is added, except that the thematic lead demo user gets the given password every time.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tracker.accounts.models import LocalAuthority, Post, User
from tracker.accounts.services import user_create, user_set_password
from tracker.core.working_days import is_working_day
from tracker.governance import services
from tracker.governance.highlights import services as highlight_services
from tracker.governance.models import Board, Meeting, Risk
from tracker.plans.demo import ilacs_2019, ilacs_2022
from tracker.plans.demo.dating import dated
from tracker.plans.demo.loader import DemoUser
from tracker.plans.models import Action, DeliveryStatus, Plan, Section, Theme
from tracker.plans.services import action_create, action_record_progress, action_update

BOARD_NAME = "Improving Outcomes for Children in Solihull Board"
THEME_LEAD_USERNAME = "themelead"
IMPROVEMENT_LEAD_USERNAME = "lead"


@dataclass(frozen=True)
class GovernanceDemoSummary:
    """What the governance demo holds, and how the thematic lead signs in."""

    created: bool
    board: Board
    meetings: tuple[Meeting, ...]
    theme_lead: DemoUser


def _meeting_day(day: datetime.date) -> datetime.date:
    """The working Tuesday on or before `day`: boards here meet on Tuesdays."""
    day -= datetime.timedelta(days=(day.weekday() - 1) % 7)
    while not is_working_day(day):
        day -= datetime.timedelta(days=7)
    return day


@transaction.atomic
def load_governance_demo(
    *, local_authority: LocalAuthority, password: str, today: datetime.date | None = None
) -> GovernanceDemoSummary:
    """Add the governance demo to the demo local authority (after `load_demo_data`).

    Refused when the demo plans are not there. Safe to run again.
    """
    if not password:
        raise ValidationError({"password": ["Enter a password for the demo users"]})
    today = today or timezone.localdate()
    improvement_plan = Plan.objects.filter(
        local_authority=local_authority, title=ilacs_2022.PLAN_TITLE
    ).first()
    action_plan = Plan.objects.filter(
        local_authority=local_authority, title=ilacs_2019.PLAN_TITLE
    ).first()
    if improvement_plan is None or action_plan is None:
        raise ValidationError("Load the demo plans first: run `manage.py load_demo_data`")
    lead = _demo_user(local_authority=local_authority, username=IMPROVEMENT_LEAD_USERNAME)
    if lead is None:
        raise ValidationError("Load the demo plans first: run `manage.py load_demo_data`")
    theme_lead = _theme_lead_get_or_create(local_authority=local_authority, password=password)
    summary_user = DemoUser(
        username=theme_lead.username,
        role=f"{theme_lead.get_role_display()}, thematic lead for {ilacs_2022.WORKFORCE}",
        full_name=theme_lead.get_full_name(),
        password=password,
    )
    board = Board.objects.filter(local_authority=local_authority, name=BOARD_NAME).first()
    if board is not None:
        return GovernanceDemoSummary(
            created=False,
            board=board,
            meetings=tuple(board.meetings.order_by("held_on")),
            theme_lead=summary_user,
        )

    themes = {theme.name: theme for theme in improvement_plan.themes.all()}
    workforce = themes[ilacs_2022.WORKFORCE]
    quality = themes[ilacs_2022.QUALITY_ASSURANCE]
    sections = {section.number: section for section in improvement_plan.sections.all()}
    first_on = _meeting_day(today - datetime.timedelta(days=84))
    second_on = _meeting_day(today - datetime.timedelta(days=28))
    day = datetime.timedelta(days=1)

    # Each block is dated to the day it happened, oldest first, so the history (and "what
    # changed since the last meeting") reads as if the board had used the tracker all along.
    with dated(first_on - 21 * day):
        board = _board_create(local_authority, lead)
        first = _meeting(board, lead, first_on)
        second = _meeting(board, lead, second_on)
        for meeting in (first, second):
            _agenda(meeting, lead, improvement_plan)
        services.agenda_item_create(
            user=lead,
            meeting=first,
            title="Ofsted action plan 2020: actions now business as usual",
            plan=action_plan,
            presenter=ilacs_2022.ASSISTANT_DIRECTOR_IMPROVEMENT,
        )
        actions = _workforce_actions(sections[4], lead, second_on, owner=workforce.lead_post)
        quality_actions = _quality_actions(sections[7], lead, owner=quality.lead_post)
        _risks(
            local_authority, lead, workforce, quality, sections[7], actions, quality_actions, today
        )
    with dated(first_on - 10 * day):
        _progress(
            actions["offer"],
            lead,
            first_on - 10 * day,
            "Offer agreed with HR.",
            "in_progress",
            "green",
        )
    with dated(first_on):
        first = _held(first, lead)
        services.decision_create(
            user=lead,
            meeting=first,
            kind="decision",
            text="The board agreed the merged improvement plan and its six themes.",
            plan=improvement_plan,
        )
    for on, key, narrative, status, brag in (
        (
            second_on - 20 * day,
            "caseloads",
            "Caseloads are above 18 in two teams.",
            "in_progress",
            "amber",
        ),
        (second_on - 14 * day, "agency", "Agency use at 22%.", "in_progress", "amber"),
        (
            second_on - 12 * day,
            "offer",
            "Offer launched; six social workers joined through it.",
            DeliveryStatus.COMPLETED,
            "",
        ),
    ):
        with dated(on):
            _progress(actions[key], lead, on, narrative, status, brag)

    # The workforce report went to the second meeting, submitted on the paper deadline; the
    # plan moved on afterwards, which the frozen report does not show.
    with dated(second.papers_due_on):
        _submitted_report(second, workforce, theme_lead)
    with dated(second_on):
        second = _held(second, lead)
        services.decision_create(
            user=lead,
            meeting=second,
            kind="recommendation",
            text=(
                "Offer every newly qualified social worker a protected caseload in their "
                "first year."
            ),
            plan=improvement_plan,
            section=sections[4],
        )
        upcoming = services.meeting_create(
            user=lead,
            board=board,
            held_on=_meeting_day(today + datetime.timedelta(days=27)),
            location="Council House, Solihull",
        )
        _agenda(upcoming, lead, improvement_plan)
    later = min(second_on + 7 * day, today)
    with dated(later):
        _after_the_second_meeting(actions, quality_actions, lead, later)
    completed_on = max(today - 10 * day, later)
    with dated(completed_on):
        _progress(
            quality_actions["escalations"],
            lead,
            completed_on,
            "Escalation tracker in use by every IRO and reviewed weekly.",
            DeliveryStatus.COMPLETED,
        )
    highlight_services.highlight_report_draft(meeting=upcoming, theme=quality, user=lead)
    return GovernanceDemoSummary(
        created=True, board=board, meetings=(first, second, upcoming), theme_lead=summary_user
    )


def _board_create(local_authority: LocalAuthority, lead: User) -> Board:
    members = list(
        User.objects.filter(
            local_authority=local_authority, username__in=["lead", "viewer", THEME_LEAD_USERNAME]
        )
    )
    return services.board_create(
        user=lead,
        local_authority=local_authority,
        name=BOARD_NAME,
        kind=Board.Kind.IMPROVEMENT_BOARD,
        description=(
            "Oversees the children's services improvement plan and holds its thematic leads to "
            "account. Thematic leads submit a highlight or exception report to every meeting."
        ),
        members=members,
        member_note=(
            "Independent chair; Department for Education adviser; Director of Children's "
            "Services; West Midlands Police; Birmingham and Solihull Integrated Care Board"
        ),
    )


def _meeting(board: Board, user: User, held_on: datetime.date) -> Meeting:
    return services.meeting_create(
        user=user, board=board, held_on=held_on, location="Council House, Solihull"
    )


def _held(meeting: Meeting, user: User) -> Meeting:
    return services.meeting_update(
        user=user,
        meeting=meeting,
        expected_version=meeting.version,
        held_on=meeting.held_on,
        papers_due_on=meeting.papers_due_on,
        location=meeting.location,
        status=Meeting.Status.HELD,
    )


def _agenda(meeting: Meeting, user: User, plan: Plan) -> None:
    services.agenda_item_create(
        user=user,
        meeting=meeting,
        title="Children's services improvement plan: update and highlight reports",
        plan=plan,
        presenter=ilacs_2022.ASSISTANT_DIRECTOR_IMPROVEMENT,
    )


def _submitted_report(meeting: Meeting, theme: Theme, theme_lead: User) -> None:
    report = highlight_services.highlight_report_draft(
        meeting=meeting, theme=theme, user=theme_lead, today=meeting.papers_due_on
    )
    report = highlight_services.highlight_report_update(
        report=report,
        user=theme_lead,
        version=report.version,
        kind="exception",
        summary=(
            "The recruitment and retention offer is in place and the first social workers have "
            "joined through it. Caseloads are still too high in two teams, so this is an "
            "exception report."
        ),
        next_steps="Agree the academy's first intake with the university partner.",
        support_needed="The board is asked to support a market supplement for team managers.",
    )
    highlight_services.highlight_report_submit(
        report=report,
        user=theme_lead,
        version=report.version,
        now=timezone.make_aware(
            datetime.datetime.combine(meeting.papers_due_on, datetime.time(16, 30))
        ),
    )


def _demo_user(*, local_authority: LocalAuthority, username: str) -> User | None:
    """A demo user of the demo authority by username, or None. Refused when the username is
    taken by a user of another local authority, so their account is never touched."""
    user = User.objects.filter(username=username).first()
    if user is not None and user.local_authority_id != local_authority.pk:
        raise ValidationError(
            f"The username {username!r} belongs to a user of another local authority, so the "
            "demo cannot use it. Nothing was changed: load the demo into a fresh database."
        )
    return user


def _theme_lead_get_or_create(*, local_authority: LocalAuthority, password: str) -> User:
    """The demo thematic lead: an action owner who holds the Workforce theme's lead post."""
    user = _demo_user(local_authority=local_authority, username=THEME_LEAD_USERNAME)
    if user is not None:
        return user_set_password(user=user, password=password)
    post = Post.objects.get(local_authority=local_authority, title=ilacs_2022.HEAD_OF_WORKFORCE)
    return user_create(
        local_authority=local_authority,
        username=THEME_LEAD_USERNAME,
        password=password,
        first_name="Alex",
        last_name="Reid",
        email=f"{THEME_LEAD_USERNAME}@solihull.example.org",
        role=User.Role.ACTION_OWNER,
        job_title=ilacs_2022.HEAD_OF_WORKFORCE,
        posts=[post],
    )


def _action(
    section: Section,
    user: User,
    reference: str,
    description: str,
    *,
    owner: Post | None,
    due_on: datetime.date | None = None,
) -> Action:
    existing = Action.objects.filter(plan_id=section.plan_id, reference=reference).first()
    if existing is not None:
        return existing
    return action_create(
        user=user,
        section=section,
        reference=reference,
        description=description,
        owner_posts=[owner] if owner is not None else [],
        due_on=due_on,
    )


def _progress(
    action: Action, user: User, on: datetime.date, narrative: str, status: str, brag: str = ""
) -> None:
    action.refresh_from_db()
    action_record_progress(
        user=user,
        action=action,
        expected_version=action.version,
        narrative=narrative,
        status=status,
        brag=brag,
        recorded_on=on,
        next_review_on=(
            on + datetime.timedelta(days=90) if status == DeliveryStatus.BUSINESS_AS_USUAL else None
        ),
    )


def _workforce_actions(
    section: Section, user: User, second: datetime.date, *, owner: Post | None
) -> dict[str, Action]:
    """The Workforce theme's actions, owned by the thematic lead's post: 4.3 falls due before
    the second meeting."""
    days = datetime.timedelta
    return {
        "offer": _action(
            section,
            user,
            "4.1",
            "Launch a recruitment and retention offer for social workers",
            owner=owner,
        ),
        "agency": _action(
            section, user, "4.2", "Reduce the use of agency social workers below 15%", owner=owner
        ),
        "caseloads": _action(
            section,
            user,
            "4.3",
            "Bring caseloads down to no more than 18 children per social worker",
            owner=owner,
            due_on=second - days(days=12),
        ),
        "academy": _action(
            section,
            user,
            "4.4",
            "Open a social work academy for newly qualified social workers",
            owner=owner,
            due_on=second + days(days=60),
        ),
    }


def _after_the_second_meeting(
    actions: dict[str, Action], quality_actions: dict[str, Action], user: User, on: datetime.date
) -> None:
    """What happened after the workforce report was submitted: Red, and a re-baselining."""
    _progress(
        actions["agency"],
        user,
        on,
        "Two experienced social workers left for agencies; agency use back up to 25%.",
        "in_progress",
        "red",
    )
    _progress(
        quality_actions["audits"],
        user,
        on,
        "First two monthly audits done; findings shared with team managers.",
        "in_progress",
        "green",
    )
    academy = actions["academy"]
    academy.refresh_from_db()
    if academy.due_on is None:
        return
    action_update(
        user=user,
        action=academy,
        expected_version=academy.version,
        section=academy.section,
        reference=academy.reference,
        description=academy.description,
        owner_posts=list(academy.owner_posts.all()),
        owner_users=list(academy.owner_users.all()),
        owner_organisations=list(academy.owner_organisations.all()),
        owner_note=academy.owner_note,
        linked_recommendations=list(academy.linked_recommendations.all()),
        starts_on=academy.starts_on,
        due_on=academy.due_on + datetime.timedelta(days=90),
        due_date_change_reason="The university partner can take the first intake a term later",
    )


def _quality_actions(section: Section, user: User, *, owner: Post | None) -> dict[str, Action]:
    """The Quality Assurance & Performance theme's actions, owned by its thematic lead's post."""
    return {
        "audits": _action(
            section,
            user,
            "7.1",
            "Audit a sample of children's plans every month, led by the IROs",
            owner=owner,
        ),
        "escalations": _action(
            section, user, "7.2", "Track every IRO escalation until it is resolved", owner=owner
        ),
    }


def _risks(
    local_authority: LocalAuthority,
    user: User,
    workforce: Theme,
    quality: Theme,
    quality_section: Section,
    actions: dict[str, Action],
    quality_actions: dict[str, Action],
    today: datetime.date,
) -> None:
    if Risk.objects.filter(local_authority=local_authority, reference__in=["R1", "R2", "R3"]):
        return  # someone has started the register: leave it as it is
    services.risk_create(
        user=user,
        local_authority=local_authority,
        reference="R1",
        title="Not enough permanent social workers to bring caseloads down",
        cause="A national shortage of experienced social workers; agencies pay more.",
        consequence="Children have changes of social worker and visits are missed.",
        owner_post=workforce.lead_post,
        plan=workforce.plan,
        theme=workforce,
        inherent_likelihood=5,
        inherent_impact=4,
        residual_likelihood=4,
        residual_impact=3,
        mitigating_actions=[actions["offer"], actions["agency"]],
        review_on=today + datetime.timedelta(days=30),
    )
    services.risk_create(
        user=user,
        local_authority=local_authority,
        reference="R2",
        title="Children's plans drift because escalations are not followed up",
        cause="Independent reviewing officers' challenge is not tracked.",
        consequence="Children wait too long for permanence.",
        owner=user,
        plan=quality.plan,
        section=quality_section,
        inherent_likelihood=3,
        inherent_impact=4,
        residual_likelihood=2,
        residual_impact=3,
        mitigating_actions=[quality_actions["escalations"]],
        review_on=today - datetime.timedelta(days=7),
    )
    services.risk_create(
        user=user,
        local_authority=local_authority,
        reference="R3",
        title="Performance data is not accurate enough to show the board real progress",
        owner_post=quality.lead_post,
        plan=quality.plan,
        theme=quality,
        inherent_likelihood=3,
        inherent_impact=3,
        residual_likelihood=2,
        residual_impact=3,
        mitigating_actions=[quality_actions["audits"]],
        review_on=today + datetime.timedelta(days=60),
    )
