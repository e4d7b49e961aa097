"""The coverage page and its Excel download: read by everyone in the authority."""

from __future__ import annotations

import datetime

from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from tracker.accounts.access import require_council_member
from tracker.accounts.http import AuthenticatedHttpRequest
from tracker.core import data_version
from tracker.performance.coverage import selectors
from tracker.performance.coverage.rules import GapKind
from tracker.performance.coverage.spreadsheet import build_coverage_workbook
from tracker.performance.evidence.access import user_can_add_evidence_beyond_actions
from tracker.plans.access import plan_get_for_user
from tracker.plans.models import Plan

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _int(value: str) -> int | None:
    """An id from the query string: None when not given, 0 (no record) when not a number."""
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        return 0


def coverage_filters_from_query(query: QueryDict) -> selectors.CoverageFilters:
    """The page's filters from its query string; an unknown gap kind shows every kind, an
    id that is not a number matches nothing."""
    kind = query.get("kind", "")
    return selectors.CoverageFilters(
        kind=kind if kind in GapKind.values else "",
        theme_id=_int(query.get("theme", "")),
        recommendation_id=_int(query.get("recommendation", "")),
    )


@require_GET
def plan_coverage(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get_for_user(user=request.user, plan_id=plan_id)
    # The council's papers carry its scorecard, audits and boards: not for partners.
    require_council_member(user=request.user)
    filters = coverage_filters_from_query(request.GET)
    can_add_evidence = user_can_add_evidence_beyond_actions(user=request.user)
    today = timezone.localdate()
    # Everything below the heading is kept until the authority's structure changes: the page
    # walks the whole plan, and rendering its tree (a row for every action, outcome and
    # measure) is most of its cost. Every record it shows is the authority's (or every
    # authority's), so any write moves the version on, except progress recorded without a
    # change of the action's status: the page shows no progress entry. In the key: whether
    # the user may add evidence (the links to add it to an outcome) and the day (what is due,
    # what is stale, the date shown). Not the user: nothing else differs between council
    # members, and partners never see it. A filtered page is worked out each time, as a
    # filtered plan is: its pages are many and read once.
    if filters.is_active:
        body = _coverage_body(plan, filters, can_add_evidence=can_add_evidence, today=today)
    else:
        body = data_version.cached(
            "coverage-page",
            local_authority_id=plan.local_authority_id,
            parts=[plan.pk, can_add_evidence, today.isoformat()],
            version=data_version.STRUCTURE,
            make=lambda: _coverage_body(
                plan, filters, can_add_evidence=can_add_evidence, today=today
            ),
        )
    return render(request, "performance/plan_coverage.html", {"plan": plan, "body": body})


def _coverage_body(
    plan: Plan,
    filters: selectors.CoverageFilters,
    *,
    can_add_evidence: bool,
    today: datetime.date,
) -> str:
    coverage = selectors.plan_coverage(plan=plan, today=today)
    # Rendered without the request, as the plan page's body: nothing below the heading needs
    # it (the filter form is a GET form with no token), so the same HTML can be served again.
    # It is a SafeString, and stays one in the cache, so the page does not escape it again.
    return render_to_string(
        "performance/_plan_coverage_body.html",
        {
            "plan": plan,
            "coverage": coverage,
            "filters": filters,
            "shown": selectors.coverage_filter(coverage, filters=filters),
            "kind_choices": GapKind.choices,
            "can_add_evidence": can_add_evidence,
        },
    )


@require_GET
def plan_coverage_xlsx(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    """The plan's gaps and traceability as an Excel workbook, sent as an attachment."""
    plan = plan_get_for_user(user=request.user, plan_id=plan_id)
    # The council's papers carry its scorecard, audits and boards: not for partners.
    require_council_member(user=request.user)
    coverage = selectors.plan_coverage(plan=plan)
    response = HttpResponse(build_coverage_workbook(coverage), content_type=XLSX)
    filename = f"plan-coverage-{plan.pk}-{coverage.today.isoformat()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
