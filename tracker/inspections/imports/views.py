"""Pages to import a published Ofsted report: upload it, check and correct what was found, save.

Nothing is saved until the officer confirms the preview. Between the two steps the parsed report
waits in the officer's session under a random token, so it is only ever visible to the officer
who uploaded it.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from tracker.accounts.access import local_authority_for_user, require_plan_editor
from tracker.accounts.http import AuthenticatedHttpRequest
from tracker.accounts.models import LocalAuthority
from tracker.core.forms import submit_form
from tracker.core.govuk import render_component
from tracker.inspections.imports import services as import_services
from tracker.inspections.imports.forms import (
    ReportPreviewForm,
    ReportUploadForm,
)
from tracker.inspections.imports.ofsted_report import (
    ParsedReport,
    ReportError,
    parse_report,
)
from tracker.inspections.models import Inspection
from tracker.inspections.rules import framework_for_kind

SESSION_KEY = "inspection_imports"
MAX_IMPORTS_IN_SESSION = 5


def _warning(html: str) -> SafeString:
    return render_component("govukWarningText", {"html": html, "iconFallbackText": "Warning"})


# The parsed report between the two steps --------


def _stash(
    request: HttpRequest, *, local_authority: LocalAuthority, file_name: str, report: ParsedReport
) -> str:
    token = secrets.token_urlsafe(16)
    imports = dict(request.session.get(SESSION_KEY) or {})
    while len(imports) >= MAX_IMPORTS_IN_SESSION:
        imports.pop(next(iter(imports)))
    imports[token] = {
        "user_id": request.user.pk,
        "local_authority_id": local_authority.pk,
        "file_name": file_name[:200],
        "report": report.to_dict(),
    }
    request.session[SESSION_KEY] = imports
    return token


def _unstash(
    request: HttpRequest, *, token: str, local_authority: LocalAuthority
) -> tuple[dict[str, Any], ParsedReport]:
    """The import waiting under this token in this session; 404 for any other."""
    imports = request.session.get(SESSION_KEY) or {}
    entry = imports.get(token) if isinstance(imports, dict) else None
    if not isinstance(entry, dict):
        raise Http404("No such import")
    if entry.get("user_id") != request.user.pk:
        raise Http404("No such import")
    if entry.get("local_authority_id") != local_authority.pk:
        raise Http404("No such import")
    try:
        return entry, ParsedReport.from_dict(entry.get("report"))
    except ValueError:
        raise Http404("No such import") from None


def _forget(request: HttpRequest, token: str) -> None:
    imports = dict(request.session.get(SESSION_KEY) or {})
    imports.pop(token, None)
    request.session[SESSION_KEY] = imports


# Views --------


def inspection_import_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority = local_authority_for_user(user=request.user)
    require_plan_editor(user=request.user)
    is_post = request.method == "POST"
    form = ReportUploadForm(request.POST, request.FILES) if is_post else ReportUploadForm()
    if is_post and form.is_valid():
        upload = form.cleaned_data["report"]
        try:
            report = parse_report(upload.read())
        except ReportError as error:
            form.add_error("report", error.message)
        else:
            token = _stash(
                request, local_authority=local_authority, file_name=upload.name, report=report
            )
            return redirect(f"{reverse('inspections:inspection_import_preview')}?token={token}")
    return render(
        request,
        "inspections/import_upload.html",
        {"form": form, "local_authority": local_authority},
    )


def inspection_import_preview(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority = local_authority_for_user(user=request.user)
    require_plan_editor(user=request.user)
    is_post = request.method == "POST"
    token = str((request.POST if is_post else request.GET).get("token", ""))
    entry, report = _unstash(request, token=token, local_authority=local_authority)
    form = ReportPreviewForm(request.POST if is_post else None, report=report)

    def save() -> Inspection:
        inspection = import_services.inspection_import_apply(
            user=request.user, local_authority=local_authority, report=form.corrected_report()
        )
        _forget(request, token)
        return inspection

    done = submit_form(request, form, save, message=_imported_message, to=lambda i: i)
    if done is not None:
        return done
    duplicate = import_services.inspection_find_duplicate(
        local_authority=local_authority,
        kind=report.kind,
        started_on=report.inspection_start,
        ended_on=report.inspection_end,
        fingerprint=report.fingerprint,
    )
    return render(
        request,
        "inspections/import_preview.html",
        {
            "form": form,
            "token": token,
            "report": report,
            "file_name": entry.get("file_name", ""),
            "local_authority": local_authority,
            "notices": _notices(
                report=report, local_authority=local_authority, duplicate=duplicate
            ),
            "summary_rows": _summary_rows(report=report, file_name=entry.get("file_name", "")),
            "section_warnings": _section_warnings(report),
            "judgement_fields": form.judgement_fields(),
            "recommendation_rows": form.item_rows("rec"),
            "priority_rows": form.item_rows("apa"),
            "lscb_recommendations": report.lscb_recommendations,
        },
    )


def _imported_message(inspection: Inspection) -> str:
    count = inspection.recommendations.count()
    return f"Report imported: {count} recommendation{'' if count == 1 else 's'} added"


def _notices(
    *, report: ParsedReport, local_authority: LocalAuthority, duplicate: Inspection | None
) -> list[SafeString]:
    """Warnings for the top of the preview: an earlier import, another authority's report, and
    everything the importer was unsure of."""
    notices = []
    if duplicate is not None:
        notices.append(
            _warning(
                format_html(
                    'This report has already been imported: <a class="govuk-link" href="{}">{}</a>.'
                    " Saving it again will be refused.",
                    duplicate.get_absolute_url(),
                    import_services.inspection_describe(duplicate),
                )
            )
        )
    if not import_services.report_is_about(local_authority=local_authority, report=report):
        notices.append(
            _warning(
                format_html(
                    "This report is about {}, but you are importing it for {}. Check you chose "
                    "the right report.",
                    report.local_authority,
                    local_authority.name,
                )
            )
        )
    if report.warnings:
        count = len(report.warnings)
        notices.append(
            _warning(
                format_html(
                    "The importer was unsure of {} thing{}, marked below. Check {} before you "
                    "save.",
                    count,
                    "" if count == 1 else "s",
                    "it" if count == 1 else "them",
                )
            )
        )
    return notices


# Where each kind of warning is shown on the preview.
_WARNING_SECTIONS = {
    "judgements": "judgements",
    "recommendations": "recommendations",
    "areas_for_priority_action": "areas_for_priority_action",
}


def _section_warnings(report: ParsedReport) -> dict[str, list[SafeString]]:
    """Each of the importer's warnings, beside the part of the preview it is about."""
    sections: dict[str, list[SafeString]] = {
        "details": [],
        "judgements": [],
        "recommendations": [],
        "areas_for_priority_action": [],
    }
    for warning in report.warnings:
        section = _WARNING_SECTIONS.get(warning.field, "details")
        sections[section].append(_warning(format_html("{}", warning.message)))
    return sections


def _summary_rows(*, report: ParsedReport, file_name: str) -> list[tuple[str, str]]:
    framework = framework_for_kind(report.kind)
    framework_label = (
        str(Inspection.Framework(framework).label)
        if framework in Inspection.Framework.values
        else framework
    )
    return [
        ("Report about", report.local_authority or "Not found"),
        ("Framework", framework_label),
        ("File", f"{file_name} ({report.page_count} page{'' if report.page_count == 1 else 's'})"),
    ]
