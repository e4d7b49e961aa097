"""Reads for the calendar: the dates of every part of the service, for one local authority.

Each source is one function that runs one query and turns its rows into `CalendarEvent`s;
adding a source is one more function in `SOURCES`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Q
from django.utils import timezone

from tracker.accounts.access import council_authority_for_user
from tracker.accounts.models import User
from tracker.core.dates import month_start
from tracker.governance.models import Meeting, Risk
from tracker.inspections.models import Milestone
from tracker.plans.models import Action
from tracker.programme.models import Deliverable, ProjectMilestone


class Kind:
    """What an event is, as the calendar shows it."""

    INSPECTION_DEADLINE = "Inspection deadline"
    ACTION_DUE = "Action due"
    ACTION_REVIEW = "Action review"
    PROGRAMME_DELIVERABLE = "Programme deliverable"
    PROGRAMME_MILESTONE = "Programme milestone"
    MEETING = "Meeting"
    PAPER_DEADLINE = "Paper deadline"
    RISK_REVIEW = "Risk review"


@dataclass(frozen=True)
class CalendarEvent:
    """One date (or window of dates) in the calendar.

    `uid` names the source object, so a calendar program recognises the event when it moves.
    """

    on: datetime.date
    ends_on: datetime.date | None
    title: str
    kind: str
    detail: str
    url: str
    is_overdue: bool
    uid: str = field(default="", compare=False)

    @property
    def is_window(self) -> bool:
        return self.ends_on is not None

    @property
    def last_day(self) -> datetime.date:
        return self.ends_on or self.on


Source = Callable[[int, datetime.date, datetime.date, datetime.date], list[CalendarEvent]]


def _overlaps(
    first: datetime.date, last: datetime.date, start: datetime.date, end: datetime.date
) -> bool:
    return first <= end and last >= start


def inspection_deadline_events(
    local_authority_id: int, start: datetime.date, end: datetime.date, today: datetime.date
) -> list[CalendarEvent]:
    """Inspection milestones: the agreed date where there is one, else the date worked out by
    the rule; a window where the rule gives one. A deadline has no "done" record, so it is
    never shown as overdue."""
    in_range = (
        Q(derived_on__range=(start, end))
        | Q(override_on__range=(start, end))
        | Q(derived_earliest_on__lte=end, derived_latest_on__gte=start)
        | Q(override_earliest_on__lte=end, override_latest_on__gte=start)
    )
    rows = (
        Milestone.objects.filter(in_range, inspection__local_authority_id=local_authority_id)
        .select_related("inspection")
        .only(
            "id",
            "name",
            "inspection_id",
            "derived_on",
            "derived_earliest_on",
            "derived_latest_on",
            "override_on",
            "override_earliest_on",
            "override_latest_on",
            "inspection__kind",
            "inspection__started_on",
        )
    )
    events = []
    for milestone in rows:
        on = milestone.effective_on
        if on is not None:
            ends_on = None
        else:
            on, ends_on = milestone.effective_earliest_on, milestone.effective_latest_on
        if on is None or not _overlaps(on, ends_on or on, start, end):
            continue
        events.append(
            CalendarEvent(
                on=on,
                ends_on=ends_on,
                title=milestone.name,
                kind=Kind.INSPECTION_DEADLINE,
                detail=str(milestone.inspection),
                url=milestone.get_absolute_url(),
                is_overdue=False,
                uid=f"inspection-milestone-{milestone.pk}",
            )
        )
    return events


def action_events(
    local_authority_id: int, start: datetime.date, end: datetime.date, today: datetime.date
) -> list[CalendarEvent]:
    """Action due dates (overdue when past and not complete) and next review dates."""
    rows = (
        Action.objects.filter(
            Q(due_on__range=(start, end)) | Q(next_review_on__range=(start, end)),
            plan__local_authority_id=local_authority_id,
        )
        .select_related("plan")
        .only(
            "id",
            "plan_id",
            "reference",
            "description",
            "due_on",
            "next_review_on",
            "status",
            "plan__title",
        )
    )
    events = []
    for action in rows:
        title = f"{action.reference} {_shorten(action.description)}"
        if action.due_on is not None and start <= action.due_on <= end:
            events.append(
                CalendarEvent(
                    on=action.due_on,
                    ends_on=None,
                    title=title,
                    kind=Kind.ACTION_DUE,
                    detail=action.plan.title,
                    url=action.get_absolute_url(),
                    is_overdue=not action.is_complete and action.due_on < today,
                    uid=f"action-{action.pk}",
                )
            )
        if action.next_review_on is not None and start <= action.next_review_on <= end:
            events.append(
                CalendarEvent(
                    on=action.next_review_on,
                    ends_on=None,
                    title=title,
                    kind=Kind.ACTION_REVIEW,
                    detail=action.plan.title,
                    url=action.get_absolute_url(),
                    is_overdue=False,
                    uid=f"action-review-{action.pk}",
                )
            )
    return events


def deliverable_events(
    local_authority_id: int, start: datetime.date, end: datetime.date, today: datetime.date
) -> list[CalendarEvent]:
    """Programme deliverables, overdue when past their due date and not complete."""
    rows = (
        Deliverable.objects.filter(
            due_on__range=(start, end), project__programme__local_authority_id=local_authority_id
        )
        .select_related("project")
        .only("id", "description", "due_on", "status", "project__programme_id", "project__name")
    )
    return [
        CalendarEvent(
            on=deliverable.due_on,
            ends_on=None,
            title=_shorten(deliverable.description),
            kind=Kind.PROGRAMME_DELIVERABLE,
            detail=deliverable.project.name,
            url=deliverable.project.get_absolute_url(),
            is_overdue=not deliverable.is_complete and deliverable.due_on < today,
            uid=f"deliverable-{deliverable.pk}",
        )
        for deliverable in rows
    ]


def project_milestone_events(
    local_authority_id: int, start: datetime.date, end: datetime.date, today: datetime.date
) -> list[CalendarEvent]:
    """Programme milestones, overdue when past their due date and not achieved."""
    rows = (
        ProjectMilestone.objects.filter(
            due_on__range=(start, end), project__programme__local_authority_id=local_authority_id
        )
        .select_related("project")
        .only("id", "name", "due_on", "achieved_on", "project__programme_id", "project__name")
    )
    return [
        CalendarEvent(
            on=milestone.due_on,
            ends_on=None,
            title=milestone.name,
            kind=Kind.PROGRAMME_MILESTONE,
            detail=milestone.project.name,
            url=milestone.project.get_absolute_url(),
            is_overdue=milestone.achieved_on is None and milestone.due_on < today,
            uid=f"project-milestone-{milestone.pk}",
        )
        for milestone in rows
    ]


def meeting_events(
    local_authority_id: int, start: datetime.date, end: datetime.date, today: datetime.date
) -> list[CalendarEvent]:
    """Board meetings and their paper deadlines (cancelled meetings left out), in one query."""
    rows = (
        Meeting.objects.filter(
            Q(held_on__range=(start, end)) | Q(papers_due_on__range=(start, end)),
            board__local_authority_id=local_authority_id,
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("board")
        .only("id", "held_on", "papers_due_on", "location", "board__id", "board__name")
    )
    events: list[CalendarEvent] = []
    for meeting in rows:
        if start <= meeting.held_on <= end:
            events.append(
                CalendarEvent(
                    on=meeting.held_on,
                    ends_on=None,
                    title=meeting.board.name,
                    kind=Kind.MEETING,
                    detail=meeting.location,
                    url=meeting.get_absolute_url(),
                    is_overdue=False,
                    uid=f"meeting-{meeting.pk}",
                )
            )
        if start <= meeting.papers_due_on <= end:
            events.append(
                CalendarEvent(
                    on=meeting.papers_due_on,
                    ends_on=None,
                    title=f"Papers due for {meeting.board.name}",
                    kind=Kind.PAPER_DEADLINE,
                    detail=f"Meeting on {meeting.held_on.day} {meeting.held_on:%B %Y}",
                    url=meeting.get_absolute_url(),
                    is_overdue=False,
                    uid=f"meeting-papers-{meeting.pk}",
                )
            )
    return events


def risk_review_events(
    local_authority_id: int, start: datetime.date, end: datetime.date, today: datetime.date
) -> list[CalendarEvent]:
    """Reviews of open risks, overdue when the review date has passed."""
    rows = Risk.objects.filter(
        local_authority_id=local_authority_id,
        status=Risk.Status.OPEN,
        review_on__range=(start, end),
    ).only("id", "reference", "title", "review_on")
    return [
        CalendarEvent(
            on=risk.review_on,
            ends_on=None,
            title=f"{risk.reference} {risk.title}",
            kind=Kind.RISK_REVIEW,
            detail="",
            url=risk.get_absolute_url(),
            is_overdue=risk.review_on < today,
            uid=f"risk-review-{risk.pk}",
        )
        for risk in rows
        if risk.review_on is not None
    ]


# Each source with the kinds of event it gives, so a filtered calendar skips its query.
SOURCES: tuple[tuple[frozenset[str], Source], ...] = (
    (frozenset({Kind.INSPECTION_DEADLINE}), inspection_deadline_events),
    (frozenset({Kind.ACTION_DUE, Kind.ACTION_REVIEW}), action_events),
    (frozenset({Kind.PROGRAMME_DELIVERABLE}), deliverable_events),
    (frozenset({Kind.PROGRAMME_MILESTONE}), project_milestone_events),
    (frozenset({Kind.MEETING, Kind.PAPER_DEADLINE}), meeting_events),
    (frozenset({Kind.RISK_REVIEW}), risk_review_events),
)
KINDS: tuple[str, ...] = (
    Kind.INSPECTION_DEADLINE,
    Kind.ACTION_DUE,
    Kind.ACTION_REVIEW,
    Kind.PROGRAMME_DELIVERABLE,
    Kind.PROGRAMME_MILESTONE,
    Kind.MEETING,
    Kind.PAPER_DEADLINE,
    Kind.RISK_REVIEW,
)


def _shorten(text: str, length: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def calendar_events_for_user(
    *,
    user: User,
    start: datetime.date,
    end: datetime.date,
    kinds: Collection[str] | None = None,
) -> list[CalendarEvent]:
    """The dated events of the user's local authority from `start` to `end` (inclusive), in
    date order (`calendar_events`). The calendar is the council's own: refused (403) to a
    partner organisation's people."""
    local_authority = council_authority_for_user(user=user)
    return calendar_events(
        local_authority_id=local_authority.pk,
        start=start,
        end=end,
        today=timezone.localdate(),
        kinds=kinds,
    )


