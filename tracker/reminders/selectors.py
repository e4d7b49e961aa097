"""Reads for update cycles: who is reminded of what, in a fixed number of queries."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet

from tracker.accounts.models import Organisation, User
from tracker.core.working_days import Closures, closures_load
from tracker.governance.models import Board
from tracker.governance.selectors import board_upcoming_meeting_dates, plan_improvement_board
from tracker.plans.models import COMPLETE_STATUSES, Action, Plan, PlanPartnerAccess
from tracker.reminders import rules
from tracker.reminders.models import ReminderSent, UpdateCycle


@dataclass
class ActionLine:
    """An action as a reminder lists it, with the owners a lead would chase."""

    action: Action
    is_overdue: bool
    is_due_soon: bool
    is_stale: bool
    owners: list[str] = field(default_factory=list)


@dataclass
class OwnerDigest:
    """An action owner's actions that need an update, one list each (an action is listed
    once: overdue first, then due soon, then not updated this cycle)."""

    recipient: User
    overdue: list[ActionLine] = field(default_factory=list)
    due_soon: list[ActionLine] = field(default_factory=list)
    stale: list[ActionLine] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.overdue) + len(self.due_soon) + len(self.stale)


@dataclass
class Escalation:
    """A lead's list of overdue actions and actions not updated this cycle, with owners."""

    recipient: User
    overdue: list[ActionLine] = field(default_factory=list)
    stale: list[ActionLine] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.overdue) + len(self.stale)


@dataclass(frozen=True)
class BoardDates:
    """The plan's improvement board and its meetings from today on that are not cancelled:
    where an update cycle takes the date of the next board from."""

    board: Board | None
    meeting_dates: list[datetime.date]

    @property
    def is_recorded(self) -> bool:
        """Whether the board's meetings give the next board's date (so nobody types it)."""
        return bool(self.meeting_dates)


def cycle_board_dates(*, plan: Plan, today: datetime.date) -> BoardDates:
    """The plan's improvement board (`plan_improvement_board`) and the dates of its meetings
    from today on, not cancelled (three queries at most)."""
    board = plan_improvement_board(plan=plan)
    dates = board_upcoming_meeting_dates(board=board, today=today) if board else []
    return BoardDates(board=board, meeting_dates=dates)


def cycle_board_on(
    *, cycle: UpdateCycle, board_dates: BoardDates, today: datetime.date, closures: Closures
) -> datetime.date | None:
    """The board the cycle works towards today: from the board's meetings when any are
    recorded, else from the date typed by hand; None when neither is known."""
    return rules.board_on_for_cycle(
        board_dates.meeting_dates,
        cycle.next_board_on,
        cycle.frequency,
        cycle.closes_working_days_before,
        today,
        closures,
    )


@dataclass
class CycleReminders:
    """Everything one cycle's reminders say, ready to send or preview."""

    cycle: UpdateCycle
    board: Board | None
    is_board_from_meetings: bool
    board_on: datetime.date
    deadline: datetime.date
    cycle_start: datetime.date
    digests: list[OwnerDigest]
    escalations: list[Escalation]


def _can_receive(user: User, local_authority_id: int) -> bool:
    return bool(user.is_active and user.email and user.local_authority_id == local_authority_id)


def _partners_not_shared(plan: Plan) -> set[int]:
    """The authority's partner organisations the plan is not shared with: their people get
    no reminders of it, as they cannot open it (`tracker.plans.access.plans_visible_to`).
    One query."""
    shared = PlanPartnerAccess.objects.filter(
        plan=plan, organisation=OuterRef("pk"), withdrawn_at__isnull=True
    )
    return set(
        Organisation.objects.filter(local_authority_id=plan.local_authority_id)
        .exclude(kind=Organisation.Kind.LOCAL_AUTHORITY)
        .exclude(Exists(shared))
        .values_list("pk", flat=True)
    )


