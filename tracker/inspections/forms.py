"""Forms for inspections and recommendations. They parse input; services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from tracker.core.forms import (
    GovUKDateField,
    VersionField,
    WholeNumberField,
    apply_service_error,
)
from tracker.inspections.deadlines.services import REASON_REQUIRED
from tracker.inspections.models import (
    Grade,
    Inspection,
    IssuingBody,
    JudgementArea,
    Milestone,
    Recommendation,
)
from tracker.inspections.rules import (
    ILACS_AREAS_FROM_2023,
    ILACS_AREAS_TO_2022,
    SIF_AREAS,
    framework_for_kind,
)
from tracker.inspections.services import (
    KIND_REQUIRED,
    MOST_RECOMMENDATION_NUMBER,
    JudgementInput,
)

GRADE_CHOICES = [("", "Not judged"), *Grade.choices]
JUDGEMENT_FIELD_AREAS = list(
    dict.fromkeys([*ILACS_AREAS_TO_2022, *ILACS_AREAS_FROM_2023, *SIF_AREAS])
)


class InspectionForm(forms.Form):
    """An inspection or any other source of recommendations: the words fit every kind."""

    version = VersionField()
    kind = forms.ChoiceField(
        label="What kind of inspection, visit, review or notice is it?",
        help_text="Ofsted's inspections and visits come first, then safeguarding practice "
        "reviews, DfE notices and directions, peer reviews, mock inspections and scrutiny.",
        # Inspections and visits come first in the list, then the other sources (models.py).
        choices=Inspection.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": KIND_REQUIRED},
    )
    issued_by = forms.MultipleChoiceField(
        label="Who issued it? (optional)",
        help_text="Select all that apply. If you select none, the usual bodies for its kind are "
        "recorded: Ofsted for an inspection or visit, the four inspectorates for a JTAI, the DfE "
        "for a notice or direction.",
        choices=IssuingBody.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": "Select who issued it: “%(value)s” is not one of the bodies listed"
        },
    )
    framework = forms.ChoiceField(
        label="Inspection framework (optional)",
        help_text="Leave it to be worked out from the kind. Reviews, notices and directions "
        "belong to no inspection framework: “Other”.",
        choices=[("", "Worked out from the kind"), *Inspection.Framework.choices],
        required=False,
    )
    started_on = GovUKDateField(
        label="Start date",
        noun="the start date",
        help_text="The first day of the inspection or visit, or the date of the review, notice "
        "or letter. For example, 31 10 2022",
    )
    ended_on = GovUKDateField(
        label="End date",
        noun="the end date",
        help_text="The last day of the inspection or visit. For a review, notice or letter of "
        "one date, the same as the start date",
    )
    published_on = GovUKDateField(
        label="Publication date (optional)",
        noun="the publication date",
        help_text="When the report, letter or review was published. For example, 13 1 2023",
        required=False,
    )
    lead_inspector = forms.CharField(
        label="Lead inspector or reviewer (optional)", max_length=200, required=False
    )
    statutory_notice_on = GovUKDateField(
        label="Improvement notice date (optional)",
        noun="the date of the improvement notice",
        help_text="If the Department for Education issued an improvement notice or statutory "
        "direction after this inspection. For example, 1 11 2022",
        required=False,
    )
    summary = forms.CharField(
        label="Headline findings (optional)", widget=forms.Textarea, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for area in JUDGEMENT_FIELD_AREAS:
            self.fields[f"grade_{area}"] = forms.ChoiceField(
                label=JudgementArea(area).label, choices=GRADE_CHOICES, required=False
            )

    @classmethod
    def initial_for(cls, inspection: Inspection) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "version": inspection.version,
            "kind": inspection.kind,
            "issued_by": list(inspection.issued_by or []),
            "framework": inspection.framework,
            "started_on": inspection.started_on,
            "ended_on": inspection.ended_on,
            "published_on": inspection.published_on,
            "lead_inspector": inspection.lead_inspector,
            "summary": inspection.summary,
            "statutory_notice_on": inspection.statutory_notice_on,
        }
        for judgement in inspection.judgements.all():
            initial[f"grade_{judgement.area}"] = judgement.grade
        return initial

    def apply_service_error(self, error: ValidationError) -> None:
        """Show a service's errors; a judgement's problem goes beside that judgement's grade."""
        if not hasattr(error, "error_dict"):
            apply_service_error(self, error)
            return
        rest: dict[str, list[ValidationError]] = {}
        for key, problems in error.error_dict.items():
            for problem in problems:
                area = (problem.params or {}).get("area") if key == "judgements" else None
                field = f"grade_{area}"
                if area and field in self.fields:
                    self.add_error(field, problem)
                else:
                    rest.setdefault(key, []).append(problem)
        if rest:
            apply_service_error(self, ValidationError(rest))

    def judgement_fields(self, areas: tuple[str, ...]) -> list[forms.BoundField]:
        return [self[f"grade_{area}"] for area in areas]

    def ilacs_fields(self) -> list[forms.BoundField]:
        return self.judgement_fields(tuple(JUDGEMENT_FIELD_AREAS[:6]))

    def sif_fields(self) -> list[forms.BoundField]:
        return self.judgement_fields(tuple(a for a in SIF_AREAS if a != JudgementArea.OVERALL))

    def judgements(self) -> list[JudgementInput]:
        return [
            JudgementInput(area=area, grade=self.cleaned_data[f"grade_{area}"])
            for area in JUDGEMENT_FIELD_AREAS
            if self.cleaned_data.get(f"grade_{area}")
        ]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            # None chosen: the service records the kind's usual bodies.
            "issued_by": data["issued_by"],
            "framework": data["framework"] or framework_for_kind(data["kind"]),
            "started_on": data["started_on"],
            "ended_on": data["ended_on"],
            "published_on": data["published_on"],
            "lead_inspector": data["lead_inspector"],
            "summary": data["summary"],
            "statutory_notice_on": data["statutory_notice_on"],
            "judgements": self.judgements(),
        }