def calendar_events(
    *,
    local_authority_id: int,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
    kinds: Collection[str] | None = None,
) -> list[CalendarEvent]:
    """The dated events of a local authority from `start` to `end` (inclusive), in date
    order; windows that overlap the range are included. `kinds` limits the events to those
    kinds; `today` says what is overdue. One query per source, whatever the number of events.

    Nothing here depends on who asks: every member of the council sees the same calendar, so
    the calendar page keeps it for the authority rather than for each user. Whoever may see it
    is for the caller to check (`calendar_events_for_user`)."""
    wanted = set(KINDS if kinds is None else kinds)
    events: list[CalendarEvent] = []
    for source_kinds, source in SOURCES:
        if source_kinds & wanted:
            events.extend(
                event
                for event in source(local_authority_id, start, end, today)
                if event.kind in wanted
            )
    return sorted(events, key=lambda event: (event.on, KINDS.index(event.kind), event.title))


# Grouping for the month list page -----------------------------------------------------------


@dataclass(frozen=True)
class CalendarDay:
    on: datetime.date
    events: list[CalendarEvent]


@dataclass(frozen=True)
class CalendarMonth:
    first_day: datetime.date
    days: list[CalendarDay]


def calendar_months(
    events: list[CalendarEvent], *, start: datetime.date, months: int
) -> list[CalendarMonth]:
    """The events grouped by month, then by day, for `months` months from `start`'s month.
    A window that began before the first month is listed on the first day shown."""
    first = month_start(start)
    result = []
    for offset in range(months):
        first_of_month = month_start(first, offset)
        month_end = month_start(first, offset + 1) - datetime.timedelta(days=1)
        in_month = sorted(
            (
                (max(event.on, first), event)
                for event in events
                if first_of_month <= max(event.on, first) <= month_end
            ),
            key=lambda pair: pair[0],
        )
        days = [
            CalendarDay(on=on, events=[event for _, event in group])
            for on, group in groupby(in_month, key=lambda pair: pair[0])
        ]
        result.append(CalendarMonth(first_day=first_of_month, days=days))
    return result
