"""Pages to import a published Ofsted report: upload it, check and correct what was found, save.

Nothing is saved until the officer confirms the preview. Between the two steps the parsed report
waits in the officer's session under a random token, so it is only ever visible to the officer
who uploaded it.
"""

from __future__ import annotations

import dataclasses
import secrets
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from tracker.accounts.access import local_authority_for_user, require_plan_editor
from tracker.accounts.http import AuthenticatedHttpRequest
from tracker.accounts.models import LocalAuthority
from tracker.core.forms import GovUKDateField, submit_form
from tracker.core.govuk import render_component
from tracker.inspections import import_services
from tracker.inspections.imports.ofsted_report import (
    RECOMMENDATION,
    ParsedJudgement,
    ParsedRecommendation,
    ParsedReport,
    ReportError,
    parse_report,
)
from tracker.inspections.models import Grade, Inspection, JudgementArea, Recommendation
from tracker.inspections.rules import framework_for_kind, judgement_areas_for

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
SESSION_KEY = "inspection_imports"
MAX_IMPORTS_IN_SESSION = 5
GRADE_CHOICES = [("", "Not judged"), *Grade.choices]


def _warning(html: str) -> SafeString:
    return render_component("govukWarningText", {"html": html, "iconFallbackText": "Warning"})


# Forms --------


class ReportUploadForm(forms.Form):
    report = forms.FileField(
        label="Upload the report",
        help_text="The PDF published on the Ofsted website, up to 20MB",
        required=False,
        error_messages={"empty": "The selected file is empty"},
    )

    def clean_report(self) -> Any:
        upload = self.cleaned_data.get("report")
        if not upload:
            raise ValidationError("Select the Ofsted report")
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError("The selected file must be smaller than 20MB")
        return upload


class ReportPreviewForm(forms.Form):
    """What the importer found, as fields the officer can correct before saving."""

    kind = forms.ChoiceField(
        label="Kind of inspection",
        choices=Inspection.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of inspection"},
    )
    started_on = GovUKDateField(
        label="Inspection start date", noun="the date the inspection started"
    )
    ended_on = GovUKDateField(label="Inspection end date", noun="the date the inspection ended")
    published_on = GovUKDateField(
        label="Report publication date (optional)",
        noun="the date the report was published",
        required=False,
    )
    lead_inspector = forms.CharField(label="Lead inspector", max_length=200, required=False)
    new_recommendation = forms.CharField(
        label="Add a recommendation the importer missed (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, report: ParsedReport, **kwargs: Any) -> None:
        kwargs.setdefault("initial", self.initial_for(report))
        super().__init__(*args, **kwargs)
        self.report = report
        parsed = {j.area: j for j in report.judgements}
        framework = framework_for_kind(report.kind)
        expected = judgement_areas_for(framework=framework, started_on=report.inspection_start)
        self.judgement_areas = list(dict.fromkeys([*expected, *parsed]))
        for area in self.judgement_areas:
            printed = parsed[area].text if area in parsed else ""
            self.fields[f"grade_{area}"] = forms.ChoiceField(
                label=JudgementArea(area).label if area in JudgementArea.values else area,
                choices=GRADE_CHOICES,
                required=False,
                help_text=f"The report says “{printed}”" if printed else "Not found in the report",
            )
        for prefix, items in (
            ("rec", report.recommendations),
            ("apa", report.areas_for_priority_action),
        ):
            for index, item in enumerate(items):
                noun = _kind_label(item.kind)
                self.fields[f"{prefix}_{index}_number"] = forms.IntegerField(
                    label="Number",
                    min_value=1,
                    widget=forms.NumberInput,
                    error_messages={
                        "required": f"Enter the number of {noun.lower()} {item.number}",
                        "invalid": "The number must be a whole number, like 3",
                        "min_value": "The number must be 1 or more",
                    },
                )
                self.fields[f"{prefix}_{index}_text"] = forms.CharField(
                    label=f"{noun} {item.number}",
                    widget=forms.Textarea(attrs={"rows": 4}),
                    required=False,
                    help_text=(
                        f"Found on {item.location}. Leave it empty to leave it out"
                        if item.location
                        else "Leave it empty to leave it out"
                    ),
                )

    @staticmethod
    def initial_for(report: ParsedReport) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "kind": report.kind,
            "started_on": report.inspection_start,
            "ended_on": report.inspection_end,
            "published_on": report.published_on,
            "lead_inspector": report.lead_inspector,
        }
        for judgement in report.judgements:
            initial[f"grade_{judgement.area}"] = judgement.grade
        for prefix, items in (
            ("rec", report.recommendations),
            ("apa", report.areas_for_priority_action),
        ):
            for index, item in enumerate(items):
                initial[f"{prefix}_{index}_number"] = item.number
                initial[f"{prefix}_{index}_text"] = item.text
        return initial

    def judgement_fields(self) -> list[forms.BoundField]:
        return [self[f"grade_{area}"] for area in self.judgement_areas]

    def item_rows(self, prefix: str) -> list[tuple[forms.BoundField, forms.BoundField]]:
        items = self.report.recommendations
        if prefix == "apa":
            items = self.report.areas_for_priority_action
        return [
            (self[f"{prefix}_{index}_number"], self[f"{prefix}_{index}_text"])
            for index in range(len(items))
        ]

    def corrected_report(self) -> ParsedReport:
        """The parsed report with the officer's corrections: wrapped text in single spaces."""
        data = self.cleaned_data
        parsed = {j.area: j for j in self.report.judgements}
        judgements = []
        for area in self.judgement_areas:
            grade = data.get(f"grade_{area}")
            if not grade:
                continue
            original = parsed.get(area)
            kept = original is not None and original.grade == grade
            judgements.append(
                ParsedJudgement(
                    area=area,
                    grade=grade,
                    text=original.text if original is not None and kept else "",
                    page=original.page if original is not None else None,
                )
            )
        recommendations = self._corrected_items("rec", self.report.recommendations)
        new_text = " ".join(data.get("new_recommendation", "").split())
        if new_text:
            numbers = [r.number for r in recommendations if r.kind == RECOMMENDATION]
            recommendations.append(
                ParsedRecommendation(number=max(numbers, default=0) + 1, text=new_text)
            )
        return dataclasses.replace(
            self.report,
            kind=data["kind"],
            framework=framework_for_kind(data["kind"]),
            inspection_start=data["started_on"],
            inspection_end=data["ended_on"],
            published_on=data.get("published_on"),
            lead_inspector=" ".join(data.get("lead_inspector", "").split()),
            judgements=judgements,
            recommendations=recommendations,
            areas_for_priority_action=self._corrected_items(
                "apa", self.report.areas_for_priority_action
            ),
        )

    def _corrected_items(
        self, prefix: str, items: list[ParsedRecommendation]
    ) -> list[ParsedRecommendation]:
        corrected = []
        for index, item in enumerate(items):
            text = " ".join(self.cleaned_data.get(f"{prefix}_{index}_text", "").split())
            if text:
                number = self.cleaned_data[f"{prefix}_{index}_number"]
                corrected.append(dataclasses.replace(item, number=number, text=text))
        return corrected


def _kind_label(kind: str) -> str:
    return str(Recommendation.Kind(kind).label) if kind in Recommendation.Kind.values else kind


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
