"""The panels the coverage sub-area adds to pages of the apps below it
(`tracker/core/panels.py`): the plan page's coverage summary and the dashboard's gaps by
plan. Each is one call of `coverage_summaries_for_panels`: one query when the summaries are in
the cache, a fixed number otherwise."""

from __future__ import annotations

from django.urls import reverse

from tracker.core import panels
from tracker.core.panels import Panel
from tracker.performance.coverage.selectors import coverage_summaries_for_panels
from tracker.plans.models import Plan


def _is_partner(request: object) -> bool:
    """Coverage reads the council's audits and measures: no panel for a partner organisation's
    people, who see only the plans shared with them."""
    user = getattr(request, "user", None)
    return bool(getattr(user, "is_partner", False))


@panels.register(panels.PLAN_PAGE)
def plan_coverage_panel(*, request: object, plan: Plan) -> Panel | None:
    if _is_partner(request):
        return None
    summary = coverage_summaries_for_panels(plans=[plan])[plan.pk]
    return Panel(
        template="performance/_coverage_plan_panel.html",
        context={
            "summary": summary,
            "url": reverse("performance:plan_coverage", args=[plan.pk]),
        },
    )


@panels.register(panels.DASHBOARD)
def dashboard_coverage_panel(*, request: object, plans: list[Plan]) -> Panel | None:
    if not plans or _is_partner(request):
        return None
    summaries = coverage_summaries_for_panels(plans=plans)
    return Panel(
        template="performance/_coverage_dashboard_panel.html",
        context={
            "rows": [
                (plan, summaries[plan.pk], reverse("performance:plan_coverage", args=[plan.pk]))
                for plan in plans
            ]
        },
    )
