"""`manage.py export_board_paper`: write a board paper or plan export to a file, without the
web interface (for scheduled jobs and automated checks)."""

from __future__ import annotations

import datetime
import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tracker.governance.models import Meeting
from tracker.plans.models import Plan
from tracker.reporting.models import BoardPaper
from tracker.reporting.papers import services


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--as-of must be a date such as 2026-03-12, not {value!r}") from None


def _writable(path: Path) -> Path:
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise CommandError(f"--output {path} is a folder: give a file name")
    if not folder.is_dir():
        raise CommandError(f"Cannot write {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise CommandError(f"Cannot write {path}: the folder {folder} is not writable")
    return path


def write_atomically(path: Path, content: bytes) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`, so a reader never
    sees half a file and a failure leaves any earlier file as it was."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)  # a document to share, not a secret
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class Command(BaseCommand):
    help = (
        "Write the improvement plan update report for a meeting or a date (the plan as it "
        "stood at the end of that day; today by default) as Word, PDF, Excel or CSV."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plan", type=int, required=True, help="The plan's id")
        basis = parser.add_mutually_exclusive_group()
        basis.add_argument("--meeting", type=int, help="The id of the meeting the paper is for")
        basis.add_argument("--as-of", help="The date to show the plan on (YYYY-MM-DD)")
        parser.add_argument(
            "--format", required=True, choices=BoardPaper.Format.values, help="The file format"
        )
        parser.add_argument("--output", required=True, help="The file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        plan = Plan.objects.filter(pk=options["plan"]).first()
        if plan is None:
            raise CommandError(f"There is no plan with id {options['plan']}")
        meeting = None
        if options["meeting"] is not None:
            meeting = Meeting.objects.select_related("board").filter(pk=options["meeting"]).first()
            if meeting is None:
                raise CommandError(f"There is no meeting with id {options['meeting']}")
        as_of = _date(options["as_of"]) if options["as_of"] else None
        output = _writable(Path(options["output"]))
        try:
            content, _name = services.board_paper_export(
                plan=plan, format=options["format"], meeting=meeting, as_of=as_of
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        write_atomically(output, content)
        basis = f"for {meeting}" if meeting else f"for {as_of or 'today'}"
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {output} ({BoardPaper.Format(options['format']).label}, "
                f"{len(content):,} bytes): {plan.title} {basis}."
            )
        )
