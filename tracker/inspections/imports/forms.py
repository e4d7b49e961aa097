"""Forms of the Ofsted report import: upload and the correctable preview."""

from __future__ import annotations

import dataclasses
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from tracker.core.forms import GovUKDateField, WholeNumberField
from tracker.inspections.imports.ofsted_report import (
    RECOMMENDATION,
    ParsedJudgement,
    ParsedRecommendation,
    ParsedReport,
)
from tracker.inspections.models import Grade, JudgementArea, Recommendation
from tracker.inspections.rules import (
    OFSTED_REPORT_KINDS,
    framework_for_kind,
    judgement_areas_for,
)
from tracker.inspections.services import MOST_RECOMMENDATION_NUMBER

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
GRADE_CHOICES = [("", "Not judged"), *Grade.choices]


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
        # An Ofsted report is one of Ofsted's kinds; other sources are added by hand.
        choices=[(kind.value, kind.label) for kind in OFSTED_REPORT_KINDS],
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
                self.fields[f"{prefix}_{index}_number"] = WholeNumberField(
                    noun=f"the number of {noun.lower()} {item.number}",
                    label="Number",
                    min_value=1,
                    max_value=MOST_RECOMMENDATION_NUMBER,
                    error_messages={
                        "invalid": "The number must be a whole number, like 3",
                        "min_value": "The number must be 1 or more",
                        "max_value": f"The number must be {MOST_RECOMMENDATION_NUMBER} or less",
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
