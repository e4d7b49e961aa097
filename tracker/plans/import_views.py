"""Pages for importing a plan from a Word, Excel or CSV file: upload, columns, preview, confirm.

The file is read once, on upload. What was read waits in the session under a random token
until the officer confirms the preview; nothing is written to the plan tables before then, and
the confirmation writes everything through one service in one transaction.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from tracker.accounts.access import local_authority_for_user, require_plan_editor
from tracker.accounts.http import AuthenticatedHttpRequest
from tracker.core.formatting import format_date
from tracker.core.forms import GovUKDateField, apply_service_error, limit_choices
from tracker.inspections.access import inspection_get_for_user
from tracker.inspections.models import Inspection
from tracker.plans.imports import (
    FIELDS,
    STATUS_CHOICES,
    ColumnMapping,
    ImportRefused,
    ParsedPlan,
    Workbook,
    check_upload_size,
    format_for_filename,
    guess_mapping,
    mapping_problems,
    plan_from_sheet,
    read_upload,
)
from tracker.plans.imports.apply import plan_import_apply, plan_import_check
from tracker.plans.imports.common import FIELD_LABELS, MAX_UPLOAD_BYTES, shorten
from tracker.plans.imports.spreadsheet import column_letter, recognise_headers
from tracker.plans.imports.validate import CheckedPlan, StatusWording
from tracker.plans.models import Plan

SESSION_KEY = "plan_imports"
# Imports waiting for confirmation, per session; starting another drops the oldest.
MAX_WAITING_IMPORTS = 3
SAMPLE_VALUES = 3


# The session -------------------------------------------------------------------------------------


def _waiting(request: AuthenticatedHttpRequest) -> dict[str, dict[str, Any]]:
    waiting = request.session.get(SESSION_KEY)
    return waiting if isinstance(waiting, dict) else {}


def _keep(request: AuthenticatedHttpRequest, token: str, payload: dict[str, Any]) -> None:
    waiting = _waiting(request)
    waiting.pop(token, None)
    while len(waiting) >= MAX_WAITING_IMPORTS:
        waiting.pop(next(iter(waiting)))
    waiting[token] = payload
    request.session[SESSION_KEY] = waiting


def import_url(name: str, token: str) -> str:
    """The address of an import's columns or preview page: the token rides in the query."""
    return f"{reverse(f'plans:{name}')}?{urlencode({'token': token})}"


def _token(request: AuthenticatedHttpRequest) -> str:
    return request.GET.get("token", "")


def _payload(request: AuthenticatedHttpRequest, token: str) -> dict[str, Any]:
    payload = _waiting(request).get(token) if token else None
    if not isinstance(payload, dict):
        raise Http404("This import has expired. Upload the file again")
    return payload


def _forget(request: AuthenticatedHttpRequest, token: str) -> None:
    waiting = _waiting(request)
    waiting.pop(token, None)
    request.session[SESSION_KEY] = waiting


def _inspection(request: AuthenticatedHttpRequest, payload: dict[str, Any]) -> Inspection | None:
    inspection_id = payload.get("inspection_id")
    if inspection_id is None:
        return None
    return inspection_get_for_user(user=request.user, inspection_id=int(inspection_id))


# Forms ------------------------------------------------------------------------------------------


class _InspectionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
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
    sheet = forms.TypedChoiceField(label="Sheet", coerce=int, choices=())
    header_row = forms.IntegerField(
        label="Row with the column headings",
        min_value=1,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={
            "required": "Enter the number of the row with the column headings",
            "invalid": "The row number must be a whole number, like 1",
            "min_value": "The row number must be 1 or more",
        },
    )
    shown_sheet = forms.IntegerField(widget=forms.HiddenInput, required=False)
    shown_header_row = forms.IntegerField(widget=forms.HiddenInput, required=False)

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


# Preview rows -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OwnerCell:
    name: str
    is_new: bool
    is_organisation: bool


@dataclass(frozen=True)
class ActionPreviewRow:
    reference: str
    place: str
    description: str
    owners: list[OwnerCell]
    owner_note: str
    due: str
    progress: str
    status: str
    is_status_unknown: bool


@dataclass(frozen=True)
class SectionPreview:
    number: int
    title: str
    recommendation: str
    outcomes: list[str]
    actions: list[ActionPreviewRow]


def _preview_sections(checked: CheckedPlan, inspection: Inspection | None) -> list[SectionPreview]:
    sections = []
    for section in checked.sections:
        recommendation = ""
        if inspection is not None and section.recommendation_number is not None:
            recommendation = (
                f"Answers recommendation {section.recommendation_number} of the {inspection}"
            )
        sections.append(
            SectionPreview(
                number=section.number,
                title=section.title,
                recommendation=recommendation,
                outcomes=section.outcomes,
                actions=[
                    ActionPreviewRow(
                        reference=action.reference,
                        place=action.place,
                        description=action.description,
                        owners=[
                            OwnerCell(
                                name=owner.name,
                                is_new=owner.is_new,
                                is_organisation=owner.kind == "organisation",
                            )
                            for owner in action.owners
                        ],
                        owner_note=action.owner_note,
                        due=format_date(action.due_on),
                        progress=action.progress,
                        status=action.status_label,
                        is_status_unknown=bool(action.status_wording) and action.choice is None,
                    )
                    for action in section.actions
                ],
            )
        )
    return sections


# Views ------------------------------------------------------------------------------------------


