"""`manage.py load_demo_data`: load the Solihull demo and print how to sign in."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.urls import reverse

from config.env import env_str
from tracker.core.links import absolute_url
from tracker.plans.demo import DemoSummary, load_demo_data


class Command(BaseCommand):
    help = (
        "Load the Solihull demo data (safe to run again: nothing is duplicated), give the "
        "demo users a password and print how to sign in."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password",
            default="",
            help=(
                "Password for the demo users. Defaults to the DEMO_PASSWORD environment "
                "variable, or a new random password each time the command runs."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = options["password"] or env_str("DEMO_PASSWORD") or secrets.token_urlsafe(12)
        summary = load_demo_data(password=password)
        self.stdout.write(self._report(summary))

    def _report(self, summary: DemoSummary) -> str:
        name = summary.local_authority.name
        if summary.created:
            headline = self.style.SUCCESS(f"Demo data loaded for {name}.")
        else:
            headline = self.style.SUCCESS(
                f"Demo data for {name} was already loaded: nothing added, passwords reset."
            )
        username_width = max(len("Username"), *(len(user.username) for user in summary.users))
        role_width = max(len("Role"), *(len(user.role) for user in summary.users))
        rows = [
            f"  {'Username':<{username_width}}  {'Role':<{role_width}}  Password",
            *(
                f"  {user.username:<{username_width}}  {user.role:<{role_width}}  {user.password}"
                for user in summary.users
            ),
        ]
        return "\n".join(
            (
                headline,
                "",
                f"Sign in at {absolute_url('/')}",
                "",
                *rows,
                "",
                "The administrator manages users, posts, organisations and closure days under "
                f"Administration ({absolute_url(reverse('accounts:manage'))}).",
                "The password changes every time this command runs, unless you set it with "
                "--password or DEMO_PASSWORD.",
            )
        )
