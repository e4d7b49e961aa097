"""The update cycle form. It parses input; the service decides what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms

from tracker.core.forms import GovUKDateField, VersionField, WholeNumberField
from tracker.reminders.models import UpdateCycle
from tracker.reminders.services import MOST_DUE_SOON_DAYS, MOST_WORKING_DAYS_BEFORE

_NUMBER = {"class": "govuk-input--width-3", "inputmode": "numeric", "spellcheck": "false"}


class UpdateCycleForm(forms.Form):
    version = VersionField()
    frequency = forms.ChoiceField(
        label="How often does the improvement board meet?",
        choices=UpdateCycle.Frequency.choices,
        widget=forms.RadioSelect,
        initial=UpdateCycle.Frequency.MONTHLY,
        error_messages={"required": "Select how often the improvement board meets"},
    )
    next_board_on = GovUKDateField(
        label="Date of the next improvement board",
        noun="the date of the next improvement board",
        help_text="For example, 23 3 2027",
    )
    closes_working_days_before = WholeNumberField(
        label="Working days before the board that updates are due",
        noun="the working days before the board that updates are due",
        min_value=0,
        max_value=MOST_WORKING_DAYS_BEFORE,
        help_text="For example, 5 for a working week before the board",
        initial=5,
        widget=forms.TextInput(attrs=_NUMBER),
        error_messages={
            "required": "Enter how many working days before the board updates are due",
        },
    )
    due_soon_days = WholeNumberField(
        label="Days before the deadline that reminders start",
        noun="the days before the deadline that reminders start",
        min_value=1,
        max_value=MOST_DUE_SOON_DAYS,
        help_text="Actions due within this many days are listed as due soon",
        initial=14,
        widget=forms.TextInput(attrs=_NUMBER),
        error_messages={"required": "Enter how many days before the deadline reminders start"},
    )
    is_active = forms.TypedChoiceField(
        label="Send reminders by email?",
        choices=[("yes", "Yes"), ("no", "No, not for now")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="yes",
        error_messages={"required": "Select whether to send reminders by email"},
    )

    def __init__(self, *args: Any, is_board_recorded: bool = False, **kwargs: Any) -> None:
        """Without the next board's date when the board's meetings give it."""
        super().__init__(*args, **kwargs)
        if is_board_recorded:
            del self.fields["next_board_on"]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "frequency": data["frequency"],
            "next_board_on": data.get("next_board_on"),
            "closes_working_days_before": data["closes_working_days_before"],
            "due_soon_days": data["due_soon_days"],
            "is_active": data["is_active"],
        }
