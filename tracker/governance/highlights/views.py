"""Pages of highlight and exception reports: draft, read, edit the narrative, submit, reopen."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tracker.accounts.access import require_plan_editor
from tracker.accounts.http import AuthenticatedHttpRequest
from tracker.core.forms import submit_form
from tracker.governance.access import (
    highlight_report_get_for_user,
    meeting_get_for_user,
    require_highlight_report_writer,
    theme_get_for_meeting,
    user_can_write_highlight_report,
)
from tracker.governance.highlights import selectors as highlight_selectors
from tracker.governance.highlights import services as highlight_services
from tracker.governance.highlights.forms import HighlightReportForm, VersionForm
from tracker.governance.highlights.selectors import NARRATIVE_HEADINGS
from tracker.governance.models import HighlightReport


def _report(
    request: AuthenticatedHttpRequest, board_id: int, meeting_id: int, report_id: int
) -> HighlightReport:
    return highlight_report_get_for_user(
        user=request.user, board_id=board_id, meeting_id=meeting_id, report_id=report_id
    )


def _refused(
    request: AuthenticatedHttpRequest, report: HighlightReport, message: str
) -> HttpResponse:
    """A page that says plainly why the report cannot be changed, with a way back."""
    return render(
        request,
        "governance/highlight_report_refused.html",
        {"report": report, "meeting": report.meeting, "message": message},
        status=409,
    )


@require_POST
def highlight_report_create(
    request: AuthenticatedHttpRequest, board_id: int, meeting_id: int, theme_id: int
) -> HttpResponse:
    meeting = meeting_get_for_user(user=request.user, board_id=board_id, meeting_id=meeting_id)
    theme = theme_get_for_meeting(user=request.user, meeting=meeting, theme_id=theme_id)
    require_highlight_report_writer(user=request.user, theme=theme)
    try:
        report = highlight_services.highlight_report_draft(
            meeting=meeting, theme=theme, user=request.user
        )
    except ValidationError as error:
        existing = HighlightReport.objects.filter(meeting=meeting, theme=theme).first()
        if existing is not None:
            existing.meeting = meeting
            return _refused(request, existing, " ".join(error.messages))
        raise
    messages.success(request, f"Report for {theme.name} drafted from the plan's data")
    return redirect(report.get_absolute_url())


def highlight_report_detail(
    request: AuthenticatedHttpRequest, board_id: int, meeting_id: int, report_id: int
) -> HttpResponse:
    report = _report(request, board_id, meeting_id, report_id)
    can_write = user_can_write_highlight_report(user=request.user, theme=report.theme)
    reopen_refusal = (
        highlight_services.reopen_refusal(report)
        if report.is_submitted and request.user.can_edit_plans
        else None
    )
    return render(
        request,
        "governance/highlight_report_detail.html",
        {
            "report": report,
            "meeting": report.meeting,
            "board": report.meeting.board,
            "data": highlight_selectors.highlight_report_data(report=report),
            "narrative": [(heading, getattr(report, name)) for name, heading in NARRATIVE_HEADINGS],
            "history": highlight_selectors.highlight_report_history(report=report),
            "can_write": can_write and not report.is_submitted,
            "can_reopen": request.user.can_edit_plans
            and report.is_submitted
            and reopen_refusal is None,
            "reopen_refusal": reopen_refusal,
            "reopened_versions": highlight_selectors.highlight_report_reopened_versions(
                report=report
            ),
            "reopen_form": VersionForm(initial={"version": report.version}),
        },
    )


def highlight_report_update(
    request: AuthenticatedHttpRequest, board_id: int, meeting_id: int, report_id: int
) -> HttpResponse:
    report = _report(request, board_id, meeting_id, report_id)
    require_highlight_report_writer(user=request.user, theme=report.theme)
    if report.is_submitted and request.method != "POST":
        return _refused(request, report, highlight_services.submitted_message(report))
    initial = {
        "version": report.version,
        "kind": report.kind,
        **{name: getattr(report, name) for name, _ in NARRATIVE_HEADINGS},
    }
    form = HighlightReportForm(request.POST or None, initial=initial)
    saved = submit_form(
        request,
        form,
        lambda: highlight_services.highlight_report_update(
            report=report,
            user=request.user,
            version=form.cleaned_data["version"],
            **form.service_kwargs(),
        ),
        message="Report saved",
        to=lambda saved: saved.get_absolute_url(),
    )
    context = {"form": form, "report": report, "meeting": report.meeting}
    return saved or render(request, "governance/highlight_report_form.html", context)


def highlight_report_submit(
    request: AuthenticatedHttpRequest, board_id: int, meeting_id: int, report_id: int
) -> HttpResponse:
    report = _report(request, board_id, meeting_id, report_id)
    require_highlight_report_writer(user=request.user, theme=report.theme)
    if report.is_submitted and request.method != "POST":
        return _refused(request, report, highlight_services.submitted_message(report))
    form = VersionForm(request.POST or None, initial={"version": report.version})
    saved = submit_form(
        request,
        form,
        lambda: highlight_services.highlight_report_submit(
            report=report, user=request.user, version=form.cleaned_data["version"]
        ),
        message=f"Report for {report.theme.name} submitted to the board",
        to=lambda saved: saved.get_absolute_url(),
    )
    context = {"form": form, "report": report, "meeting": report.meeting}
    return saved or render(request, "governance/highlight_report_submit.html", context)


@require_POST
def highlight_report_reopen(
    request: AuthenticatedHttpRequest, board_id: int, meeting_id: int, report_id: int
) -> HttpResponse:
    report = _report(request, board_id, meeting_id, report_id)
    require_plan_editor(user=request.user)
    form = VersionForm(request.POST)
    if not form.is_valid():  # pragma: no cover - a hidden integer field
        return redirect(report.get_absolute_url())
    try:
        highlight_services.highlight_report_reopen(
            report=report, user=request.user, version=form.cleaned_data["version"]
        )
    except ValidationError as error:
        return _refused(request, report, " ".join(error.messages))
    messages.success(request, f"Report for {report.theme.name} reopened as a draft")
    return redirect(report.get_absolute_url())
