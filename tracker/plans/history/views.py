"""The plan as it stood at the end of a date, on screen."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tracker.accounts.http import AuthenticatedHttpRequest
from tracker.core.formatting import format_date, format_datetime
from tracker.core.forms import GovUKDateInput, apply_service_error
from tracker.plans.access import plan_get_for_user
from tracker.plans.history import selectors
from tracker.plans.history.forms import PlanAsAtForm

_PARTS = ("day", "month", "year")


def _form_data(query: QueryDict) -> dict[str, str] | None:
    """The form's data from the query string: the date input's three boxes, or an ISO date
    (`?date=2026-03-12`, the page's address to share). None when no date was given."""
    if any(f"date-{part}" in query for part in _PARTS):
        return {f"date-{part}": query.get(f"date-{part}", "") for part in _PARTS}
    if "date" not in query:
        return None
    value = query.get("date", "").strip()
    parts = GovUKDateInput.parts(value)
    if not any(parts.values()) and value:
        # Not an ISO date: keep what was typed so the date input can say what is wrong.
        pieces = [*value.split("-", 2), "", ""][:3]
        parts = dict(zip(("year", "month", "day"), pieces, strict=True))
    return {f"date-{part}": parts[part] for part in _PARTS}


@require_GET
def plan_as_at(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get_for_user(user=request.user, plan_id=plan_id)
    data = _form_data(request.GET)
    form = PlanAsAtForm(data)
    context: dict[str, object] = {"plan": plan, "form": form, "result": None}
    if "before-merge" in request.GET and plan.merged_at is not None:
        # The plan as it stood just before it was merged into another: its sections and
        # actions moved then, and its history keeps them.
        merged_at = timezone.localtime(plan.merged_at)
        context["result"] = selectors.plan_as_at(
            plan=plan, on=merged_at.date(), moment=plan.merged_at
        )
        context["when"] = f"just before it was merged, at {format_datetime(merged_at)}"
        return render(request, "plans/plan_as_at.html", context)
    if data is not None and form.is_valid():
        try:
            context["result"] = selectors.plan_as_at(plan=plan, on=form.cleaned_data["date"])
            context["when"] = f"at the end of {format_date(form.cleaned_data['date'])}"
        except ValidationError as error:
            apply_service_error(form, error)
    return render(request, "plans/plan_as_at.html", context)
