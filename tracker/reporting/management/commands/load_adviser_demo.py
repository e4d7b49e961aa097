"""`manage.py load_adviser_demo`: a DfE adviser whom the demo local authority lets in, and how
they sign in."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from config.env import env_str
from tracker.accounts.models import LocalAuthority
from tracker.core.links import absolute_url
from tracker.plans.demo.people import LOCAL_AUTHORITY_NAME
from tracker.reporting.portfolio.demo import load_adviser_demo


class Command(BaseCommand):
    help = (
        "Add a DfE adviser whom the demo local authority lets in, read only (safe to run again), "
        "and give them a password. Run load_demo_data first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password",
            default="",
            help=(
                "Password for the demo adviser. Defaults to the DEMO_PASSWORD environment "
                "variable, or a new random password each time the command runs."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        local_authority = LocalAuthority.objects.filter(name=LOCAL_AUTHORITY_NAME).first()
        if local_authority is None:
            raise CommandError(
                f"No local authority called {LOCAL_AUTHORITY_NAME!r}: run load_demo_data first"
            )
        password = options["password"] or env_str("DEMO_PASSWORD") or secrets.token_urlsafe(12)
        try:
            summary = load_adviser_demo(local_authority=local_authority, password=password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        done = "let in" if summary.let_in else "already let in"
        self.stdout.write(
            self.style.SUCCESS(f"Demo adviser {summary.adviser} {done} by {local_authority}.")
        )
        self.stdout.write(
            f"Sign in at {absolute_url('/accounts/sign-in/')} as "
            f"{summary.adviser.username} with password {password}"
        )
