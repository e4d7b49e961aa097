"""The "plan as it stood on a date" page's form: one date, as the GOV.UK date input."""

from __future__ import annotations

from django import forms

from tracker.core.forms import GovUKDateField


class PlanAsAtForm(forms.Form):
    date = GovUKDateField(
        noun="the date",
        label="Date",
        help_text="The plan is shown as it stood at the end of this day. For example, 12 3 2026",
    )
