"""`manage.py load_governance_demo`: add the Improvement Board, its meetings, risks and
highlight reports to the demo local authority, and print how the thematic lead signs in."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from config.env import env_str
from tracker.accounts.models import LocalAuthority
from tracker.core.formatting import format_date
from tracker.core.links import absolute_url
from tracker.governance.demo import GovernanceDemoSummary, load_governance_demo
from tracker.plans.demo.people import LOCAL_AUTHORITY_NAME


class Command(BaseCommand):
    help = (
        "Add the Improvement Board, its meetings, risks, a decision and highlight reports to the "
        "demo local authority (safe to run again: nothing is duplicated), and give the demo "
        "thematic lead a password. Run load_demo_data first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password",
            default="",
            help=(
                "Password for the demo thematic lead. Defaults to the DEMO_PASSWORD environment "
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
            summary = load_governance_demo(local_authority=local_authority, password=password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(self._report(summary))

    def _report(self, summary: GovernanceDemoSummary) -> str:
        if summary.created:
            headline = self.style.SUCCESS(f"{summary.board.name} added to the demo.")
        else:
            headline = self.style.SUCCESS(
                f"{summary.board.name} was already in the demo: nothing added, password reset."
            )
        user = summary.theme_lead
        meetings = ", ".join(
            f"{format_date(meeting.held_on)} ({meeting.get_status_display().lower()})"
            for meeting in summary.meetings
        )
        username_width = max(len("Username"), len(user.username))
        role_width = max(len("Role"), len(user.role))
        return "\n".join(
            (
                headline,
                f"Meetings: {meetings}",
                "",
                f"Sign in at {absolute_url('/')} as the thematic lead:",
                "",
                f"  {'Username':<{username_width}}  {'Role':<{role_width}}  Password",
                f"  {user.username:<{username_width}}  {user.role:<{role_width}}  {user.password}",
                "",
                "The other demo users keep the password load_demo_data printed. This password "
                "changes every time this command runs, unless you set it with --password or "
                "DEMO_PASSWORD.",
            )
        )
