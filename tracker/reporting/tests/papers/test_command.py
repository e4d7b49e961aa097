"""`manage.py export_board_paper`: every format written to a file, and clear errors."""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path

import docx
import openpyxl
import pypdfium2
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tracker.governance import services as governance_services
from tracker.reporting.tests.papers.test_selectors import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(local_authority, improvement_lead):
    return build_world(local_authority=local_authority, user=improvement_lead)


_SECTION_PARTS = ["Recommendations", "Aim", "Expected outcomes"]
# The Word paper's headings, in order: the numbered parts, each kind of change, and the
# appendix with every section (the title is the document's Title, not a heading).
EXPECTED_HEADINGS = [
    "1. Summary",
    "Progress by section",
    "Progress by theme",
    "Overdue actions",
    "Charts",
    "2. Changes since the last meeting",
    "Status changes",
    "BRAG changes",
    "New actions",
    "Completed actions",
    "Re-baselined due dates",
    "Removed actions",
    "New risks",
    "Risk score changes",
    "3. Highlight reports",
    "4. Performance scorecard",
    "5. Coverage",
    "Open gaps",
    "Appendix: the improvement plan",
    "1. Recruit and keep social workers",
    *_SECTION_PARTS,
    "2. Audit",
    *_SECTION_PARTS,
    "3. Other",
    *_SECTION_PARTS,
]


def _export(tmp_path: Path, *args: str) -> tuple[Path, str]:
    output = tmp_path / "paper.out"
    out = io.StringIO()
    call_command("export_board_paper", *args, "--output", str(output), stdout=out)
    return output, out.getvalue()


def test_writes_word_for_a_meeting(world, tmp_path):
    output, message = _export(
        tmp_path,
        "--plan",
        str(world.plan.pk),
        "--meeting",
        str(world.meeting.pk),
        "--format",
        "docx",
    )
    assert f"Wrote {output} (Word" in message
    document = docx.Document(str(output))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == EXPECTED_HEADINGS
    assert len(document.tables) >= 2
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    assert "Publish the workforce strategy" in cells


def test_writes_pdf(world, tmp_path):
    output, message = _export(tmp_path, "--plan", str(world.plan.pk), "--format", "pdf")
    assert "(PDF" in message
    pdf = pypdfium2.PdfDocument(str(output))
    text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
    assert "Improvement plan update" in text
    assert "Publish the workforce strategy" in text


def test_writes_excel_for_a_date(world, tmp_path):
    day = timezone.localdate()
    output, message = _export(
        tmp_path, "--plan", str(world.plan.pk), "--as-of", day.isoformat(), "--format", "xlsx"
    )
    assert f"for {day.isoformat()}" in message
    book = openpyxl.load_workbook(io.BytesIO(output.read_bytes()))
    plan_rows = list(book["Plan"].iter_rows(values_only=True))
    assert [row[1] for row in plan_rows[1:]] == ["1.1", "1.2", "2.1", "3.1"]


def test_writes_csv(world, tmp_path):
    output, _ = _export(tmp_path, "--plan", str(world.plan.pk), "--format", "csv")
    rows = list(csv.reader(io.StringIO(output.read_text(encoding="utf-8-sig"))))
    assert rows[0][:3] == ["Section", "Reference", "Action"]
    assert len(rows) == 5


def test_replaces_an_existing_file_whole_and_leaves_no_temporary_file(world, tmp_path):
    output = tmp_path / "paper.out"
    output.write_bytes(b"old")
    _export(tmp_path, "--plan", str(world.plan.pk), "--format", "csv")
    assert output.read_bytes().startswith(b"\xef\xbb\xbf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["paper.out"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--plan", "999999", "--format", "docx"], "There is no plan with id 999999"),
        (["--format", "docx", "--meeting", "999999"], "There is no meeting with id 999999"),
        (["--format", "docx", "--as-of", "12/03/2026"], "--as-of must be a date such as"),
        (["--format", "docx", "--as-of", "2999-01-01"], "The date must be today or in the past"),
    ],
)
def test_refuses_bad_arguments(world, tmp_path, args, message):
    if "--plan" not in args:
        args = ["--plan", str(world.plan.pk), *args]
    with pytest.raises(CommandError, match=message):
        _export(tmp_path, *args)
    assert not (tmp_path / "paper.out").exists()


def test_refuses_both_a_meeting_and_a_date(world, tmp_path):
    with pytest.raises(CommandError, match="not allowed with argument"):
        _export(
            tmp_path,
            "--plan",
            str(world.plan.pk),
            "--meeting",
            str(world.meeting.pk),
            "--as-of",
            "2026-03-12",
            "--format",
            "docx",
        )


def test_refuses_a_meeting_of_another_authority(world, tmp_path, outsider):
    board = governance_services.board_create(
        user=outsider, local_authority=outsider.local_authority, name="Other", kind="cabinet"
    )
    other = governance_services.meeting_create(
        user=outsider, board=board, held_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    with pytest.raises(CommandError, match="Choose a meeting of one of this local authority"):
        _export(
            tmp_path, "--plan", str(world.plan.pk), "--meeting", str(other.pk), "--format", "csv"
        )


def test_refuses_an_unknown_format(world, tmp_path):
    with pytest.raises(CommandError, match="invalid choice: 'odt'"):
        _export(tmp_path, "--plan", str(world.plan.pk), "--format", "odt")


def test_refuses_an_output_it_cannot_write(world, tmp_path):
    missing = tmp_path / "no-such-folder" / "paper.docx"
    with pytest.raises(CommandError, match=r"the folder .* does not exist"):
        call_command(
            "export_board_paper",
            "--plan",
            str(world.plan.pk),
            "--format",
            "docx",
            "--output",
            str(missing),
        )
    with pytest.raises(CommandError, match="is a folder"):
        call_command(
            "export_board_paper",
            "--plan",
            str(world.plan.pk),
            "--format",
            "docx",
            "--output",
            str(tmp_path),
        )


def test_refuses_a_folder_it_may_not_write_to(world, tmp_path, monkeypatch):
    from tracker.reporting.management.commands import export_board_paper

    monkeypatch.setattr(export_board_paper.os, "access", lambda path, mode: False)
    with pytest.raises(CommandError, match="is not writable"):
        call_command(
            "export_board_paper",
            "--plan",
            str(world.plan.pk),
            "--format",
            "docx",
            "--output",
            str(tmp_path / "paper.docx"),
        )
    assert list(tmp_path.iterdir()) == []


def test_refuses_a_cancelled_meeting(world, tmp_path, improvement_lead):
    cancelled = governance_services.meeting_create(
        user=improvement_lead,
        board=world.board,
        held_on=timezone.localdate() - datetime.timedelta(days=3),
        status="cancelled",
    )
    with pytest.raises(CommandError, match="This meeting was cancelled: choose another meeting"):
        _export(
            tmp_path,
            "--plan",
            str(world.plan.pk),
            "--meeting",
            str(cancelled.pk),
            "--format",
            "csv",
        )
    assert not (tmp_path / "paper.out").exists()
