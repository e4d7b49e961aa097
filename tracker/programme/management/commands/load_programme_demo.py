"""`manage.py load_programme_demo`: add the demo improvement programme to a local authority."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tracker.accounts.models import LocalAuthority
from tracker.plans.demo.people import LOCAL_AUTHORITY_NAME
from tracker.programme.demo import load_programme_demo


class Command(BaseCommand):
    help = (
        "Add the 13-project improvement programme and its budget to the demo local authority "
        "(safe to run again: nothing is duplicated). Run load_demo_data first."
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
        programme = load_programme_demo(local_authority=local_authority)
        self.stdout.write(
            self.style.SUCCESS(
                f"{programme.name} of {local_authority.name}: "
                f"{programme.projects.count()} projects."
            )
        )
