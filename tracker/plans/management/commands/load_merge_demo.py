"""`manage.py load_merge_demo`: merge the demo's JTAI Statement of Action into the improvement
plan, as Solihull's board agreed."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tracker.accounts.models import LocalAuthority
from tracker.plans.demo.merging import MergeDemoMissing, load_merge_demo
from tracker.plans.demo.people import LOCAL_AUTHORITY_NAME


class Command(BaseCommand):
    help = (
        "Merge the demo's JTAI Statement of Action into the 2023 improvement plan, keeping its "
        "six themes and thematic leads (safe to run again). Run the other demo loaders first."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        local_authority = LocalAuthority.objects.filter(name=LOCAL_AUTHORITY_NAME).first()
        if local_authority is None:
            raise CommandError(
                f"No local authority called {LOCAL_AUTHORITY_NAME!r}: run load_demo_data first"
            )
        try:
            result = load_merge_demo(local_authority=local_authority)
        except (MergeDemoMissing, ValidationError) as error:
            message = " ".join(error.messages) if isinstance(error, ValidationError) else error
            raise CommandError(str(message)) from error
        if result is None:
            self.stdout.write("The Statement of Action was merged already: nothing changed.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Statement of Action merged into {result.target}: "
                f"{result.counts.get('actions', 0)} actions in "
                f"{len(result.mapping)} sections."
            )
        )
