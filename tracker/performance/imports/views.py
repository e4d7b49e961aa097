"""Pages for importing measure values from a performance pack: upload, preview, apply.

The file is read once, on upload. What was read waits in the session under a random token
(as the plan import does) until the officer confirms the preview; nothing is written before
then, and the confirmation writes every value through one service in one transaction.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tracker.accounts.access import council_authority_for_user
from tracker.accounts.http import AuthenticatedHttpRequest
from tracker.accounts.models import LocalAuthority
from tracker.performance.imports.apply import (
    import_source,
    measure_value_import_apply,
    measure_value_import_check,
)
from tracker.performance.imports.forms import ValueImportApplyForm, ValueImportUploadForm
from tracker.performance.imports.parsed import ParsedValues
from tracker.performance.imports.reading import read_values_file
from tracker.performance.imports.validate import CheckedValue, CheckedValues
from tracker.performance.measures.access import require_measure_editor
from tracker.performance.models import Unit
from tracker.plans.imports.common import ImportRefused

SESSION_KEY = "measure_value_imports"
# Imports waiting for confirmation, per session; starting another drops the oldest.
MAX_WAITING_IMPORTS = 3


# The session -------------------------------------------------------------------------------------


def _waiting(request: AuthenticatedHttpRequest) -> dict[str, dict[str, Any]]:
    waiting = request.session.get(SESSION_KEY)
    return waiting if isinstance(waiting, dict) else {}


def _keep(request: AuthenticatedHttpRequest, token: str, payload: dict[str, Any]) -> None:
    waiting = _waiting(request)
    while len(waiting) >= MAX_WAITING_IMPORTS:
        waiting.pop(next(iter(waiting)))
    waiting[token] = payload
    request.session[SESSION_KEY] = waiting


def _forget(request: AuthenticatedHttpRequest, token: str) -> None:
    waiting = _waiting(request)
    waiting.pop(token, None)
    request.session[SESSION_KEY] = waiting


def _waiting_import(request: AuthenticatedHttpRequest, token: str) -> tuple[ParsedValues, str]:
    """The parsed file and the officer's source waiting under `token`; 404 when there is none
    (expired, another session's, or made up)."""
    payload = _waiting(request).get(token) if token else None
    if not isinstance(payload, dict):
        raise Http404("This import has expired. Upload the file again")
    try:
        parsed = ParsedValues.from_dict(payload.get("parsed"))
    except ImportRefused as refused:
        raise Http404(refused.message) from None
    return parsed, str(payload.get("source", ""))


def preview_url(token: str) -> str:
    return f"{reverse('performance:value_import_preview')}?{urlencode({'token': token})}"


# Preview rows ------------------------------------------------------------------------------------


def format_value(value: Decimal | None, *, unit: str) -> str:
    """A value as the scorecard shows it: "23.5%", "1,234"."""
    if value is None:
        return ""
    text = f"{value.normalize():,f}"
    return f"{text}%" if unit == Unit.PERCENTAGE else text


@dataclass(frozen=True)
class PreviewRow:
    place: str
    measure: str
    period: str
    value: str
    old_value: str
    comparators: str
    note: str


def _row(checked: CheckedValue) -> PreviewRow:
    unit = checked.measure.unit if checked.measure is not None else ""
    comparators = [
        f"{label} {format_value(number, unit=unit)}"
        for label, number in (
            ("Statistical neighbours", checked.statistical_neighbours),
            ("England", checked.england),
            ("Region", checked.region),
        )
        if number is not None
    ]
    return PreviewRow(
        place=checked.place,
        measure=str(checked.measure) if checked.measure is not None else checked.measure_text,
        period=checked.period_name,
        value=format_value(checked.value, unit=unit),
        old_value=(
            format_value(checked.current.value, unit=unit)
            if checked.current is not None and checked.current.value != checked.value
            else ""
        ),
        comparators="; ".join(comparators),
        note=checked.note,
    )


def _render_preview(
    request: AuthenticatedHttpRequest,
    *,
    token: str,
    parsed: ParsedValues,
    source: str,
    checked: CheckedValues,
    form: ValueImportApplyForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "performance/value_import_preview.html",
        {
            "parsed": parsed,
            "checked": checked,
            "counts": checked.counts(),
            "source": import_source(parsed=parsed, source=source),
            "new_rows": [_row(value) for value in checked.to_add],
            "correction_rows": [_row(value) for value in checked.to_correct],
            "unchanged_rows": [_row(value) for value in checked.unchanged],
            "form": form or ValueImportApplyForm(initial={"token": token}),
            "format_name": {"xlsx": "spreadsheet", "csv": "CSV file"}.get(parsed.format, "file"),
        },
        status=status,
    )


def _scorecard_url() -> str:
    return reverse("performance:measure_list")


# Views -------------------------------------------------------------------------------------------


def _importing_authority(request: AuthenticatedHttpRequest) -> LocalAuthority:
    local_authority = council_authority_for_user(user=request.user)
    require_measure_editor(user=request.user)
    return local_authority


def value_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    _importing_authority(request)
    is_post = request.method == "POST"
    form = ValueImportUploadForm(
        request.POST if is_post else None, request.FILES if is_post else None
    )
    if is_post and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            parsed = read_values_file(filename=upload.name, data=upload.read())
        except ImportRefused as refused:
            form.add_error("file", refused.message)
        else:
            token = secrets.token_urlsafe(16)
            _keep(
                request, token, {"parsed": parsed.to_dict(), "source": form.cleaned_data["source"]}
            )
            return redirect(preview_url(token))
    return render(request, "performance/value_import.html", {"form": form})


def value_import_preview(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority = _importing_authority(request)
    token = request.GET.get("token", "")
    parsed, source = _waiting_import(request, token)
    checked = measure_value_import_check(local_authority=local_authority, parsed=parsed)
    return _render_preview(request, token=token, parsed=parsed, source=source, checked=checked)


@require_POST
def value_import_apply(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority = _importing_authority(request)
    form = ValueImportApplyForm(request.POST)
    token = form.cleaned_data["token"] if form.is_valid() else ""
    parsed, source = _waiting_import(request, token)
    try:
        result = measure_value_import_apply(
            user=request.user, local_authority=local_authority, parsed=parsed, source=source
        )
    except ValidationError as error:
        form.add_error(None, error)
        checked = measure_value_import_check(local_authority=local_authority, parsed=parsed)
        return _render_preview(
            request, token=token, parsed=parsed, source=source, checked=checked, form=form
        )
    _forget(request, token)
    messages.success(request, f"Values imported from {parsed.filename}: {result.summary}")
    return redirect(_scorecard_url())
