"""`manage.py import_measure_values FILE --local-authority NAME [--dry-run] [--json]`: import
measure values from a performance pack (.xlsx or .csv).

The same three steps as the web pages: read the file, check it (every problem, with its
place), and only then record the values in one transaction. `--dry-run` stops after the
check. Exits non-zero, saving nothing, when the file has any problem.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from tracker.accounts.models import LocalAuthority
from tracker.performance.imports.apply import (
    import_source,
    measure_value_import_apply,
    measure_value_import_check,
)
from tracker.performance.imports.reading import read_values_file, values_format
from tracker.performance.imports.validate import CORRECT, CheckedValue, CheckedValues
from tracker.plans.imports.common import ImportRefused, check_upload_size


def _number(value: Any) -> str | None:
    return None if value is None else f"{value.normalize():f}"


def _value_json(value: CheckedValue) -> dict[str, Any]:
    return {
        "place": value.place,
        "outcome": value.outcome,
        "measure": value.measure.reference if value.measure is not None else None,
        "measure_id": value.measure.id if value.measure is not None else None,
        "measure_text": value.measure_text,
        "period_end": value.period_end.isoformat() if value.period_end else None,
        "value": _number(value.value),
        "old_value": (
            _number(value.current.value)
            if value.outcome == CORRECT and value.current is not None
            else None
        ),
        "statistical_neighbours": _number(value.statistical_neighbours),
        "england": _number(value.england),
        "region": _number(value.region),
        "problems": value.problems,
    }


class Command(BaseCommand):
    help = (
        "Import measure values from a performance pack, an Excel workbook (.xlsx) or CSV file "
        "with one row per value or one column per month. Prints every problem with its place "
        "and saves nothing if there are any."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The .xlsx or .csv file")
        parser.add_argument(
            "--local-authority",
            required=True,
            help="The local authority's name or short name, e.g. Solihull",
        )
        parser.add_argument(
            "--source",
            default="",
            help="Where the figures come from (default: the file's name)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and say what would be saved"
        )
        parser.add_argument("--json", action="store_true", help="Print the result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"There is no file {path}")
        local_authority = self._local_authority(options["local_authority"])
        try:
            values_format(path.name)
            check_upload_size(path.stat().st_size)
            parsed = read_values_file(filename=path.name, data=path.read_bytes())
        except ImportRefused as refused:
            raise CommandError(refused.message) from None
        checked = measure_value_import_check(local_authority=local_authority, parsed=parsed)
        source = import_source(parsed=parsed, source=options["source"])
        if not checked.is_ready:
            self._report(checked, source=source, as_json=options["json"], saved=False)
            raise CommandError(
                f"{len(checked.problems)} problem(s) in {path.name}: nothing was imported"
            )
        if options["dry_run"]:
            self._report(checked, source=source, as_json=options["json"], saved=False)
            return
        try:
            measure_value_import_apply(
                user=None,
                local_authority=local_authority,
                parsed=parsed,
                source=options["source"],
            )
        except ValidationError as error:
            raise CommandError(
                "Nothing was imported:\n" + "\n".join(f"  {m}" for m in error.messages)
            ) from None
        self._report(checked, source=source, as_json=options["json"], saved=True)

    def _local_authority(self, name: str) -> LocalAuthority:
        matches = list(
            LocalAuthority.objects.filter(Q(name__iexact=name) | Q(short_name__iexact=name))
        )
        if len(matches) != 1:
            raise CommandError(f"There is no local authority called ‘{name}’")
        return matches[0]

    def _report(self, checked: CheckedValues, *, source: str, as_json: bool, saved: bool) -> None:
        counts = checked.counts()
        if as_json:
            self.stdout.write(
                json.dumps(
                    {
                        "ready": checked.is_ready,
                        "saved": saved,
                        "file": checked.parsed.filename,
                        "layout": checked.parsed.layout,
                        "source": source,
                        "counts": counts,
                        "problems": [
                            {"place": problem.place, "message": problem.message}
                            for problem in checked.problems
                        ],
                        "values": [_value_json(value) for value in checked.values],
                    },
                    indent=2,
                )
            )
            return
        write = self.stdout.write
        for problem in checked.problems:
            write(self.style.ERROR(f"Problem: {problem}"))
        if not checked.is_ready:
            return
        for value in checked.to_correct:
            old = _number(value.current.value) if value.current is not None else "?"
            write(
                f"  Correct {value.measure_text} {value.period_name}: {old} → "
                f"{_number(value.value)} ({value.place})"
            )
        for value in checked.to_add:
            write(f"  Add {value.measure_text} {value.period_name}: {_number(value.value)}")
        heading = "Imported" if saved else "Would import (dry run: nothing was saved)"
        write(
            self.style.SUCCESS(
                f"{heading} from {checked.parsed.filename}: {counts['added']} value(s) added, "
                f"{counts['corrected']} corrected, {counts['unchanged']} unchanged, "
                f"{counts['skipped']} blank or n/a passed over"
            )
        )
