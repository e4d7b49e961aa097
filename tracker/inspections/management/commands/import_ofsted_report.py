"""`manage.py import_ofsted_report FILE [FILE ...]`: read published Ofsted reports and save them.

The command-line contract (keep it stable): with `--dry-run --json`, nothing is saved and each
file, in order, gets one line holding one JSON object: the report as read (local_authority,
framework, kind, inspection_start, inspection_end, lead_inspector, judgements, recommendations,
warnings, plus published_on, areas_for_priority_action and lscb_recommendations), or
{"file": ..., "error": "one-line reason"} for a file that cannot be read as a report. Every object
carries "file", the path as given. The other files are still processed, and the command exits
non-zero at the end if any file failed.

Without `--dry-run`, `--local-authority` names the authority the inspections are saved for; each
file is saved in its own transaction, exactly as the import page saves it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from tracker.accounts.models import LocalAuthority
from tracker.inspections.imports import services as import_services
from tracker.inspections.imports.ofsted_report import ReportError, parse_report


class Command(BaseCommand):
    help = (
        "Read published Ofsted reports on children's services (PDF) and save each as an "
        "inspection with its judgements and recommendations."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE", help="A report, as a PDF")
        parser.add_argument(
            "--dry-run", action="store_true", help="Read the reports and show them; save nothing"
        )
        parser.add_argument(
            "--json", action="store_true", help="Print one JSON object a line, one line a file"
        )
        parser.add_argument(
            "--local-authority",
            metavar="NAME",
            help="The local authority (name or short name) to save the inspections for; "
            "needed unless --dry-run",
        )
        parser.add_argument(
            "--allow-other-authority",
            action="store_true",
            help="Save a report even if the authority it names is not --local-authority",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        files: list[str] = options["files"]
        dry_run: bool = options["dry_run"]
        as_json: bool = options["json"]
        local_authority = None
        if options["local_authority"]:
            local_authority = _local_authority(options["local_authority"])
        elif not dry_run:
            raise CommandError(
                "Give --local-authority to save the reports, or --dry-run to only read them"
            )
        failed = 0
        for path in files:
            result = self._import_one(
                path,
                local_authority=local_authority,
                dry_run=dry_run,
                allow_other_authority=options["allow_other_authority"],
            )
            if "error" in result:
                failed += 1
            self._print(result, as_json=as_json)
        if failed:
            raise CommandError(f"{failed} of {len(files)} files could not be imported")

    def _import_one(
        self,
        path: str,
        *,
        local_authority: LocalAuthority | None,
        dry_run: bool,
        allow_other_authority: bool,
    ) -> dict[str, Any]:
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            return _error(path, f"The file could not be opened: {error.strerror or error}")
        try:
            report = parse_report(data)
        except ReportError as error:
            return _error(path, error.message)
        result = report.to_json(file=path)
        problems = import_services.inspection_import_validate(report=report)
        for messages in problems.values():
            result["warnings"] += [m for m in messages if m not in result["warnings"]]
        other_authority = local_authority is not None and not import_services.report_is_about(
            local_authority=local_authority, report=report
        )
        if dry_run or local_authority is None:  # handle() insists on an authority when saving
            if other_authority:
                result["warnings"].append(
                    f"The report is about {report.local_authority}, not {local_authority}"
                )
            return result
        if other_authority and not allow_other_authority:
            return _error(
                path,
                f"The report is about {report.local_authority}, not {local_authority}: check "
                "--local-authority, or give --allow-other-authority",
            )
        try:
            inspection = import_services.inspection_import_apply(
                user=None, local_authority=local_authority, report=report
            )
        except ValidationError as error:
            return _error(path, " ".join(error.messages))
        result["inspection_id"] = inspection.pk
        result["saved"] = (
            f"{import_services.inspection_describe(inspection)} for {local_authority}, with "
            f"{len(report.judgements)} judgements and "
            f"{len(report.recommendations) + len(report.areas_for_priority_action)} "
            "recommendations"
        )
        return result

    def _print(self, result: dict[str, Any], *, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        path = result["file"]
        if "error" in result:
            self.stderr.write(f"{path}: {result['error']}")
            return
        if "saved" in result:
            self.stdout.write(self.style.SUCCESS(f"{path}: saved {result['saved']}"))
        else:
            self.stdout.write(_describe(result))
        for warning in result["warnings"]:
            self.stdout.write(self.style.WARNING(f"{path}: check: {warning}"))


def _local_authority(name: str) -> LocalAuthority:
    matches = list(
        LocalAuthority.objects.filter(Q(name__iexact=name) | Q(short_name__iexact=name))[:2]
    )
    if len(matches) != 1:
        raise CommandError(f"No single local authority is called “{name}”")
    return matches[0]


def _error(path: str, reason: str) -> dict[str, Any]:
    return {"file": path, "error": " ".join(reason.split())}


def _describe(result: dict[str, Any]) -> str:
    lines = [
        f"{result['file']}: {result['local_authority']}, {result['framework']} {result['kind']}, "
        f"{result['inspection_start']} to {result['inspection_end']}, "
        f"lead inspector {result['lead_inspector'] or 'not found'}"
    ]
    lines += [f"  {j['area']}: {j['grade']} (“{j['text']}”)" for j in result["judgements"]]
    lines += [f"  {r['number']}. {r['text']}" for r in result["recommendations"]]
    lines += [
        f"  Area for priority action {r['number']}. {r['text']}"
        for r in result["areas_for_priority_action"]
    ]
    return "\n".join(lines)
