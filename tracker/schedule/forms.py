"""The calendar page's filter: which kinds of event to show, from which month."""

from __future__ import annotations

import datetime

from django import forms

from tracker.schedule.selectors import KINDS


class CalendarFilterForm(forms.Form):
    kind = forms.MultipleChoiceField(
        label="Show",
        choices=[(kind, kind) for kind in KINDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def kinds(self) -> list[str] | None:
        """The kinds ticked; None (every kind) when nothing or something unknown is ticked."""
        if not self.is_valid():
            return None
        return self.cleaned_data["kind"] or None


def parse_month(value: str | None, *, default: datetime.date) -> datetime.date:
    """The first day of a month given as YYYY-MM; `default`'s month when missing or wrong."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return datetime.date(year, month, 1)
    except ValueError:
        return default.replace(day=1)
