"""The plan as it stood at the end of a past day, reconstructed from history.

Every action's state comes from django-simple-history (`Action.history`): the latest
historical record of each action saved before the end of the day (local midnight, Europe/London,
that ends it). Each selector runs a fixed number of queries whatever the plan's size: the
plan's history is fetched once and folded in Python.

Two limits, both deliberate:
- Actions with no history rows at all (bulk-loaded synthetic data, written without
  simple-history) fall back to their current row if they were created by then.
- Sections are placed by their current number; an action whose section no longer exists is
  shown last.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import Count, Model
from django.utils import timezone

from tracker.core.formatting import format_date
from tracker.plans import rules
from tracker.plans.models import Action, Plan, ProgressUpdate, Section
from tracker.plans.selectors import (
    ActionRow,
    action_url_template,
    moved_from,
    owners_by_action,
    plan_action_rows,
    status_label,
)

CHART_MONTHS = 6
FUTURE_DATE_MESSAGE = "The date must be today or in the past"
REMOVED_SECTION_TITLE = "Section no longer in the plan"

_STATE_FIELDS = (
    "id",
    "section_id",
    "reference",
    "position",
    "description",
    "owner_note",
    "due_on",
    "original_due_on",
    "status",
    "brag",
    "origin_reference",
    "origin_section_title",
    "origin_plan__title",
)


def end_of_day(on: datetime.date) -> datetime.datetime:
    """The moment a day ends in the service's time zone (the local midnight that follows it)."""
    return datetime.datetime.combine(
        on + datetime.timedelta(days=1), datetime.time.min, tzinfo=timezone.get_default_timezone()
    )


def _states_at(*, plan: Plan, moment: datetime.datetime) -> tuple[dict[int, dict[str, Any]], bool]:
    """Each action's fields as they were just before `moment`, keyed by id, with
    `history_id` set (None for an action without history). Two queries."""
    # Every record of the actions that were ever in the plan: an action moved to another plan
    # by a merge is in this plan only while its latest record says so.
    records = (
        Action.history.filter(
            id__in=Action.history.filter(plan_id=plan.pk).values("id"), history_date__lt=moment
        )
        .order_by("id", "history_date", "history_id")
        .values(*_STATE_FIELDS, "plan_id", "history_id", "history_type")
    )
    latest: dict[int, dict[str, Any]] = {}
    for record in records:
        latest[record["id"]] = record
    states = {
        pk: record
        for pk, record in latest.items()
        if record["history_type"] != "-" and record.pop("plan_id") == plan.pk
    }
    with_history = Action.history.filter(plan_id=plan.pk).values("id")
    unrecorded = (
        Action.objects.filter(plan=plan, created_at__lt=moment)
        .exclude(pk__in=with_history)
        .values(*_STATE_FIELDS)
    )
    has_unrecorded = False
    for row in unrecorded:
        states[row["id"]] = {**row, "history_id": None}
        has_unrecorded = True
    return states, has_unrecorded


def _m2m_history(name: str) -> type[Model]:
    """simple-history's copy of one of the action's owner link tables."""
    return apps.get_model("plans", f"HistoricalAction_{name}")


def _owners_at(states: dict[int, dict[str, Any]]) -> dict[int, list[str]]:
    """Owners as each chosen history record holds them: posts, organisations, then people,
    each in the order they were given (three queries)."""
    by_history = {s["history_id"]: pk for pk, s in states.items() if s["history_id"] is not None}
    owners: dict[int, list[str]] = defaultdict(list)
    if not by_history:
        return owners
    ids = list(by_history)
    posts = _m2m_history("owner_posts")._default_manager.filter(history_id__in=ids).order_by("id")
    for history_id, title in posts.values_list("history_id", "post__title"):
        owners[by_history[history_id]].append(title)
    organisations = _m2m_history("owner_organisations")._default_manager.filter(history_id__in=ids)
    for history_id, name in organisations.order_by("id").values_list(
        "history_id", "organisation__name"
    ):
        owners[by_history[history_id]].append(name)
    users = _m2m_history("owner_users")._default_manager.filter(history_id__in=ids).order_by("id")
    for history_id, first, last, username in users.values_list(
        "history_id", "user__first_name", "user__last_name", "user__username"
    ):
        owners[by_history[history_id]].append(f"{first or ''} {last or ''}".strip() or username)
    return owners


