"""`manage.py inspection_deadlines --kind KIND --published YYYY-MM-DD [--grade GRADE]
[--end YYYY-MM-DD] [--notice YYYY-MM-DD] [--areas-for-priority-action] [--json]`.

The command-line contract (keep it stable): the milestones an inspection sets, worked out by the
same rules as the inspection page, in date order. With `--json`, one line per milestone holding
one JSON object: "key", "name", "rule" (the rule's wording) and either "date" or "earliest" and
"latest" (a window), dates in ISO 8601. KIND is one of standard, short, focused_visit,
monitoring_visit, jtai; GRADE (the overall judgement) one of outstanding, good,
requires_improvement, inadequate, as in the Ofsted import's JSON. Bad input exits with status 2
and a one-line reason. Working days follow England's bank holidays and the closure days recorded
by administrators.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from tracker.core.formatting import format_date
from tracker.core.working_days import NO_CLOSURES, Closures, closures_load
from tracker.inspections.deadlines.rules import GRADED_KINDS, milestones_for
from tracker.inspections.models import Grade, Inspection

KINDS = (
    Inspection.Kind.ILACS_STANDARD,
    Inspection.Kind.ILACS_SHORT,
    Inspection.Kind.FOCUSED_VISIT,
    Inspection.Kind.MONITORING_VISIT,
    Inspection.Kind.JTAI,
)


def _bad_input(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def _date(name: str, value: str | None) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise _bad_input(f"{name} must be a date written YYYY-MM-DD, like 2023-05-09") from None


class Command(BaseCommand):
    help = "Show the deadlines and expected visits an inspection sets, with the rule for each."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", required=True, metavar="KIND", help=", ".join(KINDS))
        parser.add_argument(
            "--published", required=True, metavar="YYYY-MM-DD", help="Report publication date"
        )
        parser.add_argument(
            "--grade", metavar="GRADE", help="Overall judgement: " + ", ".join(Grade.values)
        )
        parser.add_argument("--end", metavar="YYYY-MM-DD", help="Last day of the inspection")
        parser.add_argument(
            "--notice",
            metavar="YYYY-MM-DD",
            help="Date of a DfE improvement notice or statutory direction, if any",
        )
        parser.add_argument(
            "--areas-for-priority-action",
            action="store_true",
            help="The focused visit's letter names areas for priority action",
        )
        parser.add_argument("--json", action="store_true", help="One JSON object a line")

    def handle(self, *args: Any, **options: Any) -> None:
        kind: str = options["kind"]
        grade: str | None = options["grade"]
        if kind not in KINDS:
            raise _bad_input(f"--kind must be one of {', '.join(KINDS)}, not “{kind}”")
        if grade is not None and grade not in Grade.values:
            raise _bad_input(f"--grade must be one of {', '.join(Grade.values)}, not “{grade}”")
        published_on = _date("--published", options["published"])
        ended_on = _date("--end", options["end"])
        notice_on = _date("--notice", options["notice"])
        if kind in GRADED_KINDS and grade is None:
            raise _bad_input(f"--grade is needed for a {kind} inspection")
        if ended_on is not None and published_on is not None and ended_on > published_on:
            raise _bad_input("--end must be on or before --published")
        milestones = milestones_for(
            kind=kind,
            published_on=published_on,
            grade=grade,
            ended_on=ended_on,
            statutory_notice_on=notice_on,
            has_areas_for_priority_action=True if options["areas_for_priority_action"] else None,
            closures=self._closures(),
        )
        for milestone in milestones:
            if options["json"]:
                self.stdout.write(json.dumps(milestone.to_json(), ensure_ascii=False))
            elif milestone.on is not None:
                self.stdout.write(
                    f"{milestone.name}: {format_date(milestone.on)}\n  {milestone.rule}"
                )
            else:
                self.stdout.write(
                    f"{milestone.name}: {format_date(milestone.earliest)} to "
                    f"{format_date(milestone.latest)}\n  {milestone.rule}"
                )

    def _closures(self) -> Closures:
        try:
            return closures_load()
        except DatabaseError:
            self.stderr.write(
                "The closure days could not be read (is the database migrated?): counting "
                "England's bank holidays only."
            )
            return NO_CLOSURES
