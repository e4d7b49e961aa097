"""`manage.py load_performance_demo`: add the scorecard, audits, evidence and verifications to
the demo local authority."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tracker.accounts.models import LocalAuthority
from tracker.performance.demo import load_performance_demo
from tracker.plans.demo.people import LOCAL_AUTHORITY_NAME


class Command(BaseCommand):
    help = (
        "Add the performance scorecard (measures with two years of values, targets and "
        "comparators), case file audits, a mock JTAI, evidence and actions verified as embedded "
        "to the demo local authority (safe to run again: nothing is duplicated). Run "
        "load_demo_data first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--local-authority",
            default=LOCAL_AUTHORITY_NAME,
            help="The local authority's name (default: the demo authority)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name: str = options["local_authority"]
        local_authority = LocalAuthority.objects.filter(name=name).first()
        if local_authority is None:
            raise CommandError(f"No local authority called {name!r}: run load_demo_data first")
        try:
            summary = load_performance_demo(local_authority=local_authority)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        counts = (
            f"{summary.measures} measures with {summary.values} values, {summary.audits} audits, "
            f"{summary.evidence} pieces of evidence, {summary.verifications} verifications"
        )
        if summary.created:
            self.stdout.write(self.style.SUCCESS(f"Impact demo added: {counts}."))
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Impact demo was already loaded: nothing added ({counts}).")
            )
