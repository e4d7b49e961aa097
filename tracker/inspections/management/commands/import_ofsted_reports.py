"""`manage.py import_ofsted_reports FOLDER_OR_ZIP [--dry-run]`: hold every published Ofsted
report in a folder (and its folders) or a zip archive in the national inspection picture.

Each PDF is read by the same parser as the import page and saved in its own transaction, so a
report is held whole or not at all. A report already held (the same text, or the same kind of
inspection of the same authority starting the same day) is skipped and counted. A counter shows
progress on a terminal (on stderr). At the end, a summary and every file that failed, with its
reason; the command exits with status 1 when any failed (2 when the folder or archive itself
cannot be read). With `--dry-run` the reports are read and checked, and nothing is saved.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tracker.inspections.imports.ofsted_report import ReportError, parse_report
from tracker.inspections.national import services
from tracker.inspections.national.sources import SourceError, SourceFile, source_open

HELD, SKIPPED, FAILED = "held", "skipped", "failed"


class Command(BaseCommand):
    help = (
        "Hold every published Ofsted report (PDF) in a folder or zip archive in the national "
        "inspection picture."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", metavar="FOLDER_OR_ZIP", help="A folder or a zip archive")
        parser.add_argument(
            "--dry-run", action="store_true", help="Read and check the reports; save nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run: bool = options["dry_run"]
        self.verbosity = int(options["verbosity"])
        try:
            source = source_open(Path(options["source"]))
        except SourceError as error:
            raise CommandError(str(error), returncode=2) from None
        counts = {HELD: 0, SKIPPED: 0, FAILED: 0}
        failures: list[tuple[str, str]] = []
        total = len(source.names)
        show_progress = self._is_terminal()
        with source:
            for number, file in enumerate(source.files(), start=1):
                if show_progress:
                    self.stderr.write(f"\rReading report {number} of {total}", ending="")
                outcome, reason = self._import_one(file, dry_run=dry_run)
                counts[outcome] += 1
                if outcome == FAILED:
                    failures.append((file.name, reason))
                elif self.verbosity >= 2:
                    self.stdout.write(f"{file.name}: {reason}")
        if show_progress:
            self.stderr.write("")
        self._summarise(counts, failures, ignored=source.ignored, dry_run=dry_run)
        if failures:
            raise CommandError(
                f"{len(failures)} of {total} reports could not be imported", returncode=1
            )

    def _is_terminal(self) -> bool:
        return bool(self.stderr.isatty())

    def _import_one(self, file: SourceFile, *, dry_run: bool) -> tuple[str, str]:
        if file.problem:
            return FAILED, file.problem
        try:
            report = parse_report(file.data)
        except ReportError as error:
            return FAILED, error.message
        try:
            if dry_run:
                name = services.published_report_check(report=report)
                if services.published_report_find(report=report, authority_name=name):
                    return SKIPPED, "already held"
                return HELD, f"would be held for {name}"
            held = services.published_report_hold(report=report, source_name=file.name)
        except services.AlreadyHeldError:
            return SKIPPED, "already held"
        except ValidationError as error:
            return FAILED, "; ".join(error.messages)
        return HELD, f"held for {held.national_authority}"

    def _summarise(
        self,
        counts: dict[str, int],
        failures: list[tuple[str, str]],
        *,
        ignored: int,
        dry_run: bool,
    ) -> None:
        held = "would be imported" if dry_run else "imported"
        lines = [
            f"{counts[HELD]} {_reports(counts[HELD])} {held}",
            f"{counts[SKIPPED]} already held, skipped",
            f"{counts[FAILED]} could not be imported",
        ]
        if ignored:
            lines.append(f"{ignored} other {_files(ignored)} (not PDFs) passed over")
        if dry_run:
            lines.append("Nothing was saved (--dry-run)")
        self.stdout.write("\n".join(lines))
        if failures:
            self.stderr.write("These reports could not be imported:")
            for name, reason in failures:
                self.stderr.write(f"  {name}: {' '.join(reason.split())}")


def _reports(count: int) -> str:
    return "report" if count == 1 else "reports"


def _files(count: int) -> str:
    return "file" if count == 1 else "files"
