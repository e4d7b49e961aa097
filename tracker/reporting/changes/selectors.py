"""What changed in a plan between two dates, and which dates to compare by default.

Both states are reconstructed from history (`tracker.plans.history.selectors`,
`tracker.governance.history.selectors`), so any past date works ("the plan as it stood on
12 March"). A fixed number of queries whatever the plan's size.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone

from tracker.core.formatting import format_date
from tracker.governance.history.selectors import RiskState, plan_risks_on
from tracker.governance.models import Board, Meeting
from tracker.governance.selectors import plan_improvement_board
from tracker.plans.history.selectors import action_rows_on, end_of_day
from tracker.plans.models import COMPLETE_STATUSES, Brag, DeliveryStatus, DueDateChange, Plan
from tracker.plans.selectors import ActionRow
from tracker.reporting.documents.data import ChangeLine, PlanChanges, RiskLine

DATE_ORDER_MESSAGE = "The 'from' date must be before the 'to' date"
_BRAG_LABELS = dict(Brag.choices)


def _brag_label(brag: str) -> str:
    return str(_BRAG_LABELS.get(brag, "")) if brag else "Not rated"


def _due_label(due_on: datetime.date | None) -> str:
    return format_date(due_on) if due_on else "No due date"


def _line(row: ActionRow, *, before: str, after: str, note: str = "") -> ChangeLine:
    return ChangeLine(
        action_id=row.pk,
        reference=row.reference,
        description=row.description,
        before=before,
        after=after,
        note=note,
    )


def _scores(risk: RiskState) -> str:
    return f"Inherent {risk.inherent_score}, residual {risk.residual_score}"


def _reasons(
    *, plan: Plan, since: datetime.date, until: datetime.date
) -> dict[tuple[int, datetime.date | None], str]:
    """The reason given for each due date set between the two dates, by (action, new date):
    the latest one given when a date was set more than once (one query)."""
    changes = (
        DueDateChange.objects.filter(
            action__plan=plan,
            created_at__gte=end_of_day(since),
            created_at__lt=end_of_day(until),
        )
        .order_by("created_at", "pk")
        .values_list("action_id", "new_due_on", "reason")
    )
    return {(action_id, new_due_on): reason for action_id, new_due_on, reason in changes if reason}


def _checked_dates(
    since: datetime.date, until: datetime.date
) -> tuple[datetime.date, datetime.date]:
    """The two dates, refused unless in order, and no later than today."""
    if since >= until:
        raise ValidationError({"since": [DATE_ORDER_MESSAGE]})
    today = timezone.localdate()
    until = min(until, today)
    since = min(since, today)
    if since >= until:
        raise ValidationError({"since": ["The 'from' date must be in the past"]})
    return since, until


@dataclass(frozen=True)
class CountLine:
    """One line of the "counts at each date" table."""

    label: str
    since: int
    until: int


def _counts(rows: list[ActionRow]) -> dict[str, int]:
    counts: dict[str, int] = {"total": len(rows), "overdue": sum(r.is_overdue for r in rows)}
    for row in rows:
        counts[f"status:{row.status}"] = counts.get(f"status:{row.status}", 0) + 1
        counts[f"brag:{row.brag}"] = counts.get(f"brag:{row.brag}", 0) + 1
    return counts


def plan_changes_with_counts(
    *, plan: Plan, since: datetime.date, until: datetime.date
) -> tuple[PlanChanges, list[CountLine]]:
    """`plan_changes`, with the plan's counts of actions at each of the two dates: in all, by
    status, by BRAG and overdue (for the page's summary table). Same rules, same queries."""
    since, until = _checked_dates(since, until)
    before_rows = action_rows_on(plan=plan, on=since)
    after_rows = action_rows_on(plan=plan, on=until)
    changes = _compare(
        plan=plan, since=since, until=until, before_rows=before_rows, after_rows=after_rows
    )
    old, new = _counts(before_rows), _counts(after_rows)
    keys = [("total", "All actions")]
    keys += [(f"status:{value}", str(label)) for value, label in DeliveryStatus.choices]
    keys += [(f"brag:{value}", str(label)) for value, label in Brag.choices if value]
    keys += [("brag:", "Not rated"), ("overdue", "Overdue")]
    lines = [
        CountLine(label=label, since=old.get(key, 0), until=new.get(key, 0)) for key, label in keys
    ]
    return changes, lines


def plan_changes(*, plan: Plan, since: datetime.date, until: datetime.date) -> PlanChanges:
    """What changed in the plan between the end of `since` and the end of `until`: status and
    BRAG changes, new, completed and removed actions, re-baselined due dates (with the reason
    given, where there is one), new risks and risk score changes.

    Dates after today are taken as today. `since` must be before `until`.
    """
    since, until = _checked_dates(since, until)
    return _compare(
        plan=plan,
        since=since,
        until=until,
        before_rows=action_rows_on(plan=plan, on=since),
        after_rows=action_rows_on(plan=plan, on=until),
    )


def _compare(
    *,
    plan: Plan,
    since: datetime.date,
    until: datetime.date,
    before_rows: list[ActionRow],
    after_rows: list[ActionRow],
) -> PlanChanges:
    before = {row.pk: row for row in before_rows}
    after = {row.pk: row for row in after_rows}
    reasons = _reasons(plan=plan, since=since, until=until)

    status_changes, brag_changes, new_actions, completed, rebaselined = [], [], [], [], []
    for row in after_rows:
        old = before.get(row.pk)
        if old is None:
            new_actions.append(_line(row, before="", after=row.status_label))
            if row.status in COMPLETE_STATUSES:
                completed.append(_line(row, before="", after=row.status_label))
            continue
        if old.status != row.status:
            status_changes.append(_line(row, before=old.status_label, after=row.status_label))
            if row.status in COMPLETE_STATUSES and old.status not in COMPLETE_STATUSES:
                completed.append(_line(row, before=old.status_label, after=row.status_label))
        if old.brag != row.brag:
            brag_changes.append(
                _line(row, before=_brag_label(old.brag), after=_brag_label(row.brag))
            )
        if old.due_on is not None and old.due_on != row.due_on:
            # Setting a first due date is planning, not re-baselining (as in highlight reports).
            rebaselined.append(
                _line(
                    row,
                    before=_due_label(old.due_on),
                    after=_due_label(row.due_on),
                    note=reasons.get((row.pk, row.due_on), ""),
                )
            )
    removed = [
        _line(row, before=row.status_label, after="Removed")
        for pk, row in before.items()
        if pk not in after
    ]

    risks_before = {risk.risk_id: risk for risk in plan_risks_on(plan=plan, on=since)}
    new_risks, score_changes = [], []
    for risk in plan_risks_on(plan=plan, on=until):
        old_risk = risks_before.get(risk.risk_id)
        if old_risk is None:
            new_risks.append(
                RiskLine(
                    risk_id=risk.risk_id,
                    reference=risk.reference,
                    title=risk.title,
                    before="",
                    after=_scores(risk),
                )
            )
        elif (old_risk.inherent_score, old_risk.residual_score) != (
            risk.inherent_score,
            risk.residual_score,
        ):
            score_changes.append(
                RiskLine(
                    risk_id=risk.risk_id,
                    reference=risk.reference,
                    title=risk.title,
                    before=_scores(old_risk),
                    after=_scores(risk),
                )
            )
    return PlanChanges(
        since=since,
        until=until,
        status_changes=tuple(status_changes),
        brag_changes=tuple(brag_changes),
        new_actions=tuple(new_actions),
        completed_actions=tuple(completed),
        rebaselined=tuple(rebaselined),
        removed_actions=tuple(removed),
        new_risks=tuple(new_risks),
        risk_score_changes=tuple(score_changes),
    )


def previous_meeting(*, meeting: Meeting) -> Meeting | None:
    """The same board's latest earlier meeting that was not cancelled (one query)."""
    earlier = Q(held_on__lt=meeting.held_on) | Q(held_on=meeting.held_on, pk__lt=meeting.pk)
    return (
        Meeting.objects.filter(earlier, board_id=meeting.board_id)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-held_on", "-pk")
        .first()
    )


def comparison_boards(*, plan: Plan) -> QuerySet[Board]:
    """The boards of the plan's local authority, by name: the page's board choices."""
    return Board.objects.filter(local_authority_id=plan.local_authority_id).order_by("name", "pk")


def comparison_board(*, plan: Plan) -> Board | None:
    """The board whose meetings a plan is compared across by default: the plan's improvement
    board (`tracker.governance.selectors.plan_improvement_board`; two queries at most)."""
    return plan_improvement_board(plan=plan)


def last_meeting(
    *, plan: Plan, board: Board | None = None, today: datetime.date | None = None
) -> Meeting | None:
    """The latest meeting of `board` (else of the board `comparison_board` picks) held before
    today: held, or scheduled and already past; never cancelled. A meeting held today has
    nothing after it to compare yet, so the one before it is taken. None when the board is
    another authority's or has no such meeting (three queries at most)."""
    today = today or timezone.localdate()
    board = board or comparison_board(plan=plan)
    if board is None or board.local_authority_id != plan.local_authority_id:
        return None
    return (
        Meeting.objects.filter(board=board, held_on__lt=today)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("board")
        .order_by("-held_on", "-pk")
        .first()
    )