class RecommendationForm(forms.Form):
    version = VersionField()
    number = WholeNumberField(
        label="Number",
        noun="the number",
        min_value=1,
        max_value=MOST_RECOMMENDATION_NUMBER,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={"required": "Enter the recommendation's number"},
    )
    kind = forms.ChoiceField(
        label="What kind of recommendation is it?",
        choices=Recommendation.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of recommendation this is"},
    )
    text = forms.CharField(
        label="Recommendation",
        help_text="Copy the words exactly as the report, letter or review has them",
        widget=forms.Textarea,
        error_messages={"required": "Enter the recommendation as the report words it"},
    )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"number": data["number"], "text": data["text"], "kind": data["kind"]}


class MilestoneOverrideForm(forms.Form):
    """The real date of a deadline (or window), as agreed with Ofsted, and why it differs."""

    version = VersionField()
    on = GovUKDateField(label="Date", noun="the date")
    earliest_on = GovUKDateField(label="Earliest date", noun="the earliest date")
    latest_on = GovUKDateField(label="Latest date", noun="the latest date")
    reason = forms.CharField(
        label="Why is the date different?",
        help_text="For example, ‘Agreed with Ofsted at the action planning visit’",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": REASON_REQUIRED},
    )

    def __init__(self, *args: Any, milestone: Milestone, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.milestone = milestone
        unused = ("on",) if milestone.is_window else ("earliest_on", "latest_on")
        for name in unused:
            del self.fields[name]

    @classmethod
    def initial_for(cls, milestone: Milestone) -> dict[str, Any]:
        return {
            "version": milestone.version,
            "on": milestone.effective_on,
            "earliest_on": milestone.effective_earliest_on,
            "latest_on": milestone.effective_latest_on,
            "reason": milestone.override_reason,
        }

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "expected_version": data["version"],
            "reason": data["reason"],
            "on": data.get("on"),
            "earliest_on": data.get("earliest_on"),
            "latest_on": data.get("latest_on"),
        }


class MilestoneClearOverrideForm(forms.Form):
    """Go back to the date the rule works out (the version catches a concurrent change)."""

    version = VersionField()


class MilestoneMetForm(forms.Form):
    """The day a deadline was met (the version catches a concurrent change)."""

    version = VersionField()
    met_on = GovUKDateField(
        label="When was it met?",
        noun="the date the deadline was met",
        help_text="For example, the day the action plan was sent to Ofsted: 27 3 2023",
    )

    def service_kwargs(self) -> dict[str, Any]:
        return {
            "expected_version": self.cleaned_data["version"],
            "met_on": self.cleaned_data["met_on"],
        }


class MilestoneNotMetForm(forms.Form):
    """Take back "met" (the version catches a concurrent change)."""

    version = VersionField()
