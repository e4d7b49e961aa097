"""`manage.py import_plan FILE --local-authority NAME`: import a plan from .docx, .xlsx or .csv.

The same three steps as the web pages: read the file, check it (every problem, with its place),
and only then create the plan in one transaction. `--dry-run` stops after the check. Exits
non-zero, saving nothing, when the file has problems or a status wording nobody has mapped.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from tracker.accounts.models import LocalAuthority
from tracker.inspections.models import Inspection
from tracker.plans.imports import (
    FIELDS,
    STATUS_CHOICES,
    ImportRefused,
    Workbook,
    check_upload_size,
    format_for_filename,
    guess_mapping,
    plan_from_sheet,
    read_upload,
)
from tracker.plans.imports.apply import plan_import_apply, plan_import_check
from tracker.plans.imports.common import STATUS_CHOICE_LABELS, header_key, shorten
from tracker.plans.imports.parsed import ParsedPlan
from tracker.plans.imports.spreadsheet import ColumnMapping, column_letter
from tracker.plans.imports.validate import CheckedPlan
from tracker.plans.models import Plan

FIELD_NAMES = {name for name, _ in FIELDS}


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"‘{value}’ is not a date: write it as YYYY-MM-DD") from None


def _pairs(values: list[str], option: str) -> list[tuple[str, str]]:
    pairs = []
    for value in values:
        left, separator, right = value.rpartition("=")
        if not separator or not left.strip():
            raise CommandError(f"Write {option} as TEXT=VALUE, not ‘{value}’")
        pairs.append((left.strip(), right.strip()))
    return pairs


class Command(BaseCommand):
    help = (
        "Import a plan from a Word document (.docx), Excel workbook (.xlsx) or CSV file as a new "
        "draft plan of a local authority. Prints every problem with its place and saves nothing "
        "if there are any."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The .docx, .xlsx or .csv file")
        parser.add_argument(
            "--local-authority",
            required=True,
            help="The local authority's name or short name, e.g. Solihull",
        )
        parser.add_argument("--title", default="", help="The new plan's title")
        parser.add_argument(
            "--kind",
            default=Plan.Kind.OFSTED_ACTION_PLAN,
            choices=Plan.Kind.values,
            help="The kind of plan (default: ofsted_action_plan)",
        )
        parser.add_argument(
            "--inspection-id",
            type=int,
            default=None,
            help="The inspection the plan answers: sections answer its recommendations by number",
        )
        parser.add_argument(
            "--status",
            action="append",
            default=[],
            metavar="WORDING=CHOICE",
            help="What a status wording means, e.g. 'Completed and next audit=business_as_usual"
            ":blue'. Choices: " + ", ".join(value for value, _ in STATUS_CHOICES),
        )
        parser.add_argument(
            "--column",
            action="append",
            default=[],
            metavar="COLUMN=FIELD",
            help="Spreadsheets: what a column holds, by letter or heading, e.g. 'C=who' or "
            "'Lead officer=who'; FIELD 'none' leaves it out. Fields: "
            + ", ".join(sorted(FIELD_NAMES)),
        )
        parser.add_argument("--sheet", default="", help="Spreadsheets: the sheet's name")
        parser.add_argument(
            "--header-row", type=int, default=None, help="Spreadsheets: the headings' row"
        )
        parser.add_argument(
            "--progress-as-at",
            default="",
            metavar="YYYY-MM-DD",
            help="The date the file's progress describes (default: today)",
        )
        parser.add_argument(
            "--next-review",
            default="",
            metavar="YYYY-MM-DD",
            help="Next review date for business as usual actions",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and say what would be created"
        )
        parser.add_argument("--json", action="store_true", help="Print the result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"There is no file {path}")
        local_authority = self._local_authority(options["local_authority"])
        inspection = None
        if options["inspection_id"] is not None:
            inspection = Inspection.objects.filter(
                pk=options["inspection_id"], local_authority=local_authority
            ).first()
            if inspection is None:
                raise CommandError(
                    f"{local_authority} has no inspection {options['inspection_id']}"
                )
        status_choices = dict(_pairs(options["status"], "--status"))
        for wording, choice in status_choices.items():
            if choice not in STATUS_CHOICE_LABELS:
                raise CommandError(
                    f"‘{choice}’ is not a status choice for ‘{wording}’. Choose one of: "
                    + ", ".join(STATUS_CHOICE_LABELS)
                )
        try:
            format_for_filename(path.name)
            check_upload_size(path.stat().st_size)
            result = read_upload(filename=path.name, data=path.read_bytes())
        except ImportRefused as refused:
            raise CommandError(refused.message) from None
        parsed = (
            self._plan_from_workbook(result, options) if isinstance(result, Workbook) else result
        )
        checked = plan_import_check(
            local_authority=local_authority,
            parsed=parsed,
            inspection=inspection,
            status_choices=status_choices,
        )
        title = options["title"] or parsed.title
        if not checked.is_ready:
            self._report(checked, title=title, plan=None, as_json=options["json"])
            raise CommandError(
                f"{len(checked.blocking_problems)} problem(s) and {len(checked.unmapped)} "
                "status wording(s) to map: nothing was imported"
            )
        if options["dry_run"]:
            self._report(checked, title=title, plan=None, as_json=options["json"], dry_run=True)
            return
        today = datetime.date.today()  # noqa: DTZ011 - the officer's calendar date
        try:
            plan = plan_import_apply(
                user=None,
                local_authority=local_authority,
                parsed=parsed,
                title=title,
                kind=options["kind"],
                inspection=inspection,
                status_choices=status_choices,
                recorded_on=_date(options["progress_as_at"]) if options["progress_as_at"] else None,
                next_review_on=_date(options["next_review"]) if options["next_review"] else None,
                today=today,
            )
        except ValidationError as error:
            raise CommandError(
                "Nothing was imported:\n" + "\n".join(f"  {m}" for m in error.messages)
            ) from None
        self._report(checked, title=title, plan=plan, as_json=options["json"])

    def _local_authority(self, name: str) -> LocalAuthority:
        matches = list(
            LocalAuthority.objects.filter(Q(name__iexact=name) | Q(short_name__iexact=name))
        )
        if len(matches) != 1:
            raise CommandError(f"There is no local authority called ‘{name}’")
        return matches[0]

    def _plan_from_workbook(self, workbook: Workbook, options: dict[str, Any]) -> ParsedPlan:
        mapping = guess_mapping(workbook)
        if options["sheet"]:
            names = [sheet.name.casefold() for sheet in workbook.sheets]
            if options["sheet"].casefold() not in names:
                raise CommandError(
                    f"There is no sheet ‘{options['sheet']}’. Sheets: "
                    + ", ".join(sheet.name for sheet in workbook.sheets)
                )
            sheet_index = names.index(options["sheet"].casefold())
            if sheet_index != mapping.sheet:
                mapping = ColumnMapping(sheet=sheet_index, header_row=1, columns={})
        if options["header_row"] is not None:
            mapping = ColumnMapping(
                sheet=mapping.sheet, header_row=options["header_row"], columns=mapping.columns
            )
        header = workbook.sheets[mapping.sheet].rows[mapping.header_row - 1 :][:1]
        headings = header[0] if header else []
        columns = dict(mapping.columns)
        for column, field_name in _pairs(options["column"], "--column"):
            if field_name not in FIELD_NAMES | {"none"}:
                raise CommandError(
                    f"‘{field_name}’ is not a field. Fields: " + ", ".join(sorted(FIELD_NAMES))
                )
            index = self._column_index(column, headings)
            columns = {i: f for i, f in columns.items() if f != field_name and i != index}
            if field_name != "none":
                columns[index] = field_name
        return plan_from_sheet(
            workbook,
            ColumnMapping(sheet=mapping.sheet, header_row=mapping.header_row, columns=columns),
            title=options["title"],
        )

    def _column_index(self, column: str, headings: list[str]) -> int:
        keys = [header_key(heading) for heading in headings]
        if header_key(column) in keys:
            return keys.index(header_key(column))
        letters = [column_letter(index) for index in range(max(len(headings), 60))]
        if column.upper() in letters:
            return letters.index(column.upper())
        raise CommandError(f"There is no column ‘{column}’ in the headings row")

    def _report(
        self,
        checked: CheckedPlan,
        *,
        title: str,
        plan: Plan | None,
        as_json: bool,
        dry_run: bool = False,
    ) -> None:
        if as_json:
            self.stdout.write(json.dumps(_as_json(checked, title=title, plan=plan), indent=2))
            return
        write = self.stdout.write
        for problem in checked.blocking_problems:
            write(self.style.ERROR(f"Problem: {problem}"))
        for wording in checked.unmapped:
            write(
                self.style.ERROR(
                    f"Status to map: ‘{shorten(wording.text, 80)}’ "
                    f"({', '.join(wording.places[:3])}). Add --status '{wording.text}=CHOICE'"
                )
            )
        for problem in checked.warnings:
            write(self.style.WARNING(f"Check: {problem}"))
        if not checked.is_ready:
            return
        heading = "Would create" if dry_run else "Created"
        write(
            self.style.SUCCESS(
                f"{heading} ‘{title}’: {len(checked.sections)} sections, "
                f"{len(checked.actions)} actions"
                + (f" (plan {plan.pk})" if plan is not None else "")
            )
        )
        for section in checked.sections:
            write(f"  {section.number}. {shorten(section.title, 90)}")
            for action in section.actions:
                owners = ", ".join(
                    owner.name + (" (new)" if owner.is_new else "") for owner in action.owners
                )
                status = STATUS_CHOICE_LABELS.get(action.choice or "", "Not started")
                write(f"     {action.reference} {shorten(action.description, 70)}")
                write(f"        Who: {owners or '-'}  Status: {status}")
            for outcome in section.outcomes:
                write(f"     Outcome: {shorten(outcome, 80)}")
        if checked.new_posts:
            write("New posts: " + "; ".join(checked.new_posts))
        if dry_run:
            write("Dry run: nothing was saved.")


def _as_json(checked: CheckedPlan, *, title: str, plan: Plan | None) -> dict[str, Any]:
    return {
        "ready": checked.is_ready,
        "plan_id": plan.pk if plan is not None else None,
        "title": title,
        "problems": [
            {"place": p.place, "message": p.message, "blocking": p.is_blocking}
            for p in checked.problems
        ],
        "statuses_to_map": [
            {"wording": wording.text, "places": wording.places} for wording in checked.unmapped
        ],
        "new_posts": checked.new_posts,
        "sections": [
            {
                "number": section.number,
                "title": section.title,
                "recommendation": section.recommendation_number,
                "outcomes": section.outcomes,
                "actions": [
                    {
                        "reference": action.reference,
                        "place": action.place,
                        "description": action.description,
                        "owners": [owner.name for owner in action.owners],
                        "new_owners": [owner.name for owner in action.owners if owner.is_new],
                        "owner_note": action.owner_note,
                        "due_on": action.due_on.isoformat() if action.due_on else None,
                        "progress": action.progress,
                        "status": action.choice,
                    }
                    for action in section.actions
                ],
            }
            for section in checked.sections
        ],
    }
