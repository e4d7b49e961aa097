"""Forms of the plan import: upload, column mapping, confirmation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from tracker.core.forms import GovUKDateField, VersionField, WholeNumberField, limit_choices
from tracker.inspections.models import Inspection
from tracker.plans.imports import (
    FIELDS,
    STATUS_CHOICES,
    ColumnMapping,
    ImportRefused,
    Workbook,
    check_upload_size,
    format_for_filename,
    mapping_problems,
)
from tracker.plans.imports.common import MAX_ROWS, MAX_UPLOAD_BYTES, shorten
from tracker.plans.imports.spreadsheet import column_letter
from tracker.plans.imports.validate import StatusWording
from tracker.plans.models import Plan

SAMPLE_VALUES = 3


class _InspectionChoice(forms.ModelChoiceField[Inspection]):
    def label_from_instance(self, obj: Inspection) -> str:
        return f"{obj.get_kind_display()}, {obj.started_on.day} {obj.started_on:%B %Y}"


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Plan document",
        help_text=(
            "A Word document (.docx), Excel spreadsheet (.xlsx) or CSV file, smaller than "
            f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB"
        ),
        error_messages={
            "required": "Select a plan document",
            "empty": "The selected file is empty",
            "invalid": "Select a plan document",
        },
    )
    inspection = _InspectionChoice(
        label="Inspection the plan answers (optional)",
        queryset=Inspection.objects.none(),
        required=False,
        empty_label="No inspection",
        error_messages={"invalid_choice": "Select an inspection from the list"},
        help_text="Each section of the plan answers the recommendation with the same number",
    )

    def __init__(self, *args: Any, local_authority_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        inspections = Inspection.objects.filter(local_authority_id=local_authority_id)
        limit_choices(self, "inspection", inspections.order_by("-started_on"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            format_for_filename(upload.name or "")
            check_upload_size(upload.size or 0)
        except ImportRefused as refused:
            raise ValidationError(refused.message) from None
        return upload


COLUMN_CHOICES = [("", "Not imported"), *FIELDS]


class ColumnMappingForm(forms.Form):
    sheet = forms.TypedChoiceField(
        label="Sheet",
        coerce=int,
        choices=(),
        error_messages={"invalid_choice": "Select a sheet from the list"},
    )
    header_row = WholeNumberField(
        noun="the number of the row with the column headings",
        label="Row with the column headings",
        min_value=1,
        max_value=MAX_ROWS,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "invalid": "The row number must be a whole number, like 1",
            "min_value": "The row number must be 1 or more",
            "max_value": f"The row number must be {MAX_ROWS:,} or less",
        },
    )
    shown_sheet = VersionField()
    shown_header_row = VersionField()

    def __init__(
        self, *args: Any, workbook: Workbook, mapping: ColumnMapping, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.workbook = workbook
        self.fields["sheet"].choices = [  # type: ignore[attr-defined]
            (index, sheet.name) for index, sheet in enumerate(workbook.sheets)
        ]
        self.fields["sheet"].initial = mapping.sheet
        self.fields["header_row"].initial = mapping.header_row
        self.fields["shown_sheet"].initial = mapping.sheet
        self.fields["shown_header_row"].initial = mapping.header_row
        sheet = workbook.sheets[mapping.sheet]
        header = sheet.rows[mapping.header_row - 1] if sheet.rows else []
        width = max((len(row) for row in sheet.rows), default=0)
        self.columns: list[ColumnRow] = []
        for index in range(width):
            name = f"column_{index}"
            heading = header[index] if index < len(header) else ""
            samples = [
                shorten(row[index], 50)
                for row in sheet.rows[mapping.header_row :]
                if index < len(row) and row[index]
            ][:SAMPLE_VALUES]
            self.fields[name] = forms.ChoiceField(
                label=f"Column {column_letter(index)}: {shorten(heading, 60) or '(no heading)'}",
                choices=COLUMN_CHOICES,
                required=False,
                initial=mapping.columns.get(index, ""),
                help_text=("For example: " + "; ".join(samples)) if samples else "Empty",
            )
            self.columns.append(ColumnRow(field_name=name, index=index))

    def layout_changed(self) -> bool:
        """Whether the officer chose another sheet or headings row, so the columns must be
        shown again before they can be mapped."""
        data = self.cleaned_data
        return (data.get("sheet"), data.get("header_row")) != (
            data.get("shown_sheet"),
            data.get("shown_header_row"),
        )

    def mapping(self) -> ColumnMapping:
        data = self.cleaned_data
        columns = {
            column.index: data[column.field_name]
            for column in self.columns
            if data.get(column.field_name)
        }
        return ColumnMapping(sheet=data["sheet"], header_row=data["header_row"], columns=columns)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors or self.layout_changed():
            return data
        for problem in mapping_problems(self.workbook, self.mapping()):
            self.add_error(None, problem)
        return data


@dataclass(frozen=True)
class ColumnRow:
    field_name: str
    index: int


class ImportConfirmForm(forms.Form):
    title = forms.CharField(
        label="Title of the new plan",
        max_length=250,
        error_messages={"required": "Enter the plan's title"},
    )
    kind = forms.ChoiceField(
        label="Kind of plan",
        choices=Plan.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of plan"},
    )
    recorded_on = GovUKDateField(
        label="Progress as at",
        noun="the date the progress in the file describes",
        help_text="The date the file's progress updates were written",
    )
    next_review_on = GovUKDateField(
        label="Next review date for business as usual actions",
        noun="the next review date",
        required=False,
        help_text="Business as usual actions stay under routine monitoring",
    )

    def __init__(self, *args: Any, wordings: list[StatusWording], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.wordings = wordings
        self.status_fields: list[tuple[StatusWording, str]] = []
        for index, wording in enumerate(wordings):
            name = f"status_{index}"
            used_by = ", ".join(wording.references[:6])
            if len(wording.references) > 6:
                used_by += f" and {len(wording.references) - 6} more"
            self.fields[name] = forms.ChoiceField(
                label=f"‘{shorten(wording.text, 160)}’",
                choices=[("", "Choose a status"), *STATUS_CHOICES],
                initial=wording.choice or "",
                help_text=f"Action{'s' if len(wording.references) > 1 else ''} {used_by}",
                error_messages={"required": f"Choose a status for ‘{shorten(wording.text, 40)}’"},
            )
            self.status_fields.append((wording, name))

    def status_choices(self) -> dict[str, str]:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return {wording.text: data[name] for wording, name in self.status_fields if data.get(name)}

    def posted_status_choices(self) -> dict[str, str]:
        """The officer's choices as posted, before the form is checked (to redraw the preview)."""
        valid = {value for value, _ in STATUS_CHOICES}
        return {
            wording.text: self.data[name]
            for wording, name in self.status_fields
            if self.data.get(name) in valid
        }

    def unknown_fields(self) -> list[forms.BoundField]:
        return [self[name] for wording, name in self.status_fields if wording.recognised is None]

    def recognised_fields(self) -> list[forms.BoundField]:
        return [self[name] for wording, name in self.status_fields if wording.recognised]
