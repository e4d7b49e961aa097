"""Asking for a board paper, and making it in the background."""

from __future__ import annotations

import datetime
import io
import logging

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tracker.governance import services as governance_services
from tracker.reporting.models import BoardPaper
from tracker.reporting.papers import services
from tracker.reporting.papers.tasks import generate_board_paper
from tracker.reporting.tests.papers.test_selectors import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(local_authority, improvement_lead):
    return build_world(local_authority=local_authority, user=improvement_lead)


def _request(world, user, django_capture_on_commit_callbacks, **kwargs):
    kwargs.setdefault("format", "xlsx")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        paper = services.board_paper_request(plan=world.plan, user=user, **kwargs)
    paper.refresh_from_db()
    return paper, callbacks


def test_request_queues_the_paper_and_the_task_makes_it(
    world, viewer, django_capture_on_commit_callbacks
):
    paper, callbacks = _request(
        world, viewer, django_capture_on_commit_callbacks, meeting=world.meeting
    )
    assert len(callbacks) == 1
    assert paper.status == BoardPaper.Status.READY
    assert paper.progress_percent == 100
    assert paper.requested_by == viewer
    assert paper.local_authority_id == world.plan.local_authority_id
    assert paper.as_of == world.meeting.held_on
    assert paper.filename == f"improvement-plan-update-{paper.as_of.isoformat()}.xlsx"
    assert paper.finished_at is not None
    book = openpyxl.load_workbook(io.BytesIO(bytes(paper.content)))
    assert book.sheetnames[:3] == ["Summary", "Plan", "Changes"]
    assert [h.status for h in paper.history.order_by("history_id")] == [
        "queued",
        "running",
        "ready",
    ]


def test_request_is_only_queued_until_the_transaction_commits(world, viewer):
    paper = services.board_paper_request(plan=world.plan, user=viewer, format="docx")
    paper.refresh_from_db()
    assert paper.status == BoardPaper.Status.QUEUED
    assert paper.as_of == timezone.localdate()
    assert paper.content is None