def _owner_names(action: Action) -> list[str]:
    return (
        [post.title for post in action.owner_posts.all()]
        + [str(person) for person in action.owner_users.all()]
        + [organisation.name for organisation in action.owner_organisations.all()]
    )


def _open_actions(plan: Plan) -> list[Action]:
    return list(
        Action.objects.filter(plan=plan)
        .exclude(status__in=COMPLETE_STATUSES)
        .select_related("latest_update")
        .prefetch_related("owner_posts", "owner_users", "owner_organisations")
        .order_by("position", "pk")
    )


def _lines(
    actions: list[Action], *, today: datetime.date, cycle_start: datetime.date, due_soon_days: int
) -> list[ActionLine]:
    lines = []
    for action in actions:
        recorded_on = action.latest_update.recorded_on if action.latest_update else None
        is_overdue = action.due_on is not None and action.due_on < today
        is_due_soon = rules.is_due_soon(action.due_on, today, due_soon_days)
        is_stale = rules.is_stale(recorded_on, cycle_start)
        if is_overdue or is_due_soon or is_stale:
            lines.append(
                ActionLine(
                    action=action,
                    is_overdue=is_overdue,
                    is_due_soon=is_due_soon,
                    is_stale=is_stale,
                    owners=_owner_names(action),
                )
            )
    return lines


def _owners_by_action(
    lines: list[ActionLine], plan: Plan, not_shared: set[int]
) -> dict[int, list[User]]:
    """The people each action's reminders go to: named owners, holders of owning posts and
    action owners in owning organisations, all of the plan's local authority."""
    la = plan.local_authority_id
    post_ids = {post.pk for line in lines for post in line.action.owner_posts.all()}
    organisation_ids = {
        organisation.pk for line in lines for organisation in line.action.owner_organisations.all()
    }
    holders: dict[int, list[User]] = defaultdict(list)
    for link in User.posts.through.objects.filter(post_id__in=post_ids).select_related("user"):
        holders[link.post_id].append(link.user)
    members: dict[int, list[User]] = defaultdict(list)
    for person in User.objects.filter(
        organisation_id__in=organisation_ids, role=User.Role.ACTION_OWNER
    ):
        assert person.organisation_id is not None  # noqa: S101 - filtered above
        members[person.organisation_id].append(person)
    owners: dict[int, list[User]] = {}
    for line in lines:
        action = line.action
        people: dict[int, User] = {}
        for person in action.owner_users.all():
            people[person.pk] = person
        for post in action.owner_posts.all():
            people.update((person.pk, person) for person in holders[post.pk])
        for organisation in action.owner_organisations.all():
            people.update((person.pk, person) for person in members[organisation.pk])
        owners[action.pk] = [
            person
            for person in people.values()
            if _can_receive(person, la) and person.organisation_id not in not_shared
        ]
    return owners


