"""Writes for board papers: asking for one, and making it (run by the task queue)."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tracker.accounts.models import User
from tracker.governance.models import Meeting
from tracker.plans.models import Plan
from tracker.reporting import selectors
from tracker.reporting.documents.csv_export import build_plan_csv
from tracker.reporting.documents.data import BoardPaperData
from tracker.reporting.documents.spreadsheet import build_plan_workbook
from tracker.reporting.models import BoardPaper

logger = logging.getLogger(__name__)

FAILED_MESSAGE = (
    "The paper could not be made. Try again. If it fails again, tell the improvement team "
    "the date and time you tried."
)
FUTURE_MESSAGE = "The date must be today or in the past"

Progress = Callable[[int, str], None]
Builder = Callable[[BoardPaperData, Progress], bytes]


def paper_filename(*, as_of: datetime.date, format: str) -> str:
    """A safe file name: improvement-plan-update-2026-03-12.docx."""
    return f"improvement-plan-update-{as_of.isoformat()}.{BoardPaper.Format(format).value}"


@transaction.atomic
def board_paper_request(
    *,
    plan: Plan,
    user: User,
    format: str,
    meeting: Meeting | None = None,
    as_of: datetime.date | None = None,
    today: datetime.date | None = None,
) -> BoardPaper:
    """Ask for an improvement plan update report for a meeting or for a date (today when
    neither is given). The paper is queued and made in the background once this commits.

    Anyone in the plan's local authority may ask: board members and inspectors read and export.
    """
    today = today or timezone.localdate()
    if user.local_authority_id != plan.local_authority_id:
        raise PermissionDenied("You cannot make papers for this plan.")
    errors: dict[str, str] = {}
    if format not in BoardPaper.Format.values:
        errors["format"] = "Select the format of the paper"
    if meeting is not None and as_of is not None:
        errors["as_of"] = "Choose a meeting or enter a date, not both"
    if meeting is not None and meeting.board.local_authority_id != plan.local_authority_id:
        errors["meeting"] = "Choose a meeting of one of this local authority's boards"
    if as_of is not None and as_of > today:
        errors["as_of"] = FUTURE_MESSAGE
    if errors:
        raise ValidationError(errors)
    if meeting is not None:
        as_of = min(today, meeting.held_on)
    paper = BoardPaper(
        local_authority_id=plan.local_authority_id,
        plan=plan,
        meeting=meeting,
        as_of=as_of or today,
        format=format,
        requested_by=user,
        filename=paper_filename(as_of=as_of or today, format=format),
    )
    paper._change_reason = "Requested"  # type: ignore[attr-defined]
    paper.save()
    paper_id = paper.pk
    transaction.on_commit(lambda: _enqueue(paper_id))
    return paper


def _enqueue(paper_id: int) -> None:
    from tracker.reporting.tasks import generate_board_paper

    generate_board_paper.enqueue(paper_id)


# Making a paper ---------------------------------------------------------------------------------


def _word(data: BoardPaperData, progress: Progress) -> bytes:
    from tracker.reporting.documents.word import build_word

    return build_word(data)


def _pdf(data: BoardPaperData, progress: Progress) -> bytes:
    from tracker.reporting.documents.pdf import build_pdf

    return build_pdf(data, on_progress=progress)


def _xlsx(data: BoardPaperData, progress: Progress) -> bytes:
    return build_plan_workbook(data)


def _csv(data: BoardPaperData, progress: Progress) -> bytes:
    return build_plan_csv(data)


# Word and PDF builders are imported when used, so the spreadsheet exports never load
# WeasyPrint or python-docx.
BUILDERS: dict[str, Builder] = {
    BoardPaper.Format.DOCX: _word,
    BoardPaper.Format.PDF: _pdf,
    BoardPaper.Format.XLSX: _xlsx,
    BoardPaper.Format.CSV: _csv,
}


def build_document(*, data: BoardPaperData, format: str, progress: Progress | None = None) -> bytes:
    """The paper's bytes in a format, reporting progress as (per cent, message)."""
    return BUILDERS[format](data, progress or (lambda percent, message: None))


def _set_progress(paper_id: int, percent: int, message: str) -> None:
    """Saved at once, outside any transaction, so the status page sees it while the paper is
    still being made. No history record: progress is not a change anyone reviews."""
    BoardPaper.objects.filter(pk=paper_id, status=BoardPaper.Status.RUNNING).update(
        progress_percent=max(0, min(100, int(percent))), progress_message=message[:200]
    )


def board_paper_generate(*, paper_id: int, now: datetime.datetime | None = None) -> BoardPaper:
    """Make a queued paper: build its data, turn it into a document, store the bytes.

    Safe to run twice: a paper that is already ready is left alone. Any failure marks the
    paper failed with a message for the user (the traceback goes to the log), so no paper is
    left "being made" after an error. The steps commit one by one, rather than in one
    transaction, so the status page shows progress while the document is built.
    """
    with transaction.atomic():
        paper = (
            BoardPaper.objects.select_for_update(of=("self",))
            .select_related("plan", "meeting")
            .defer("content")
            .get(pk=paper_id)
        )
        if paper.status == BoardPaper.Status.READY:
            return paper
        paper.status = BoardPaper.Status.RUNNING
        paper.progress_percent = 5
        paper.progress_message = "Collecting the plan's data"
        paper.error_message = ""
        paper.save()
    try:
        data = selectors.board_paper_data(
            plan=paper.plan, meeting=paper.meeting, as_of=paper.as_of, now=now
        )
        _set_progress(paper.pk, 20, "Writing the document")

        def progress(percent: int, message: str = "Writing the document") -> None:
            # The builder reports 0-100 of its own work: the last 80 points of the bar.
            _set_progress(paper.pk, 20 + int(percent * 0.79), message)

        content = build_document(data=data, format=paper.format, progress=progress)
    except Exception:
        logger.exception("Board paper %s could not be made", paper.pk)
        return _finish(paper_id=paper.pk, failed=True)
    return _finish(paper_id=paper.pk, content=content)


@transaction.atomic
def _finish(*, paper_id: int, content: bytes | None = None, failed: bool = False) -> BoardPaper:
    paper = BoardPaper.objects.select_for_update().defer("content").get(pk=paper_id)
    paper.finished_at = timezone.now()
    if failed:
        paper.status = BoardPaper.Status.FAILED
        paper.error_message = FAILED_MESSAGE
        paper.progress_message = ""
    else:
        paper.status = BoardPaper.Status.READY
        paper.content = content
        paper.progress_percent = 100
        paper.progress_message = "Ready"
    paper.save()
    return paper


def board_paper_export(
    *,
    plan: Plan,
    format: str,
    meeting: Meeting | None = None,
    as_of: datetime.date | None = None,
    today: datetime.date | None = None,
) -> tuple[bytes, str]:
    """A paper made at once, without storing it: for the management command and direct
    downloads. Returns the bytes and a file name. Validates as `board_paper_request`."""
    today = today or timezone.localdate()
    if format not in BoardPaper.Format.values:
        raise ValidationError({"format": "Choose docx, pdf, xlsx or csv"})
    if meeting is not None and as_of is not None:
        raise ValidationError({"as_of": "Choose a meeting or enter a date, not both"})
    if meeting is not None:
        selectors.check_meeting_of_plan(plan=plan, meeting=meeting)
    if as_of is not None and as_of > today:
        raise ValidationError({"as_of": FUTURE_MESSAGE})
    data = selectors.board_paper_data(plan=plan, meeting=meeting, as_of=as_of)
    return build_document(data=data, format=format), paper_filename(as_of=data.as_of, format=format)
