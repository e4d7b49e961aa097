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

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from tracker.accounts.access import local_authority_for_user, require_plan_editor
from tracker.accounts.http import AuthenticatedHttpRequest
from tracker.core.formatting import format_date
from tracker.core.forms import apply_service_error
from tracker.inspections.access import inspection_get_for_user
from tracker.inspections.models import Inspection
from tracker.plans.imports import (
    FIELDS,
    ColumnMapping,
    ImportRefused,
    ParsedPlan,
    Workbook,
    guess_mapping,
    plan_from_sheet,
    read_upload,
)
from tracker.plans.imports.apply import plan_import_apply, plan_import_check
from tracker.plans.imports.common import FIELD_LABELS, recognise_headers
from tracker.plans.imports.forms import (
    ColumnMappingForm,
    ImportConfirmForm,
    ImportUploadForm,
)
from tracker.plans.imports.validate import CheckedPlan
from tracker.plans.models import Plan

SESSION_KEY = "plan_imports"
# Imports waiting for confirmation, per session; starting another drops the oldest.
MAX_WAITING_IMPORTS = 3


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