def plan_import_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority = local_authority_for_user(user=request.user)
    require_plan_editor(user=request.user)
    form = ImportUploadForm(
        request.POST or None, request.FILES or None, local_authority_id=local_authority.pk
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        inspection = form.cleaned_data["inspection"]
        try:
            result = read_upload(filename=upload.name, data=upload.read())
        except ImportRefused as refused:
            form.add_error("file", refused.message)
        else:
            token = secrets.token_urlsafe(16)
            payload: dict[str, Any] = {
                "inspection_id": inspection.pk if inspection is not None else None
            }
            if isinstance(result, Workbook):
                mapping = guess_mapping(result)
                payload |= {"workbook": result.to_dict(), "mapping": _mapping_dict(mapping)}
                _keep(request, token, payload)
                return redirect(import_url("plan_import_columns", token))
            payload["parsed"] = result.to_dict()
            _keep(request, token, payload)
            return redirect(import_url("plan_import_preview", token))
    return render(
        request,
        "plans/import_upload.html",
        {"form": form},
    )


def _mapping_dict(mapping: ColumnMapping) -> dict[str, Any]:
    return {
        "sheet": mapping.sheet,
        "header_row": mapping.header_row,
        "columns": {str(index): field for index, field in mapping.columns.items()},
    }


def _mapping_from(data: Any, workbook: Workbook) -> ColumnMapping:
    try:
        mapping = ColumnMapping(
            sheet=int(data["sheet"]),
            header_row=int(data["header_row"]),
            columns={int(index): str(field) for index, field in data["columns"].items()},
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return guess_mapping(workbook)
    if not 0 <= mapping.sheet < len(workbook.sheets):
        return guess_mapping(workbook)
    return mapping


def plan_import_columns(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority_for_user(user=request.user)
    require_plan_editor(user=request.user)
    token = _token(request)
    payload = _payload(request, token)
    if "workbook" not in payload:
        raise Http404("This import has no columns to choose")
    try:
        workbook = Workbook.from_dict(payload["workbook"])
    except ImportRefused as refused:
        raise Http404(refused.message) from None
    mapping = _mapping_from(payload.get("mapping"), workbook)
    form = ColumnMappingForm(request.POST or None, workbook=workbook, mapping=mapping)
    if request.method == "POST" and form.is_valid():
        if form.layout_changed():
            # Show the columns of the newly chosen sheet or headings row, as recognised there.
            data = form.cleaned_data
            sheet = workbook.sheets[data["sheet"]]
            header_row = min(data["header_row"], max(len(sheet.rows), 1))
            header = sheet.rows[header_row - 1] if sheet.rows else []
            mapping = ColumnMapping(
                sheet=data["sheet"], header_row=header_row, columns=recognise_headers(header)
            )
            payload["mapping"] = _mapping_dict(mapping)
            _keep(request, token, payload)
            form = ColumnMappingForm(workbook=workbook, mapping=mapping)
        else:
            mapping = form.mapping()
            parsed = plan_from_sheet(workbook, mapping)
            payload |= {"mapping": _mapping_dict(mapping), "parsed": parsed.to_dict()}
            _keep(request, token, payload)
            return redirect(import_url("plan_import_preview", token))
    return render(
        request,
        "plans/import_columns.html",
        {
            "form": form,
            "workbook": workbook,
            "column_fields": [form[column.field_name] for column in form.columns],
            "has_several_sheets": len(workbook.sheets) > 1,
            "fields": [label for _, label in FIELDS],
            "token": token,
        },
    )


def plan_import_preview(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority = local_authority_for_user(user=request.user)
    require_plan_editor(user=request.user)
    token = _token(request)
    payload = _payload(request, token)
    if "parsed" not in payload:
        return redirect(import_url("plan_import_columns", token))
    try:
        parsed = ParsedPlan.from_dict(payload["parsed"])
    except ImportRefused as refused:
        raise Http404(refused.message) from None
    inspection = _inspection(request, payload)
    checked = plan_import_check(
        local_authority=local_authority, parsed=parsed, inspection=inspection
    )
    today = timezone.localdate()
    initial = {
        "title": parsed.title,
        "kind": Plan.Kind.OFSTED_ACTION_PLAN if inspection else Plan.Kind.IMPROVEMENT_PLAN,
        "recorded_on": today,
        "next_review_on": today + datetime.timedelta(days=91),
    }
    form = ImportConfirmForm(request.POST or None, initial=initial, wordings=checked.wordings)
    if request.method == "POST":
        # Redraw with the officer's choices, so the preview shows what they chose.
        checked = plan_import_check(
            local_authority=local_authority,
            parsed=parsed,
            inspection=inspection,
            status_choices=form.posted_status_choices(),
        )
        if form.is_valid():
            data = form.cleaned_data
            try:
                plan = plan_import_apply(
                    user=request.user,
                    local_authority=local_authority,
                    parsed=parsed,
                    title=data["title"],
                    kind=data["kind"],
                    inspection=inspection,
                    status_choices=form.status_choices(),
                    recorded_on=data["recorded_on"],
                    next_review_on=data["next_review_on"],
                )
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                _forget(request, token)
                messages.success(
                    request,
                    f"Plan imported: {len(checked.sections)} sections and "
                    f"{len(checked.actions)} actions",
                )
                return redirect(plan)
    return render(
        request,
        "plans/import_preview.html",
        {
            "form": form,
            "checked": checked,
            "parsed": parsed,
            "inspection": inspection,
            "sections": _preview_sections(checked, inspection),
            "format_name": {"docx": "Word document", "xlsx": "spreadsheet", "csv": "CSV file"}.get(
                parsed.format, "file"
            ),
            "columns_url": (
                import_url("plan_import_columns", token) if "workbook" in payload else ""
            ),
            "field_labels": FIELD_LABELS,
        },
    )
