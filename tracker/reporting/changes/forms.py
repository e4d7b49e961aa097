"""The "what changed" page's form: two dates and, optionally, the board whose meetings to use."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet

from tracker.core.forms import GovUKDateField
from tracker.governance.models import Board
from tracker.reporting.changes.selectors import DATE_ORDER_MESSAGE


class PlanChangesForm(forms.Form):
    """Leave both dates empty to compare the board's last meeting with today."""

    since = GovUKDateField(
        noun="the 'from' date",
        label="From",
        required=False,
        help_text="For example, 12 3 2026",
    )
    until = GovUKDateField(
        noun="the 'to' date",
        label="To",
        required=False,
        help_text="For example, 9 4 2026",
    )
    board = forms.ModelChoiceField(
        queryset=Board.objects.none(),
        required=False,
        label="Board",
        empty_label="Choose for me",
        help_text="Leave the dates empty to see what changed since the board's last meeting",
        error_messages={"invalid_choice": "Select a board from the list"},
    )

    def __init__(self, *args: Any, boards: QuerySet[Board], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["board"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - a programming error
        field.queryset = boards

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since: datetime.date | None = cleaned.get("since")
        until: datetime.date | None = cleaned.get("until")
        if since and not until and "until" not in self.errors:
            self.add_error("until", "Enter the 'to' date")
        elif until and not since and "since" not in self.errors:
            self.add_error("since", "Enter the 'from' date")
        elif since and until and since >= until:
            self.add_error("since", DATE_ORDER_MESSAGE)
        return cleaned
