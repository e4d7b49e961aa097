"""Writes for highlight and exception reports: draft from the data, edit, submit, reopen.

A report is drafted from the plan's data so the thematic lead edits rather than starts from
nothing. Submitting freezes what the data showed into the report's snapshot: from then on the
report never changes, whatever happens to the plan, unless an improvement lead reopens it
before the board meets. Reopening keeps each submitted version in the report's history, and
the report's page shows it.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tracker.accounts.models import User
from tracker.core.errors import check_version
from tracker.core.formatting import format_date
from tracker.core.history import save_changes, save_with_history
from tracker.governance.highlights.selectors import (
    NARRATIVE_HEADINGS,
    HighlightData,
    highlight_data_for_theme,
    highlight_period_start,
)
from tracker.governance.models import HighlightReport, Meeting
from tracker.plans.models import Theme

NARRATIVE_MAX_LENGTH = 5000
NARRATIVE_LABELS = dict(NARRATIVE_HEADINGS)


def submitted_message(report: HighlightReport) -> str:
    """Why a submitted report cannot be changed, and what to do instead."""
    by = report.submitted_by
    who = (by.get_full_name() or by.username) if by is not None else "someone"
    when = format_date(report.submitted_at) if report.submitted_at else ""
    return (
        f"This report was submitted on {when} by {who} and can no longer be changed. "
        "Ask an improvement lead to reopen it if it needs correcting."
    )


def _lines(lines: list[str]) -> str:
    """Lines joined for a heading, cut short to fit its limit with a note of how many more."""
    kept: list[str] = []
    used = 0
    for index, line in enumerate(lines):
        more = len(lines) - index
        note = f"... and {more} more: see the data in the report"
        if used + len(line) + 1 + len(note) > NARRATIVE_MAX_LENGTH:
            return "\n".join([*kept, note])
        kept.append(line)
        used += len(line) + 1
    return "\n".join(kept)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _prefilled_narrative(data: HighlightData) -> dict[str, str]:
    """Starting text for each heading, drawn from the data, for the lead to edit."""
    red = next((row.count for row in data.brag_counts if row.brag == "red"), 0)
    counts = ", ".join(f"{row.count} {row.label}" for row in data.brag_counts if row.count)
    summary = (
        f"From {data.period_label}: {_count(len(data.achievements), 'action')} completed or "
        f"embedded, {_count(len(data.key_updates), 'progress update')} recorded. The theme has "
        f"{_count(data.total_actions, 'action')}"
        + (f" ({counts})" if counts else "")
        + f", of which {data.overdue_actions} overdue and {red} Red."
    )
    risks = [row.line for row in data.risks]
    if data.exceptions:
        risks += ["Exceptions:", *(row.line for row in data.exceptions)]
    return {
        "summary": summary,
        "key_updates": _lines([row.line for row in data.key_updates]),
        "achievements": _lines([row.line for row in data.achievements]),
        "risks_and_mitigations": _lines(risks),
        "next_steps": "",
        "support_needed": "",
    }


@transaction.atomic
def highlight_report_draft(
    *,
    meeting: Meeting,
    theme: Theme,
    user: User | None,
    today: datetime.date | None = None,
) -> HighlightReport:
    """Start a theme's highlight report for a meeting, drafted from the plan's data.

    The period runs from the submission of the theme's previous report to the same board
    (else the board's previous meeting, else the start of the plan) to the meeting. Refused
    for a theme of another local authority, and when the theme already has a report for this
    meeting. The report starts as an exception report when the data shows exceptions.
    """
    # Locking the meeting makes two people drafting the same report at once wait in turn, so
    # the second gets the "already a report" message rather than a database error.
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("board").get(pk=meeting.pk)
    )
    theme = Theme.objects.select_related("plan").get(pk=theme.pk)
    if theme.plan.local_authority_id != meeting.board.local_authority_id:
        raise ValidationError({"theme": ["Choose a theme of one of this local authority's plans"]})
    existing = HighlightReport.objects.filter(meeting=meeting, theme=theme).first()
    if existing is not None:
        raise ValidationError(
            f"There is already a {existing.get_status_display().lower()} report for "
            f"{theme.name} for this meeting: open it from the meeting's page to carry on",
            code="duplicate",
        )
    period_end = meeting.held_on
    start = highlight_period_start(meeting=meeting, theme=theme)
    period_start = start.day
    data = highlight_data_for_theme(
        theme=theme,
        period_start=period_start,
        period_end=period_end,
        since=start.since,
        today=today,
    )
    report = HighlightReport(
        meeting=meeting,
        theme=theme,
        kind=(
            HighlightReport.Kind.EXCEPTION
            if data.has_exceptions
            else HighlightReport.Kind.HIGHLIGHT
        ),
        period_start=period_start,
        period_end=period_end,
        drafted_by=user,
        **_prefilled_narrative(data),
    )
    save_with_history(report, user)
    return report


def _validate_narrative(*, kind: str, narrative: dict[str, str]) -> None:
    errors: dict[str, list[str]] = {}
    if kind not in HighlightReport.Kind.values:
        errors["kind"] = ["Select whether this is a highlight or an exception report"]
    unknown = set(narrative) - set(NARRATIVE_LABELS)
    if unknown:
        raise TypeError(f"Unknown narrative headings: {', '.join(sorted(unknown))}")
    if not narrative.get("summary", "").strip():
        errors["summary"] = ["Enter a summary of the theme's progress"]
    for name, text in narrative.items():
        if len(text.strip()) > NARRATIVE_MAX_LENGTH:
            errors.setdefault(name, []).append(
                f"{NARRATIVE_LABELS[name]} must be {NARRATIVE_MAX_LENGTH:,} characters or fewer"
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def highlight_report_update(
    *,
    report: HighlightReport,
    user: User | None,
    version: int | None,
    kind: str,
    **narrative: str,
) -> HighlightReport:
    """Change a draft report's type and narrative, refusing a stale edit and refusing any
    change once the report is submitted. Headings left out keep their text."""
    # Not `lock_for_edit`, here and in submitting and reopening: whether the report is submitted
    # is told before a stale version, and what the refusal names is read with the lock.
    report = (
        HighlightReport.objects.select_for_update(of=("self",))
        .select_related("submitted_by")
        .get(pk=report.pk)
    )
    if report.is_submitted:
        raise ValidationError(submitted_message(report), code="submitted")
    check_version(thing="report", current=report.version, expected=version)
    current = {name: getattr(report, name) for name in NARRATIVE_LABELS}
    merged = {**current, **narrative}
    _validate_narrative(kind=kind, narrative=merged)
    return save_changes(
        report, user=user, kind=kind, **{name: text.strip() for name, text in merged.items()}
    )


@transaction.atomic
def highlight_report_submit(
    *,
    report: HighlightReport,
    user: User,
    version: int | None,
    now: datetime.datetime | None = None,
) -> HighlightReport:
    """Submit a draft report to the board: freeze what the data shows into its snapshot.

    Everything in the snapshot is as at the moment of submission: the entries entered since
    the previous report up to now, and the counts, exceptions and risks as they stand now. So
    the period ends on the day of submission, even when that is after the meeting (the page
    says so). Refused when already submitted, when the version is stale, and when the summary
    is empty.
    """
    report = (
        HighlightReport.objects.select_for_update(of=("self",))
        .select_related("submitted_by", "theme", "meeting")
        .get(pk=report.pk)
    )
    if report.is_submitted:
        raise ValidationError(submitted_message(report), code="submitted")
    check_version(thing="report", current=report.version, expected=version)
    if not report.summary.strip():
        raise ValidationError(
            {"summary": ["Enter a summary of the theme's progress before you submit the report"]}
        )
    now = now or timezone.now()
    today = timezone.localdate(now)
    start = highlight_period_start(meeting=report.meeting, theme=report.theme)
    period_end = today
    if start.day is not None:
        period_end = max(period_end, start.day)
    data = highlight_data_for_theme(
        theme=report.theme,
        period_start=start.day,
        period_end=period_end,
        since=start.since,
        as_at=now,
        today=today,
    )
    return save_changes(
        report,
        user=user,
        period_start=start.day,
        period_end=period_end,
        snapshot=data.to_snapshot(),
        status=HighlightReport.Status.SUBMITTED,
        submitted_at=now,
        submitted_by=user,
    )


def reopen_refusal(report: HighlightReport, *, today: datetime.date | None = None) -> str | None:
    """Why a submitted report can no longer be reopened, or None when it can: once the
    board has met (the meeting is marked held, or its date has come), what the board saw
    must stay as it was."""
    meeting = report.meeting
    today = today or timezone.localdate()
    if meeting.status == Meeting.Status.HELD or meeting.held_on <= today:
        return (
            f"The board met on {format_date(meeting.held_on)} with this report as submitted, "
            "so it can no longer be reopened. Put any correction in the theme's report for "
            "the next meeting."
        )
    return None


@transaction.atomic
def highlight_report_reopen(
    *,
    report: HighlightReport,
    user: User | None,
    version: int | None,
    today: datetime.date | None = None,
) -> HighlightReport:
    """Return a submitted report to draft so its lead can correct it, until the board meets.

    The submitted version (its narrative and snapshot) stays in the report's history, and the
    report's page shows it with when and by whom it was reopened; the report's own snapshot
    is taken again at the next submission."""
    report = (
        HighlightReport.objects.select_for_update(of=("self",))
        .select_related("meeting")
        .get(pk=report.pk)
    )
    if not report.is_submitted:
        raise ValidationError("This report is still a draft, so there is nothing to reopen")
    check_version(thing="report", current=report.version, expected=version)
    refusal = reopen_refusal(report, today=today)
    if refusal is not None:
        raise ValidationError(refusal, code="met")
    return save_changes(
        report,
        user=user,
        status=HighlightReport.Status.DRAFT,
        snapshot={},
        submitted_at=None,
        submitted_by=None,
        period_end=max(report.period_end, report.meeting.held_on),
    )