def test_request_makes_a_word_paper(world, improvement_lead, django_capture_on_commit_callbacks):
    import docx

    paper, _ = _request(world, improvement_lead, django_capture_on_commit_callbacks, format="docx")
    assert paper.status == BoardPaper.Status.READY
    document = docx.Document(io.BytesIO(bytes(paper.content)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Improvement plan update" in text


def test_request_refuses_a_date_in_the_future(world, improvement_lead):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="The date must be today or in the past"):
        services.board_paper_request(
            plan=world.plan, user=improvement_lead, format="pdf", as_of=tomorrow
        )
    assert not BoardPaper.objects.exists()


def test_request_refuses_a_meeting_of_another_authority(world, improvement_lead, outsider):
    board = governance_services.board_create(
        user=outsider, local_authority=outsider.local_authority, name="Other", kind="cabinet"
    )
    other = governance_services.meeting_create(
        user=outsider, board=board, held_on=timezone.localdate()
    )
    with pytest.raises(ValidationError) as raised:
        services.board_paper_request(
            plan=world.plan, user=improvement_lead, format="docx", meeting=other
        )
    assert raised.value.message_dict == {
        "meeting": ["Choose a meeting of one of this local authority's boards"]
    }
    assert not BoardPaper.objects.exists()


def test_request_refuses_both_a_meeting_and_a_date_and_an_unknown_format(world, improvement_lead):
    with pytest.raises(ValidationError) as raised:
        services.board_paper_request(
            plan=world.plan,
            user=improvement_lead,
            format="odt",
            meeting=world.meeting,
            as_of=timezone.localdate(),
        )
    assert raised.value.message_dict == {
        "format": ["Select the format of the paper"],
        "as_of": ["Choose a meeting or enter a date, not both"],
    }
    assert not BoardPaper.objects.exists()


def test_request_refuses_a_user_of_another_authority(world, outsider):
    with pytest.raises(PermissionDenied):
        services.board_paper_request(plan=world.plan, user=outsider, format="docx")
    assert not BoardPaper.objects.exists()


def test_a_failing_build_marks_the_paper_failed_and_logs_why(
    world, viewer, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broken(data, progress):
        progress(40, "Half way")
        raise RuntimeError("disk on fire")

    monkeypatch.setitem(services.BUILDERS, "pdf", broken)
    with caplog.at_level(logging.ERROR, logger="tracker.reporting.papers.services"):
        paper, _ = _request(world, viewer, django_capture_on_commit_callbacks, format="pdf")
    assert paper.status == BoardPaper.Status.FAILED
    assert paper.error_message == services.FAILED_MESSAGE
    assert "disk on fire" not in paper.error_message
    assert paper.content is None
    assert paper.finished_at is not None
    assert "disk on fire" in caplog.text
    assert "Traceback" in caplog.text or caplog.records[0].exc_info is not None


def test_progress_is_saved_while_the_paper_is_made(
    world, viewer, django_capture_on_commit_callbacks, monkeypatch
):
    seen = []

    def slow(data, progress):
        progress(50, "Writing section 3 of 6")
        seen.append(
            BoardPaper.objects.values_list("status", "progress_percent", "progress_message").get()
        )
        return b"%PDF-1.7 fake"

    monkeypatch.setitem(services.BUILDERS, "pdf", slow)
    paper, _ = _request(world, viewer, django_capture_on_commit_callbacks, format="pdf")
    assert seen == [("running", 59, "Writing section 3 of 6")]
    assert paper.status == BoardPaper.Status.READY
    assert bytes(paper.content) == b"%PDF-1.7 fake"


def test_generating_twice_leaves_a_ready_paper_alone(
    world, viewer, django_capture_on_commit_callbacks, monkeypatch
):
    paper, _ = _request(world, viewer, django_capture_on_commit_callbacks, format="csv")
    calls = []
    monkeypatch.setitem(services.BUILDERS, "csv", lambda data, progress: calls.append(1) or b"")
    result = generate_board_paper.enqueue(paper.pk)
    assert result.return_value == "ready"
    assert calls == []
    paper.refresh_from_db()
    assert bytes(paper.content).startswith(b"\xef\xbb\xbf")


def test_a_failed_paper_is_made_again_as_a_new_paper(
    world, viewer, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setitem(services.BUILDERS, "csv", lambda data, progress: 1 / 0)
    failed, _ = _request(world, viewer, django_capture_on_commit_callbacks, format="csv")
    assert failed.status == BoardPaper.Status.FAILED
    monkeypatch.setitem(services.BUILDERS, "csv", lambda data, progress: b"a,b\r\n")
    # Running the failed paper's job again leaves it as it was: only a queued paper is made.
    generate_board_paper.enqueue(failed.pk)
    failed.refresh_from_db()
    assert failed.status == BoardPaper.Status.FAILED
    # "Make the paper again" asks for a new paper.
    again, _ = _request(world, viewer, django_capture_on_commit_callbacks, format="csv")
    assert again.pk != failed.pk
    assert again.status == BoardPaper.Status.READY
    assert again.error_message == ""
    assert again.started_at is not None


def test_a_paper_is_made_once_when_two_jobs_run_it(
    world, viewer, django_capture_on_commit_callbacks, monkeypatch
):
    """The second job finds the paper already claimed (being made) and leaves it alone."""
    builds = []
    second = []

    def build(data, progress):
        builds.append(1)
        second.append(services.board_paper_generate(paper_id=paper_id).status)
        return b"made once"

    monkeypatch.setitem(services.BUILDERS, "csv", build)
    paper = services.board_paper_request(plan=world.plan, user=viewer, format="csv")
    paper_id = paper.pk
    result = services.board_paper_generate(paper_id=paper_id)
    assert builds == [1]
    assert second == ["running"]
    assert result.status == BoardPaper.Status.READY
    paper.refresh_from_db()
    assert bytes(paper.content) == b"made once"


def test_a_paper_marked_failed_while_being_made_stays_failed(world, viewer, monkeypatch):
    """The job finishing after the paper was given up on does not overwrite "failed"."""

    def slow(data, progress):
        BoardPaper.objects.filter(pk=paper.pk).update(status=BoardPaper.Status.FAILED)
        return b"too late"

    monkeypatch.setitem(services.BUILDERS, "csv", slow)
    paper = services.board_paper_request(plan=world.plan, user=viewer, format="csv")
    result = services.board_paper_generate(paper_id=paper.pk)
    assert result.status == BoardPaper.Status.FAILED
    paper.refresh_from_db()
    assert paper.content is None


def test_a_paper_that_cannot_be_saved_is_marked_failed(world, viewer, monkeypatch, caplog):
    finish = services._finish

    def failing_save(*, paper_id, content=None, failed=False):
        if not failed:
            raise RuntimeError("database full")
        return finish(paper_id=paper_id, failed=True)

    monkeypatch.setattr(services, "_finish", failing_save)
    paper = services.board_paper_request(plan=world.plan, user=viewer, format="csv")
    with caplog.at_level(logging.ERROR, logger="tracker.reporting.papers.services"):
        result = services.board_paper_generate(paper_id=paper.pk)
    assert result.status == BoardPaper.Status.FAILED
    assert result.error_message == services.FAILED_MESSAGE
    assert "database full" in caplog.text


def _stall(paper, *, status, minutes):
    moment = timezone.now() - datetime.timedelta(minutes=minutes)
    BoardPaper.objects.filter(pk=paper.pk).update(
        status=status, started_at=moment if status == "running" else None, created_at=moment
    )


def test_papers_whose_job_died_are_marked_failed(world, viewer):
    stuck_running = services.board_paper_request(plan=world.plan, user=viewer, format="pdf")
    stuck_queued = services.board_paper_request(plan=world.plan, user=viewer, format="docx")
    busy = services.board_paper_request(plan=world.plan, user=viewer, format="xlsx")
    waiting = services.board_paper_request(plan=world.plan, user=viewer, format="csv")
    _stall(stuck_running, status="running", minutes=31)
    _stall(stuck_queued, status="queued", minutes=121)
    _stall(busy, status="running", minutes=10)
    _stall(waiting, status="queued", minutes=100)

    assert services.board_papers_fail_stalled(plan=world.plan) == 2

    statuses = dict(BoardPaper.objects.values_list("pk", "status"))
    assert statuses == {
        stuck_running.pk: "failed",
        stuck_queued.pk: "failed",
        busy.pk: "running",
        waiting.pk: "queued",
    }
    stuck_running.refresh_from_db()
    assert stuck_running.error_message == services.FAILED_MESSAGE
    assert stuck_running.finished_at is not None
    assert stuck_running.history.first().history_change_reason == "Took too long: marked failed"
    # Run again, nothing more to do.
    assert services.board_papers_fail_stalled(plan=world.plan) == 0


def test_the_worker_marks_papers_whose_job_died(world, viewer, django_capture_on_commit_callbacks):
    stuck = services.board_paper_request(plan=world.plan, user=viewer, format="pdf")
    _stall(stuck, status="running", minutes=45)
    paper, _ = _request(world, viewer, django_capture_on_commit_callbacks, format="csv")
    assert paper.status == BoardPaper.Status.READY
    stuck.refresh_from_db()
    assert stuck.status == BoardPaper.Status.FAILED


def test_request_refuses_a_cancelled_meeting(world, improvement_lead):
    cancelled = governance_services.meeting_create(
        user=improvement_lead,
        board=world.board,
        held_on=timezone.localdate() - datetime.timedelta(days=3),
        status="cancelled",
    )
    with pytest.raises(ValidationError) as raised:
        services.board_paper_request(
            plan=world.plan, user=improvement_lead, format="docx", meeting=cancelled
        )
    assert raised.value.message_dict == {
        "meeting": ["This meeting was cancelled: choose another meeting"]
    }
    assert not BoardPaper.objects.exists()
    with pytest.raises(ValidationError) as raised:
        services.board_paper_export(plan=world.plan, format="csv", meeting=cancelled)
    assert raised.value.message_dict == {
        "meeting": ["This meeting was cancelled: choose another meeting"]
    }


def test_export_refuses_a_future_date(world):
    with pytest.raises(ValidationError, match="The date must be today or in the past"):
        services.board_paper_export(
            plan=world.plan,
            format="csv",
            as_of=timezone.localdate() + datetime.timedelta(days=3),
        )