def _leads(plan: Plan, not_shared: set[int]) -> list[User]:
    """Improvement leads of the plan's local authority and the plan's thematic leads (named,
    or holding a thematic lead post); no one of a partner organisation the plan is not shared
    with."""
    people = (
        User.objects.filter(
            Q(role=User.Role.IMPROVEMENT_LEAD)
            | Q(led_themes__plan=plan)
            | Q(posts__led_themes__plan=plan),
            local_authority_id=plan.local_authority_id,
            is_active=True,
        )
        .exclude(email="")
        .exclude(organisation_id__in=not_shared)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
    return list(people)


def cycle_get_reminders(
    *, cycle: UpdateCycle, today: datetime.date, closures: Closures | None = None
) -> CycleReminders | None:
    """Who would be reminded today, and of what, for a plan's update cycle.

    The next board's date comes from the meetings recorded for the plan's improvement board,
    else from the date typed on the cycle (`cycle_board_on`); None when neither is known.
    Owners get a digest of their open actions that are overdue, due within the cycle's
    "due soon" days, or not updated since the cycle began; leads get the overdue and stale
    actions with their owners. A fixed number of queries, however many actions there are.
    """
    plan = cycle.plan
    if closures is None:
        closures = closures_load(local_authority_id=plan.local_authority_id)
    board_dates = cycle_board_dates(plan=plan, today=today)
    board_on = cycle_board_on(cycle=cycle, board_dates=board_dates, today=today, closures=closures)
    if board_on is None:
        return None
    deadline = rules.cycle_deadline(board_on, cycle.closes_working_days_before, closures)
    start = rules.cycle_start(board_on, cycle.frequency, cycle.closes_working_days_before, closures)
    lines = _lines(
        _open_actions(plan), today=today, cycle_start=start, due_soon_days=cycle.due_soon_days
    )
    not_shared = _partners_not_shared(plan)
    owners = _owners_by_action(lines, plan, not_shared)

    digests: dict[int, OwnerDigest] = {}
    for line in lines:
        for person in owners[line.action.pk]:
            digest = digests.setdefault(person.pk, OwnerDigest(recipient=person))
            if line.is_overdue:
                digest.overdue.append(line)
            elif line.is_due_soon:
                digest.due_soon.append(line)
            else:
                digest.stale.append(line)

    to_escalate = [line for line in lines if line.is_overdue or line.is_stale]
    escalations = []
    if to_escalate:
        for lead in _leads(plan, not_shared):
            escalation = Escalation(recipient=lead)
            for line in to_escalate:
                (escalation.overdue if line.is_overdue else escalation.stale).append(line)
            escalations.append(escalation)

    return CycleReminders(
        cycle=cycle,
        board=board_dates.board,
        is_board_from_meetings=board_dates.is_recorded,
        board_on=board_on,
        deadline=deadline,
        cycle_start=start,
        digests=sorted(digests.values(), key=lambda d: (str(d.recipient), d.recipient.pk)),
        escalations=escalations,
    )


def cycles_with_open_window(
    *, today: datetime.date, closures: dict[int, Closures] | None = None
) -> list[UpdateCycle]:
    """Active cycles of open plans (neither closed nor merged into another) whose reminder
    window is open today: from `due_soon_days` days before the update deadline up to the
    deadline. Cycles whose next board's date is
    not known are left out. Three queries a cycle (its board and meetings): a daily job over
    one cycle a plan."""
    closures = closures if closures is not None else {}
    cycles = (
        UpdateCycle.objects.filter(is_active=True, plan__merged_into__isnull=True)
        .exclude(plan__status=Plan.Status.CLOSED)
        .select_related("plan")
        .order_by("pk")
    )
    open_cycles = []
    for cycle in cycles:
        local_authority_id = cycle.plan.local_authority_id
        if local_authority_id not in closures:
            closures[local_authority_id] = closures_load(local_authority_id=local_authority_id)
        its_closures = closures[local_authority_id]
        board_dates = cycle_board_dates(plan=cycle.plan, today=today)
        board_on = cycle_board_on(
            cycle=cycle, board_dates=board_dates, today=today, closures=its_closures
        )
        if board_on is None:
            continue
        deadline = rules.cycle_deadline(board_on, cycle.closes_working_days_before, its_closures)
        if rules.reminder_window_is_open(today, deadline, cycle.due_soon_days):
            open_cycles.append(cycle)
    return open_cycles


def reminders_sent_for(*, cycle: UpdateCycle, deadline: datetime.date) -> QuerySet[ReminderSent]:
    """The reminders already sent for this cycle's deadline."""
    return ReminderSent.objects.filter(cycle=cycle, cycle_deadline=deadline, sent_at__isnull=False)


def update_cycle_for_plan(*, plan: Plan) -> UpdateCycle | None:
    """The plan's update cycle, or None when it has none yet."""
    return UpdateCycle.objects.filter(plan=plan).first()