def _latest_progress_at(
    *, action_ids: Sequence[int], moment: datetime.datetime
) -> dict[int, tuple[datetime.date, str]]:
    """Each action's latest progress entry among those written before `moment`: the latest
    "progress as at" date, the most recently written on a tie, as the plan page picks it
    (two queries). By action, not by plan: an action moved since keeps its entries."""
    entries = (
        ProgressUpdate.objects.filter(action_id__in=list(action_ids), created_at__lt=moment)
        .order_by("action_id", "recorded_on", "created_at", "pk")
        .values_list("action_id", "pk")
    )
    chosen = dict(entries)  # ordered oldest first, so the last entry of each action wins
    rows = ProgressUpdate.objects.filter(pk__in=list(chosen.values())).values_list(
        "action_id", "recorded_on", "narrative"
    )
    return {action_id: (recorded_on, narrative) for action_id, recorded_on, narrative in rows}


def action_rows_on(
    *, plan: Plan, on: datetime.date, moment: datetime.datetime | None = None
) -> list[ActionRow]:
    """The plan's actions as they stood at the end of `on`, in plan order (section number,
    position, id), as the plan page's rows.

    - From today on, exactly the rows the plan page shows now.
    - Before today, each action's latest history record saved by the end of the day; actions
      deleted by then, or created later, are left out. The progress shown is the latest entry
      written by then; "overdue" is judged as on that day.
    - Owners come from the history record's own copy of the owner links. Actions without any
      history (bulk-loaded synthetic data) show their current row and today's owners, if they
      were created by then.

    `moment` rebuilds the plan just before that moment rather than at the end of `on` (the
    plan as it stood before it was merged), even today.

    A fixed number of queries (at most ten), whatever the plan's size.
    """
    today = timezone.localdate()
    if on >= today and moment is None:
        return plan_action_rows(plan=plan, today=today)
    moment = moment or end_of_day(on)
    states, has_unrecorded = _states_at(plan=plan, moment=moment)
    owners = _owners_at(states)
    if has_unrecorded:
        current = owners_by_action(plan=plan)
        for pk, state in states.items():
            if state["history_id"] is None:
                owners[pk] = current.get(pk, [])
    progress = _latest_progress_at(action_ids=list(states), moment=moment)
    numbers = dict(Section.objects.filter(plan=plan).values_list("pk", "number"))
    url = action_url_template(plan)
    last = 1 + max(numbers.values(), default=0)
    ordered = sorted(
        states.values(),
        key=lambda s: (numbers.get(s["section_id"], last), s["position"], s["id"]),
    )
    rows = []
    for state in ordered:
        pk = state["id"]
        latest_on, narrative = progress.get(pk, (None, None))
        rows.append(
            ActionRow(
                pk=pk,
                section_id=state["section_id"],
                reference=state["reference"],
                description=state["description"],
                who=tuple(owners.get(pk, ())),
                owner_note=state["owner_note"],
                due_on=state["due_on"],
                original_due_on=state["original_due_on"],
                status=state["status"],
                status_label=status_label(state["status"]),
                brag=state["brag"],
                is_overdue=rules.is_overdue(
                    status=state["status"], due_on=state["due_on"], today=on
                ),
                latest_on=latest_on,
                latest_narrative=narrative,
                url=url.format(pk),
                moved_from=moved_from(
                    reference=state["origin_reference"],
                    section=state["origin_section_title"],
                    plan=state["origin_plan__title"],
                ),
            )
        )
    return rows


@dataclass(frozen=True)
class ActionAsAt:
    """An action as it stood; `url` is its page, or empty when it has been deleted since."""

    row: ActionRow
    url: str


