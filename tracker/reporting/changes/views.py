"""The "what changed since the last meeting" page."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from tracker.accounts.http import AuthenticatedHttpRequest
from tracker.core.formatting import format_date
from tracker.core.forms import apply_service_error
from tracker.governance.models import Board
from tracker.plans.access import plan_get_for_user
from tracker.plans.models import Plan
from tracker.plans.selectors import action_url_template
from tracker.reporting.changes import selectors as changes
from tracker.reporting.changes.forms import PlanChangesForm
from tracker.reporting.documents.data import ChangeLine, PlanChanges, RiskLine

FALLBACK_DAYS = 28
_FORM_KEYS = {f"{name}-{part}" for name in ("since", "until") for part in ("day", "month", "year")}


@dataclass(frozen=True)
class ChangeRow:
    reference: str
    url: str
    description: str
    before: str
    after: str
    note: str


@dataclass(frozen=True)
class ChangeTable:
    """One kind of change, as a table with a heading."""

    key: str
    title: str
    empty: str
    rows: list[ChangeRow]
    is_risk: bool = False


def _action_rows(lines: tuple[ChangeLine, ...], url: str, *, link: bool = True) -> list[ChangeRow]:
    return [
        ChangeRow(
            reference=line.reference,
            url=url.format(line.action_id) if link else "",
            description=line.description,
            before=line.before or "Not in the plan",
            after=line.after,
            note=line.note,
        )
        for line in lines
    ]


def _risk_rows(lines: tuple[RiskLine, ...]) -> list[ChangeRow]:
    return [
        ChangeRow(
            reference=line.reference,
            url=reverse("governance:risk_detail", args=[line.risk_id]),
            description=line.title,
            before=line.before or "Not on the register",
            after=line.after,
            note="",
        )
        for line in lines
    ]


def change_tables(*, plan: Plan, result: PlanChanges) -> list[ChangeTable]:
    """The page's tables, one a kind of change, in the order a board reads them."""
    url = action_url_template(plan)
    return [
        ChangeTable(
            "status",
            "Status changes",
            "No actions changed status.",
            _action_rows(result.status_changes, url),
        ),
        ChangeTable(
            "brag",
            "BRAG changes",
            "No BRAG ratings changed.",
            _action_rows(result.brag_changes, url),
        ),
        ChangeTable(
            "new", "New actions", "No actions were added.", _action_rows(result.new_actions, url)
        ),
        ChangeTable(
            "completed",
            "Completed actions",
            "No actions were completed.",
            _action_rows(result.completed_actions, url),
        ),
        ChangeTable(
            "rebaselined",
            "Re-baselined due dates",
            "No due dates were moved.",
            _action_rows(result.rebaselined, url),
        ),
        ChangeTable(
            "removed",
            "Removed actions",
            "No actions were removed.",
            _action_rows(result.removed_actions, url, link=False),
        ),
        ChangeTable(
            "new-risks",
            "New risks",
            "No risks were added.",
            _risk_rows(result.new_risks),
            is_risk=True,
        ),
        ChangeTable(
            "risk-scores",
            "Risk score changes",
            "No risk scores changed.",
            _risk_rows(result.risk_score_changes),
            is_risk=True,
        ),
    ]


def _defaults(
    *, plan: Plan, board: Board | None
) -> tuple[datetime.date, datetime.date, Board | None, str]:
    """The dates to compare when none are given, with the board used and a sentence saying
    where they come from: from the board's last meeting to today (what a lead needs to
    prepare the next meeting), else the last 28 days."""
    today = timezone.localdate()
    board = board or changes.comparison_board(plan=plan)
    meeting = changes.last_meeting(plan=plan, board=board, today=today) if board else None
    if meeting is not None and board is not None:
        return (
            meeting.held_on,
            today,
            board,
            f"Comparing the plan at the end of {board.name}'s last meeting, on "
            f"{format_date(meeting.held_on)}, with the plan today.",
        )
    who = f"{board.name} has not" if board else "No improvement board has"
    return (
        today - datetime.timedelta(days=FALLBACK_DAYS),
        today,
        board,
        f"{who} met before today, so this compares the last {FALLBACK_DAYS} days.",
    )


def plan_changes(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get_for_user(user=request.user, plan_id=plan_id)
    boards = changes.comparison_boards(plan=plan)
    is_bound = bool(_FORM_KEYS & set(request.GET)) or "board" in request.GET
    form = PlanChangesForm(request.GET if is_bound else None, boards=boards)
    context: dict[str, object] = {"plan": plan, "form": form, "result": None}
    if is_bound and not form.is_valid():
        return render(request, "reporting/changes.html", context, status=200)
    data = form.cleaned_data if is_bound else {}
    since, until = data.get("since"), data.get("until")
    explanation = ""
    if since is None or until is None:
        since, until, board, explanation = _defaults(plan=plan, board=data.get("board"))
        if not is_bound:
            form = PlanChangesForm(
                initial={"since": since, "until": until, "board": board}, boards=boards
            )
            context["form"] = form
    try:
        result, counts = changes.plan_changes_with_counts(plan=plan, since=since, until=until)
    except ValidationError as error:
        apply_service_error(form, error)
        return render(request, "reporting/changes.html", context)
    context.update(
        result=result,
        tables=change_tables(plan=plan, result=result),
        counts=counts,
        explanation=explanation,
        since_label=format_date(result.since),
        until_label=format_date(result.until),
    )
    return render(request, "reporting/changes.html", context)
