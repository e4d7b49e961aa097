"""The form that asks for a monitoring visit pack. It parses input and offers the plan's
monitoring visits, recommendations and themes; what is allowed is decided by
`rules.visit_pack_request_validate`, through the service."""

from __future__ import annotations

from typing import Any

from django import forms

from tracker.core.forms import GovUKDateField
from tracker.inspections.models import Inspection, Recommendation
from tracker.plans.models import Theme
from tracker.reporting.models import VisitPack
from tracker.reporting.packs.rules import (
    FOCUS_MESSAGE,
    FORMAT_MESSAGE,
    OTHER_RECOMMENDATION_MESSAGE,
    OTHER_THEME_MESSAGE,
    OTHER_VISIT_MESSAGE,
)


def recommendation_label(recommendation: Recommendation) -> str:
    text = recommendation.text
    text = text if len(text) < 160 else text[:157] + "…"
    return f"{recommendation.get_kind_display()} {recommendation.number}: {text}"


def visit_label(inspection: Inspection) -> str:
    return f"Monitoring visit, {inspection.started_on.day} {inspection.started_on:%B %Y}"


class VisitPackForm(forms.Form):
    inspection = forms.ModelChoiceField(
        label="Monitoring visit",
        queryset=Inspection.objects.none(),
        required=False,
        empty_label="Not recorded here: use the date below",
        error_messages={"invalid_choice": OTHER_VISIT_MESSAGE},
    )
    visit_on = GovUKDateField(
        label="Or the date of the visit",
        noun="the date of the visit",
        required=False,
        help_text="For a visit not recorded here yet. For example, 12 3 2027",
    )
    visit_title = forms.CharField(
        label="Name of the visit (optional)",
        max_length=250,
        required=False,
        help_text="For example, Third monitoring visit",
    )
    focus = forms.ChoiceField(
        label="What will the visit look at?",
        choices=VisitPack.Focus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": FOCUS_MESSAGE, "invalid_choice": FOCUS_MESSAGE},
    )
    recommendations = forms.ModelMultipleChoiceField(
        label="Recommendations in focus",
        queryset=Recommendation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="If the visit looks at recommendations, select them",
        error_messages={
            "invalid_choice": OTHER_RECOMMENDATION_MESSAGE,
            "invalid_pk_value": OTHER_RECOMMENDATION_MESSAGE,
        },
    )
    themes = forms.ModelMultipleChoiceField(
        label="Themes in focus",
        queryset=Theme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="If the visit looks at themes, select them",
        error_messages={
            "invalid_choice": OTHER_THEME_MESSAGE,
            "invalid_pk_value": OTHER_THEME_MESSAGE,
        },
    )
    format = forms.ChoiceField(
        label="Format",
        choices=[
            (VisitPack.Format.DOCX, "Word (.docx), to edit before sending"),
            (VisitPack.Format.PDF, "PDF, ready to send"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": FORMAT_MESSAGE, "invalid_choice": FORMAT_MESSAGE},
    )

    def __init__(
        self,
        *args: Any,
        visits: list[Inspection],
        recommendations: list[Recommendation],
        themes: list[Theme],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._offer("inspection", Inspection, visits, visit_label, empty=True)
        self._offer("recommendations", Recommendation, recommendations, recommendation_label)
        self._offer("themes", Theme, themes, str)

    def _offer(
        self, name: str, model: Any, objects: list[Any], label: Any, *, empty: bool = False
    ) -> None:
        """Offer these objects only, labelled from the list already read (no more queries)."""
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - a programming error
        field.queryset = model.objects.filter(pk__in=[o.pk for o in objects])
        choices = [(o.pk, label(o)) for o in objects]
        field.choices = [("", field.empty_label or ""), *choices] if empty else choices

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "inspection": data["inspection"],
            "visit_on": data["visit_on"],
            "visit_title": data["visit_title"],
            "focus": data["focus"],
            "recommendations": list(data["recommendations"]),
            "themes": list(data["themes"]),
            "format": data["format"],
        }