@dataclass(frozen=True)
class SectionAsAt:
    """A section as it stood, with its actions then. `number` is None for the actions whose
    section has no record by then (deleted since, or its history lost)."""

    number: int | None
    title: str
    actions: list[ActionAsAt]

    @property
    def heading(self) -> str:
        return self.title if self.number is None else f"{self.number}. {self.title}"


@dataclass(frozen=True)
class PlanAsAt:
    """The plan's sections and actions as they stood at the end of `on`."""

    on: datetime.date
    is_today: bool
    sections: list[SectionAsAt]
    # Set when the plan is shown just before a moment (its merge) rather than at a day's end.
    before: datetime.datetime | None = None

    @property
    def total(self) -> int:
        return sum(len(section.actions) for section in self.sections)

    @property
    def overdue(self) -> int:
        return sum(item.row.is_overdue for section in self.sections for item in section.actions)


def _sections_at(*, plan: Plan, moment: datetime.datetime) -> list[tuple[int, int, str]]:
    """(id, number, title) of each section of the plan as it stood just before `moment`, in
    number order: the latest history record of each, or the current row of a section with no
    history that was created by then (two queries)."""
    records = (
        Section.history.filter(
            id__in=Section.history.filter(plan_id=plan.pk).values("id"), history_date__lt=moment
        )
        .order_by("id", "history_date", "history_id")
        .values_list("id", "number", "title", "history_type", "plan_id")
    )
    latest: dict[int, tuple[int, str, str, int]] = {}
    for pk, number, title, kind, plan_id in records:
        latest[pk] = (number, title, kind, plan_id)
    sections = [
        (pk, n, t)
        for pk, (n, t, kind, plan_id) in latest.items()
        if kind != "-" and plan_id == plan.pk
    ]
    unrecorded = (
        Section.objects.filter(plan=plan, created_at__lt=moment)
        .exclude(pk__in=Section.history.filter(plan_id=plan.pk).values("id"))
        .values_list("id", "number", "title")
    )
    sections.extend(unrecorded)
    return sorted(sections, key=lambda s: (s[1], s[0]))


def plan_as_at(
    *, plan: Plan, on: datetime.date, moment: datetime.datetime | None = None
) -> PlanAsAt:
    """The plan as it stood at the end of `on`, section by section: each action's owners,
    status, BRAG, due date and latest progress as `action_rows_on` rebuilds them, under its
    section's number and title as they were then. Today's plan is the plan page's own rows.

    Refuses (ValidationError on "date") a date after today, and a date before the plan was
    created: there is no record of it then. A fixed number of queries (at most fourteen),
    whatever the plan's size. `moment` shows it just before that moment instead (a merged
    plan as it stood before the merge, `on` being that day).
    """
    today = timezone.localdate()
    if on > today:
        raise ValidationError({"date": [FUTURE_DATE_MESSAGE]})
    created_on = timezone.localdate(plan.created_at)
    if on < created_on:
        raise ValidationError(
            {
                "date": [
                    f"The date must be on or after {format_date(created_on)}, when the plan "
                    "was created"
                ]
            }
        )
    rows = action_rows_on(plan=plan, on=on, moment=moment)
    if moment is not None:
        sections = _sections_at(plan=plan, moment=moment)
    elif on >= today:
        sections = list(
            Section.objects.filter(plan=plan)
            .order_by("number", "pk")
            .values_list("id", "number", "title")
        )
    else:
        sections = _sections_at(plan=plan, moment=end_of_day(on))
    current = set(Action.objects.filter(plan=plan).values_list("pk", flat=True))
    by_section: dict[int, list[ActionAsAt]] = defaultdict(list)
    for row in rows:
        by_section[row.section_id].append(ActionAsAt(row, row.url if row.pk in current else ""))
    blocks = [
        SectionAsAt(number=number, title=title, actions=by_section.pop(pk, []))
        for pk, number, title in sections
    ]
    orphans = [item for items in by_section.values() for item in items]
    if orphans:
        blocks.append(SectionAsAt(number=None, title=REMOVED_SECTION_TITLE, actions=orphans))
    return PlanAsAt(on=on, is_today=on == today and moment is None, sections=blocks, before=moment)


