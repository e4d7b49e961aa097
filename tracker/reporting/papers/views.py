"""Board papers and exports: ask for a paper, follow it being made, download it; and direct
downloads of the plan and the risk register as Excel or CSV."""

from __future__ import annotations

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from tracker.accounts.access import local_authority_for_user, require_council_member
from tracker.accounts.http import AuthenticatedHttpRequest
from tracker.core.forms import submit_form
from tracker.governance.selectors import risk_register
from tracker.plans.access import plan_get_for_user
from tracker.reporting.documents.csv_export import build_plan_csv, build_risk_register_csv
from tracker.reporting.documents.data import BoardPaperData, PlanRows
from tracker.reporting.documents.plan_pdf import build_plan_pdf
from tracker.reporting.documents.spreadsheet import (
    build_plan_workbook,
    build_risk_register_workbook,
)
from tracker.reporting.models import BoardPaper
from tracker.reporting.papers import selectors, services
from tracker.reporting.papers.access import board_paper_get_for_user
from tracker.reporting.papers.forms import BoardPaperForm

CONTENT_TYPES = BoardPaper.CONTENT_TYPES


def _attachment(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    """A download: never shown in the browser, never sniffed, never cached by a proxy."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


TAG_CLASSES = {
    BoardPaper.Status.QUEUED: "govuk-tag--grey",
    BoardPaper.Status.RUNNING: "govuk-tag--light-blue",
    BoardPaper.Status.READY: "govuk-tag--green",
    BoardPaper.Status.FAILED: "govuk-tag--red",
}


def _paper_rows(papers: list[BoardPaper]) -> list[dict[str, object]]:
    return [
        {
            "paper": paper,
            "for": str(paper.meeting) if paper.meeting else "",
            "tag_class": TAG_CLASSES[BoardPaper.Status(paper.status)],
            "who": (
                (paper.requested_by.get_full_name() or paper.requested_by.username)
                if paper.requested_by
                else "Scheduled job"
            ),
        }
        for paper in papers
    ]


def board_paper_list(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get_for_user(user=request.user, plan_id=plan_id)
    # The council's papers carry its scorecard, audits and boards: not for partners.
    require_council_member(user=request.user)
    services.board_papers_fail_stalled(plan=plan)
    meetings = selectors.meetings_for_papers(plan=plan)
    # A link from a meeting's page chooses that meeting (?meeting=ID); anything else is ignored.
    chosen = request.GET.get("meeting", "")
    initial = {"meeting": int(chosen)} if chosen.isdigit() else {}
    form = BoardPaperForm(
        request.POST if request.method == "POST" else None, meetings=meetings, initial=initial
    )
    saved = submit_form(
        request,
        form,
        lambda: services.board_paper_request(plan=plan, user=request.user, **form.service_kwargs()),
        message="Your paper is being made",
        to=lambda paper: paper,
    )
    return saved or render(
        request,
        "reporting/papers/board_paper_list.html",
        {
            "plan": plan,
            "form": form,
            "rows": _paper_rows(selectors.board_paper_list(plan=plan)),
            "nav_section": "plans",
        },
    )


def _paper_for_user(request: AuthenticatedHttpRequest, plan_id: int, paper_id: int) -> BoardPaper:
    """The paper, after the access check; marked failed first if its job has died, so the
    page says so and offers to make it again."""
    paper = board_paper_get_for_user(user=request.user, plan_id=plan_id, paper_id=paper_id)
    if not paper.is_finished and services.board_papers_fail_stalled(paper_id=paper.pk):
        paper = board_paper_get_for_user(user=request.user, plan_id=plan_id, paper_id=paper_id)
    return paper


def _status_context(paper: BoardPaper) -> dict[str, object]:
    return {
        "status": paper.status,
        "status_label": paper.get_status_display(),
        "tag_class": TAG_CLASSES[BoardPaper.Status(paper.status)],
        "progress_percent": paper.progress_percent,
        "progress_message": paper.progress_message,
        "is_finished": paper.is_finished,
        "download_url": (
            reverse("reporting:board_paper_download", args=[paper.plan_id, paper.pk])
            if paper.is_ready
            else ""
        ),
    }


def board_paper_detail(
    request: AuthenticatedHttpRequest, plan_id: int, paper_id: int
) -> HttpResponse:
    paper = _paper_for_user(request, plan_id, paper_id)
    return render(
        request,
        "reporting/papers/board_paper_detail.html",
        {"plan": paper.plan, "paper": paper, "nav_section": "plans", **_status_context(paper)},
    )


@require_GET
def board_paper_status(
    request: AuthenticatedHttpRequest, plan_id: int, paper_id: int
) -> JsonResponse:
    paper = _paper_for_user(request, plan_id, paper_id)
    response = JsonResponse(_status_context(paper))
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def board_paper_download(
    request: AuthenticatedHttpRequest, plan_id: int, paper_id: int
) -> HttpResponse:
    paper = board_paper_get_for_user(user=request.user, plan_id=plan_id, paper_id=paper_id)
    if not paper.is_ready:
        raise Http404("This paper is not ready")
    return _attachment(
        selectors.board_paper_content(paper=paper),
        filename=paper.filename,
        content_type=paper.content_type,
    )


@require_GET
def plan_export(request: AuthenticatedHttpRequest, plan_id: int, format: str) -> HttpResponse:
    """The plan as it stands now, as Excel, CSV or PDF: fast enough to make while the user
    waits. The PDF shows the CSV's rows (`plan_print_rows`), laid out to print."""
    plan = plan_get_for_user(user=request.user, plan_id=plan_id)
    data: BoardPaperData | PlanRows
    if format == "pdf":
        data = selectors.plan_print_rows(plan=plan)
        content = build_plan_pdf(data, created=timezone.now())
    elif format == "xlsx":
        data = selectors.plan_export_data(plan=plan)
        content = build_plan_workbook(data, with_changes=False)
    else:
        # The CSV has the Plan sheet alone: no counts for a Summary sheet.
        data = selectors.plan_export_rows(plan=plan)
        content = build_plan_csv(data)
    return _attachment(
        content,
        filename=f"improvement-plan-{data.as_of.isoformat()}.{format}",
        content_type=CONTENT_TYPES[BoardPaper.Format(format)],
    )


@require_GET
def risk_register_export(request: AuthenticatedHttpRequest, format: str) -> HttpResponse:
    """The user's local authority's whole risk register, as the register page lists it (for
    someone of a partner organisation, the risks of the plans shared with it)."""
    local_authority = local_authority_for_user(user=request.user)
    rows = risk_register(local_authority=local_authority, viewer=request.user)
    is_xlsx = format == "xlsx"
    content = build_risk_register_workbook(rows) if is_xlsx else build_risk_register_csv(rows)
    return _attachment(
        content,
        filename=f"risk-register-{timezone.localdate().isoformat()}.{format}",
        content_type=CONTENT_TYPES[BoardPaper.Format(format)],
    )
