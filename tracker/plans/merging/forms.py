"""Forms for merging plans: which plans into which, then where each section goes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from tracker.plans.merging.selectors import MergePreview
from tracker.plans.models import Plan

NEW_PLAN = "new"


class PlanMergeStartForm(forms.Form):
    sources = forms.TypedMultipleChoiceField(
        label="Plans to merge",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the plans to merge"},
        help_text="Their sections, actions, progress and evidence move into one plan",
    )
    target = forms.ChoiceField(
        label="Merge them into",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the plan to merge them into"},
    )
    new_title = forms.CharField(
        label="Title of the new plan (only for a new plan)", max_length=250, required=False
    )

    def __init__(self, *args: Any, plans: Sequence[Plan], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(plan.pk, plan.title) for plan in plans]
        self.fields["sources"].choices = choices  # type: ignore[attr-defined]
        self.fields["target"].choices = [  # type: ignore[attr-defined]
            *[(str(pk), title) for pk, title in choices],
            (NEW_PLAN, "A new plan"),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        target = data.get("target")
        if target == NEW_PLAN and not (data.get("new_title") or "").strip():
            self.add_error("new_title", "Enter the new plan's title")
        elif target and target != NEW_PLAN and int(target) in (data.get("sources") or []):
            self.add_error("target", "Choose a plan you are not merging, or a new plan")
        return data

    def query(self) -> dict[str, Any]:
        """The preview's query string."""
        data = self.cleaned_data
        query: dict[str, Any] = {"plan": data["sources"]}
        if data["target"] == NEW_PLAN:
            query["new-title"] = data["new_title"].strip()
        else:
            query["into"] = data["target"]
        return query


class PlanMergeMappingForm(forms.Form):
    """A select for each source section: where it goes in the target. The plans' versions
    ride along, so a plan changed since the preview is refused."""

    def __init__(self, *args: Any, preview: MergePreview, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plans = [*preview.sources, *([preview.target] if preview.target else [])]
        for plan in plans:
            self.fields[f"version_{plan.pk}"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=plan.version
            )
        for section in preview.sections:
            self.fields[f"section_{section.pk}"] = forms.ChoiceField(
                label=section.label,
                choices=preview.choices,
                initial=preview.suggestions[section.pk],
                help_text=(
                    f"Theme: {section.theme_name or 'none'}. {section.actions} "
                    f"action{'' if section.actions == 1 else 's'}, {section.outcomes} expected "
                    f"outcome{'' if section.outcomes == 1 else 's'}"
                ),
                error_messages={"invalid_choice": "Choose where this section goes"},
            )

    def mapping(self) -> dict[int, str]:
        return {
            int(name.removeprefix("section_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("section_")
        }

    def versions(self) -> dict[int, int]:
        return {
            int(name.removeprefix("version_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("version_") and value is not None
        }
