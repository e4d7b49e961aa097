"""Writes for board papers: asking for one, and making it (run by the task queue)."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from tracker.accounts.models import User
from tracker.governance.models import Meeting
from tracker.plans.models import Plan
from tracker.reporting.documents.csv_export import build_plan_csv
from tracker.reporting.documents.data import BoardPaperData
from tracker.reporting.documents.spreadsheet import build_plan_workbook
from tracker.reporting.generation import generated_documents_fail_stalled
from tracker.reporting.models import BoardPaper
from tracker.reporting.papers import rules, selectors

logger = logging.getLogger(__name__)

FAILED_MESSAGE = (
    "The paper could not be made. Try again. If it fails again, tell the improvement team "
    "the date and time you tried."
)

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
    What may be asked for is `rules.board_paper_request_validate`.

    Anyone in the plan's local authority may ask: board members and inspectors read and export.
    """
    today = today or timezone.localdate()
    if user.local_authority_id != plan.local_authority_id:
        raise PermissionDenied("You cannot make papers for this plan.")
    as_of = rules.board_paper_request_validate(
        plan=plan, format=format, meeting=meeting, as_of=as_of, today=today
    )
    paper = BoardPaper(
        local_authority_id=plan.local_authority_id,
        plan=plan,
        meeting=meeting,
        as_of=as_of,
        format=format,
        requested_by=user,
        filename=paper_filename(as_of=as_of, format=format),
    )
    paper._change_reason = "Requested"  # type: ignore[attr-defined]
    paper.save()
    paper_id = paper.pk
    transaction.on_commit(lambda: _enqueue(paper_id))
    return paper


def _enqueue(paper_id: int) -> None:
    from tracker.reporting.papers.tasks import generate_board_paper

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
# python-docx or start Typst.
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


def _record(paper_id: int, reason: str) -> BoardPaper:
    """The paper as saved by a conditional update, with a history record of the change
    (`QuerySet.update` writes none)."""
    paper = BoardPaper.objects.select_related("plan", "meeting").defer("content").get(pk=paper_id)
    paper._change_reason = reason  # type: ignore[attr-defined]
    paper.save(update_fields=["updated_at"])
    return paper


def board_papers_fail_stalled(
    *, plan: Plan | None = None, paper_id: int | None = None, now: datetime.datetime | None = None
) -> int:
    """Mark failed the papers whose job has died (`BoardPaper.stalled`: killed for using too
    much memory, say, or never started), so the pages say so and offer to make the paper
    again. Run by the papers' pages and by the worker; returns how many were marked (one query
    when there are none)."""
    now = now or timezone.now()
    papers = BoardPaper.objects.all()
    if plan is not None:
        papers = papers.filter(plan=plan)
    if paper_id is not None:
        papers = papers.filter(pk=paper_id)
    return generated_documents_fail_stalled(
        documents=papers, now=now, message=FAILED_MESSAGE, record=_record, label="Board paper"
    )


def board_paper_generate(*, paper_id: int, now: datetime.datetime | None = None) -> BoardPaper:
    """Make a queued paper: build its data, turn it into a document, store the bytes.

    The paper is claimed with a conditional update (waiting to start → being made), so two
    workers given the same paper never both make it (this works on SQLite too, which ignores
    row locks); a paper that is not waiting to start (ready, failed or being made) is left
    alone. Making a failed paper again means asking for a new one. Any failure marks the
    paper failed with a message for the user (the traceback goes to the log), so no paper is
    left "being made" after an error; a job that dies outright is caught by
    `board_papers_fail_stalled`. The steps commit one by one, rather than in one
    transaction, so the status page shows progress while the document is built.
    """
    started = timezone.now()
    board_papers_fail_stalled(now=started)
    claimed = BoardPaper.objects.filter(pk=paper_id, status=BoardPaper.Status.QUEUED).update(
        status=BoardPaper.Status.RUNNING,
        started_at=started,
        progress_percent=5,
        progress_message="Collecting the plan's data",
        error_message="",
        updated_at=started,
    )
    if not claimed:
        return (
            BoardPaper.objects.select_related("plan", "meeting").defer("content").get(pk=paper_id)
        )
    paper = _record(paper_id, "Started")
    try:
        # Checked again: the meeting may have been cancelled since the paper was asked for.
        rules.board_paper_request_validate(
            plan=paper.plan,
            format=paper.format,
            meeting=paper.meeting,
            as_of=None if paper.meeting is not None else paper.as_of,
            today=timezone.localdate(started),
        )
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
    try:
        return _finish(paper_id=paper.pk, content=content)
    except Exception:
        logger.exception("Board paper %s was made but could not be saved", paper.pk)
        return _finish(paper_id=paper.pk, failed=True)


@transaction.atomic
def _finish(*, paper_id: int, content: bytes | None = None, failed: bool = False) -> BoardPaper:
    """Ready or failed, only if the paper is still being made (not marked failed meanwhile
    for taking too long)."""
    now = timezone.now()
    values: dict[str, object]
    if failed:
        values = {
            "status": BoardPaper.Status.FAILED,
            "error_message": FAILED_MESSAGE,
            "progress_message": "",
        }
    else:
        values = {
            "status": BoardPaper.Status.READY,
            "content": content,
            "progress_percent": 100,
            "progress_message": "Ready",
        }
    finished = BoardPaper.objects.filter(pk=paper_id, status=BoardPaper.Status.RUNNING).update(
        **values, finished_at=now, updated_at=now
    )
    if finished:
        return _record(paper_id, "Failed" if failed else "Made")
    return BoardPaper.objects.select_related("plan", "meeting").defer("content").get(pk=paper_id)


def board_paper_export(
    *,
    plan: Plan,
    format: str,
    meeting: Meeting | None = None,
    as_of: datetime.date | None = None,
    today: datetime.date | None = None,
) -> tuple[bytes, str]:
    """A paper made at once, without storing it: for the management command and direct
    downloads. Returns the bytes and a file name. Validates as `board_paper_request`
    (`rules.board_paper_request_validate`)."""
    today = today or timezone.localdate()
    rules.board_paper_request_validate(
        plan=plan, format=format, meeting=meeting, as_of=as_of, today=today
    )
    data = selectors.board_paper_data(plan=plan, meeting=meeting, as_of=as_of)
    return build_document(data=data, format=format), paper_filename(as_of=data.as_of, format=format)
