"""The form for a new API token. It parses input; the service decides what is allowed."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from tracker.accounts.models import ApiToken
from tracker.accounts.tokens import rules

LIFETIMES = [
    ("30", "30 days"),
    (str(rules.DEFAULT_LIFETIME_DAYS), "90 days"),
    ("180", "180 days"),
    (str(rules.MAX_LIFETIME_DAYS), "1 year"),
]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="What the token is for, so you know it again, for example “Power BI dashboard”",
        error_messages={"required": "Enter a name for the token"},
    )
    scope = forms.ChoiceField(
        label="What the token may do",
        choices=ApiToken.Scope.choices,
        widget=forms.RadioSelect,
        initial=ApiToken.Scope.READ,
        help_text="A report or spreadsheet only needs to read",
        error_messages={"required": "Choose what the token may do"},
    )
    lifetime = forms.ChoiceField(
        label="Expires after",
        choices=LIFETIMES,
        widget=forms.RadioSelect,
        initial=str(rules.DEFAULT_LIFETIME_DAYS),
        error_messages={"required": "Choose when the token expires"},
    )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        days = int(data["lifetime"])
        return {
            "name": data["name"],
            "scope": data["scope"],
            "expires_on": timezone.localdate() + datetime.timedelta(days=days),
        }

    def apply_service_error(self, error: Any) -> None:
        """The service speaks of the expiry date; the form offers a choice of lifetimes."""
        for field, messages in error.message_dict.items():
            self.add_error("lifetime" if field == "expires_on" else field, messages)
