"""The update cycle page of a plan: set the cycle and preview who would be reminded."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tracker.accounts.access import require_plan_editor
from tracker.accounts.http import AuthenticatedHttpRequest
from tracker.core.forms import submit_form
from tracker.plans.access import plan_get_for_user
from tracker.reminders import selectors, services
from tracker.reminders.forms import UpdateCycleForm
from tracker.reminders.models import ReminderSent


def _preview_rows(reminders: selectors.CycleReminders, sent: set[tuple[int, str]]) -> list[Any]:
    """One row per reminder: who, which kind, how many actions of each sort, sent or not."""
    owners = [
        {
            "recipient": digest.recipient,
            "kind": "Owner's digest",
            "overdue": len(digest.overdue),
            "due_soon": len(digest.due_soon),
            "stale": len(digest.stale),
            "is_sent": (digest.recipient.pk, ReminderSent.Kind.OWNER_DIGEST) in sent,
        }
        for digest in reminders.digests
    ]
    leads = [
        {
            "recipient": escalation.recipient,
            "kind": "Lead's escalation list",
            "overdue": len(escalation.overdue),
            "due_soon": None,
            "stale": len(escalation.stale),
            "is_sent": (escalation.recipient.pk, ReminderSent.Kind.LEAD_ESCALATION) in sent,
        }
        for escalation in reminders.escalations
    ]
    return owners + leads


def update_cycle(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get_for_user(user=request.user, plan_id=plan_id)
    require_plan_editor(user=request.user)
    today = timezone.localdate()
    cycle = selectors.update_cycle_for_plan(plan=plan)
    board_dates = selectors.cycle_board_dates(plan=plan, today=today)
    initial: dict[str, Any] = {}
    if cycle is not None:
        initial = {
            "version": cycle.version,
            "frequency": cycle.frequency,
            "next_board_on": cycle.next_board_on,
            "closes_working_days_before": cycle.closes_working_days_before,
            "due_soon_days": cycle.due_soon_days,
            "is_active": "yes" if cycle.is_active else "no",
        }
    form = UpdateCycleForm(
        request.POST or None, initial=initial, is_board_recorded=board_dates.is_recorded
    )
    saved = submit_form(
        request,
        form,
        lambda: services.update_cycle_set(
            user=request.user,
            plan=plan,
            expected_version=form.cleaned_data["version"],
            **form.service_kwargs(),
        ),
        message="Update cycle saved",
        to=lambda cycle: cycle,
    )
    if saved:
        return saved
    context: dict[str, Any] = {
        "form": form,
        "plan": plan,
        "cycle": cycle,
        "board_dates": board_dates,
        "next_meeting_on": board_dates.meeting_dates[0] if board_dates.is_recorded else None,
    }
    reminders = selectors.cycle_get_reminders(cycle=cycle, today=today) if cycle else None
    if reminders is not None:
        sent = {
            (row.recipient_id, row.kind)
            for row in selectors.reminders_sent_for(
                cycle=reminders.cycle, deadline=reminders.deadline
            )
        }
        context["reminders"] = reminders
        context["preview"] = _preview_rows(reminders, sent)
    return render(request, "reminders/update_cycle.html", context)