def brag_over_time(
    *, plan: Plan, dates: Sequence[datetime.date]
) -> list[tuple[datetime.date, Counter[str]]]:
    """Counts of the plan's actions by BRAG code ("blue", "green", "amber", "red", and "" for
    not rated) at the end of each date, in the order given.

    Dates from today on count the plan as it is now; earlier dates are folded from the plan's
    history (fetched once), with the same rules as `action_rows_on`. Three queries at most.
    """
    return brag_over_time_for_plans(plans=[plan], dates=dates)[plan.pk]


def brag_over_time_for_plans(
    *, plans: Sequence[Plan], dates: Sequence[datetime.date]
) -> dict[int, list[tuple[datetime.date, Counter[str]]]]:
    """`brag_over_time` for several plans at once, by plan id, in the same three queries."""
    today = timezone.localdate()
    plan_ids = [plan.pk for plan in plans]
    past = sorted({on for on in dates if on < today})
    counts: dict[tuple[int, datetime.date], Counter[str]] = {}
    if past and plan_ids:
        last = end_of_day(past[-1])
        # Every record of the actions ever in these plans: one moved to another plan by a
        # merge leaves its first plan's count when it moves.
        records = (
            Action.history.filter(
                id__in=Action.history.filter(plan_id__in=plan_ids).values("id"),
                history_date__lt=last,
            )
            .order_by("history_date", "history_id")
            .values_list("plan_id", "id", "history_date", "history_type", "brag")
        )
        with_history = Action.history.filter(plan_id__in=plan_ids).values("id")
        unrecorded = (
            Action.objects.filter(plan_id__in=plan_ids, created_at__lt=last)
            .exclude(pk__in=with_history)
            .values_list("plan_id", "id", "created_at", "brag")
        )
        events = [(at, plan_id, pk, kind, brag) for plan_id, pk, at, kind, brag in records]
        events += [(at, plan_id, pk, "+", brag) for plan_id, pk, at, brag in unrecorded]
        events.sort(key=lambda event: event[0])
        state: dict[int, dict[int, str]] = {plan_id: {} for plan_id in plan_ids}
        where: dict[int, int] = {}  # the plan each action is in, as the records go
        index = 0
        for on in past:
            moment = end_of_day(on)
            while index < len(events) and events[index][0] < moment:
                _at, plan_id, pk, kind, brag = events[index]
                was_in = where.pop(pk, None)
                if was_in is not None:
                    state[was_in].pop(pk, None)
                if kind != "-" and plan_id in state:
                    state[plan_id][pk] = brag
                    where[pk] = plan_id
                index += 1
            for plan_id in plan_ids:
                counts[plan_id, on] = Counter(state[plan_id].values())
    if plan_ids and any(on >= today for on in dates):
        now: dict[int, Counter[str]] = {plan_id: Counter() for plan_id in plan_ids}
        rows = (
            Action.objects.filter(plan_id__in=plan_ids)
            .values("plan_id", "brag")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in rows:
            now[row["plan_id"]][row["brag"]] += row["n"]
        for on in dates:
            if on >= today:
                for plan_id in plan_ids:
                    counts[plan_id, on] = now[plan_id]
    return {plan_id: [(on, Counter(counts[plan_id, on])) for on in dates] for plan_id in plan_ids}


def default_chart_dates(*, today: datetime.date | None = None) -> list[datetime.date]:
    """The dates the "BRAG over time" chart shows: the last day of each of the six months
    before this one, oldest first, then today."""
    today = today or timezone.localdate()
    dates = []
    month_end = today.replace(day=1) - datetime.timedelta(days=1)
    for _ in range(CHART_MONTHS):
        dates.append(month_end)
        month_end = month_end.replace(day=1) - datetime.timedelta(days=1)
    return [*reversed(dates), today]
