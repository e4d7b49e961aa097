"""Print a plan's coverage gaps: `python manage.py plan_coverage --plan ID [--json]`."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tracker.performance.coverage import selectors
from tracker.performance.coverage.rules import GapKind


def coverage_json(coverage: selectors.PlanCoverage) -> dict[str, Any]:
    """One JSON object: the plan id; for each gap kind, the ids and references of the records
    it concerns; and the totals (each kind's count, what it is out of and the percentage, and
    the number of gaps in all)."""
    return {
        "plan": coverage.plan_id,
        "gaps": {
            str(kind): [
                {"id": gap.object_id, "reference": gap.reference} for gap in coverage.gaps_of(kind)
            ]
            for kind in GapKind
        },
        "totals": {
            "gaps": coverage.gap_count,
            **{
                str(total.kind): {"count": total.count, "of": total.of, "percent": total.percent}
                for total in coverage.totals
            },
        },
    }


class Command(BaseCommand):
    help = (
        "Show a plan's coverage gaps: recommendations nothing answers, actions with no "
        "expected outcome, outcomes no measure shows, measures with no value for their last "
        "period or off target, completed actions with no evidence, and verified actions with "
        "nothing behind them. With --json, print one JSON object."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plan", type=int, required=True, help="The plan's id")
        parser.add_argument("--json", action="store_true", help="Print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        plan = selectors.plan_for_coverage(plan_id=options["plan"])
        if plan is None:
            raise CommandError(f"There is no plan with id {options['plan']}")
        coverage = selectors.plan_coverage(plan=plan)
        if options["json"]:
            self.stdout.write(json.dumps(coverage_json(coverage), indent=2))
            return
        self.stdout.write(
            f"{coverage.plan_title} (plan {coverage.plan_id}): {coverage.gap_count} "
            f"gap{'s' if coverage.gap_count != 1 else ''}"
        )
        for total in coverage.totals:
            self.stdout.write(
                f"\n{total.label}: {total.count} of {total.of} {total.of_noun} ({total.percent}%)"
            )
            for gap in coverage.gaps_of(total.kind):
                self.stdout.write(f"  {gap.reference}: {gap.text[:90]}")
