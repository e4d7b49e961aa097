"""The form that asks for a board paper. It parses input and offers the meetings a paper can
be for; what is allowed is decided by `rules.board_paper_request_validate`, through the service."""

from __future__ import annotations

from typing import Any

from django import forms

from tracker.core.forms import GovUKDateField
from tracker.governance.models import Meeting
from tracker.reporting.models import BoardPaper
from tracker.reporting.papers.rules import FORMAT_MESSAGE


class _Meetings(forms.ModelChoiceField[Meeting]):
    def label_from_instance(self, obj: Meeting) -> str:
        label = str(obj)
        if obj.status == Meeting.Status.SCHEDULED:
            label += " (scheduled)"
        return label


class BoardPaperForm(forms.Form):
    meeting = _Meetings(
        label="Meeting (optional)",
        queryset=Meeting.objects.none(),
        required=False,
        empty_label="No meeting: use the date below",
        help_text="The paper shows the plan as it stood on the meeting's date and what changed "
        "since the board's previous meeting",
        error_messages={"invalid_choice": "Choose a meeting from the list"},
    )
    as_of = GovUKDateField(
        label="Or the date to show the plan on (optional)",
        noun="the date to show the plan on",
        required=False,
        help_text="Leave the meeting and the date empty for today. For example, 12 3 2026",
    )
    format = forms.ChoiceField(
        label="Format",
        choices=[
            (BoardPaper.Format.DOCX, "Word (.docx), to edit before sending"),
            (BoardPaper.Format.PDF, "PDF, ready to send"),
            (BoardPaper.Format.XLSX, "Excel (.xlsx), the plan and counts as a spreadsheet"),
            (BoardPaper.Format.CSV, "CSV, the plan's actions as plain data"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": FORMAT_MESSAGE, "invalid_choice": FORMAT_MESSAGE},
    )

    def __init__(self, *args: Any, meetings: list[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - a programming error
        field.queryset = Meeting.objects.filter(pk__in=[m.pk for m in meetings])
        field.choices = [
            ("", field.empty_label or ""),
            *((m.pk, field.label_from_instance(m)) for m in meetings),
        ]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"meeting": data["meeting"], "as_of": data["as_of"], "format": data["format"]}
