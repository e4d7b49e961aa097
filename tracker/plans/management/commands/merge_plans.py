"""`manage.py merge_plans SOURCE_ID... --into TARGET_ID [--dry-run] [--json]`: merge plans.

The same service as the merge pages: each source section goes where the preview would suggest
(a new section under the target's theme of the same name, ...), everything moves with its
history in one transaction, and the source plans become read-only. `--new-title` merges into a
new plan instead; `--dry-run` works it all out, prints it and changes nothing. Exits non-zero,
changing nothing, when a plan is missing or the merge is refused.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tracker.plans.merging.services import MergeResult, plan_merge
from tracker.plans.models import Plan


def _plan(pk: int) -> Plan:
    plan = Plan.objects.filter(pk=pk).first()
    if plan is None:
        raise CommandError(f"There is no plan with the id {pk}")
    return plan


def _messages(error: ValidationError) -> str:
    return "; ".join(dict.fromkeys(error.messages))


class Command(BaseCommand):
    help = (
        "Merge plans into one: every section, action, outcome, progress update and link moves "
        "into the target plan with its history, and the merged plans become read-only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("sources", nargs="+", type=int, help="The ids of the plans to merge")
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--into", type=int, help="The id of the plan to merge them into")
        target.add_argument("--new-title", default="", help="Merge them into a new plan")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would move and change nothing"
        )
        parser.add_argument("--json", action="store_true", help="Print the result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        sources = [_plan(pk) for pk in options["sources"]]
        target = _plan(options["into"]) if options["into"] is not None else None
        try:
            result = plan_merge(
                user=None,
                sources=sources,
                target=target,
                new_title=options["new_title"],
                dry_run=options["dry_run"],
            )
        except ValidationError as error:
            raise CommandError(f"The plans were not merged: {_messages(error)}") from None
        if options["json"]:
            self.stdout.write(json.dumps(_as_json(result), indent=2))
        else:
            self._describe(result)

    def _describe(self, result: MergeResult) -> None:
        for row in result.mapping:
            where = "a new section" if row["new_section"] else "section"
            theme = f" under {row['to_theme']}" if row["to_theme"] else ""
            self.stdout.write(
                f"{row['source_plan']}, {row['section']} → {where} {row['to_section']}{theme} "
                f"({row['actions']} actions)"
            )
        for name, count in result.counts.items():
            self.stdout.write(f"{name}: {count}")
        if result.dry_run:
            self.stdout.write("Dry run: nothing was changed.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Merged into {result.target}."))


def _as_json(result: MergeResult) -> dict[str, Any]:
    return {
        "mapping": result.mapping,
        "counts": result.counts,
        "dry_run": result.dry_run,
        "target": None if result.target is None else result.target.pk,
        "merge": None if result.merge is None else result.merge.pk,
    }
