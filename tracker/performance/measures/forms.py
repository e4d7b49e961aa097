"""Forms for measures, targets and values. They parse input; services decide."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from tracker.accounts.models import LocalAuthority
from tracker.core.forms import GovUKDateField, SearchableSelectMultiple, VersionField
from tracker.performance.measures import selectors
from tracker.performance.models import Direction, Frequency, Unit
from tracker.plans.models import ExpectedOutcome, Section, Theme

# The models' DecimalField: 12 digits, 2 of them after the point.
_TOO_BIG = Decimal(10) ** 10
_LONGEST_TEXT = 40


class MeasureNumberField(forms.Field):
    """A figure in the measure's unit, typed as "21.5", "21.5%" or "1,234".

    `noun` completes the messages ("Enter the value", "The value must be a number, like 21.5").
    At most two decimal places, as the figures are stored.
    """

    def __init__(self, *, noun: str, **kwargs: Any) -> None:
        self.noun = noun
        self.invalid_message = f"{noun[0].upper()}{noun[1:]} must be a number, like 21.5"
        kwargs.setdefault("error_messages", {"required": f"Enter {noun}"})
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"class": "govuk-input--width-10", "spellcheck": "false"},
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, Decimal):
            return value
        text = re.sub(r"[%,\s]", "", str(value or ""))
        if not text:
            return None
        if len(text) > _LONGEST_TEXT:
            raise ValidationError(self.invalid_message, code="invalid")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError(self.invalid_message, code="invalid") from None
        if not number.is_finite() or abs(number) >= _TOO_BIG:
            raise ValidationError(self.invalid_message, code="invalid")
        if number != round(number, 2):
            raise ValidationError(
                f"{self.noun[0].upper()}{self.noun[1:]} must have no more than 2 decimal places",
                code="places",
            )
        return number.copy_abs() if number.is_zero() else round(number, 2)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return f"{value.normalize():f}"
        return value


class _LinkChoices(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        if isinstance(obj, ExpectedOutcome):
            text = obj.text if len(obj.text) < 120 else obj.text[:117] + "…"
            return f"{obj.section.plan.title}, section {obj.section.number}: {text}"
        if isinstance(obj, Section):
            return f"{obj.plan.title}: {obj.number}. {obj.title}"
        if isinstance(obj, Theme):
            return f"{obj.plan.title}: {obj.name}"
        return str(obj)


class MeasureForm(forms.Form):
    version = VersionField()
    reference = forms.CharField(
        label="Reference",
        max_length=30,
        help_text="The measure's code in the performance pack, for example CIN-03",
        error_messages={"required": "Enter the measure's reference, for example CIN-03"},
    )
    name = forms.CharField(
        label="Name", max_length=250, error_messages={"required": "Enter the measure's name"}
    )
    definition = forms.CharField(
        label="Definition (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="What is counted and how, as the performance pack defines it",
    )
    unit = forms.ChoiceField(
        label="Unit",
        choices=Unit.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the measure's unit"},
    )
    direction = forms.ChoiceField(
        label="Which direction is better",
        choices=Direction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select which direction is better"},
    )
    frequency = forms.ChoiceField(
        label="How often it is reported",
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how often the measure is reported"},
    )
    source = forms.CharField(
        label="Source (optional)",
        max_length=250,
        required=False,
        help_text="Where the figures come from, for example the case system",
    )
    tolerance = MeasureNumberField(
        noun="the tolerance",
        label="Tolerance",
        help_text=(
            "How far a value may be worse than its target and still be amber, in the measure's "
            "unit (for a percentage, percentage points). Enter 0 for none."
        ),
    )
    expected_outcomes = _LinkChoices(
        label="Expected outcomes it shows (optional)",
        queryset=ExpectedOutcome.objects.none(),
        required=False,
        widget=SearchableSelectMultiple,
    )
    sections = _LinkChoices(
        label="Plan sections (optional)",
        queryset=Section.objects.none(),
        required=False,
        widget=SearchableSelectMultiple,
    )
    themes = _LinkChoices(
        label="Themes (optional)",
        queryset=Theme.objects.none(),
        required=False,
        widget=SearchableSelectMultiple,
    )

    def __init__(self, *args: Any, local_authority: LocalAuthority, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["expected_outcomes"].queryset = selectors.expected_outcomes_for_authority(  # type: ignore[attr-defined]
            local_authority=local_authority
        )
        fields["sections"].queryset = selectors.sections_for_authority(  # type: ignore[attr-defined]
            local_authority=local_authority
        )
        fields["themes"].queryset = selectors.themes_for_authority(  # type: ignore[attr-defined]
            local_authority=local_authority
        )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "reference": data["reference"],
            "name": data["name"],
            "definition": data["definition"],
            "unit": data["unit"],
            "direction": data["direction"],
            "frequency": data["frequency"],
            "source": data["source"],
            "tolerance": data["tolerance"],
            "expected_outcomes": list(data["expected_outcomes"]),
            "sections": list(data["sections"]),
            "themes": list(data["themes"]),
        }


class MeasureRetireForm(forms.Form):
    version = VersionField()


class TargetForm(forms.Form):
    value = MeasureNumberField(noun="the target", label="Target")
    applies_from = GovUKDateField(
        noun="the date the target applies from",
        label="Applies from",
        help_text=(
            "The target applies to periods ending on or after this date, until a later "
            "target starts. For example, 1 4 2026"
        ),
    )
    note = forms.CharField(
        label="Note (optional)",
        max_length=300,
        required=False,
        help_text="For example, who agreed the target",
    )


class TargetRemoveForm(forms.Form):
    pass


class _ComparatorsForm(forms.Form):
    statistical_neighbours = MeasureNumberField(
        noun="the statistical neighbours' average",
        label="Statistical neighbours' average (optional)",
        required=False,
    )
    england = MeasureNumberField(
        noun="the England average", label="England average (optional)", required=False
    )
    region = MeasureNumberField(
        noun="the regional average", label="Regional average (optional)", required=False
    )


class ValueForm(forms.Form):
    period_end = GovUKDateField(
        noun="the last day of the period",
        label="Period ending",
        help_text=(
            "The last day of the month, quarter or year the value is for. For example, 31 10 2026"
        ),
    )
    value = MeasureNumberField(noun="the value", label="Value")
    statistical_neighbours = _ComparatorsForm.base_fields["statistical_neighbours"]
    england = _ComparatorsForm.base_fields["england"]
    region = _ComparatorsForm.base_fields["region"]
    note = forms.CharField(
        label="Note (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    source = forms.CharField(
        label="Source (optional)",
        max_length=250,
        required=False,
        help_text="For example, the month's performance pack",
    )


class ValueCorrectForm(forms.Form):
    value = MeasureNumberField(noun="the corrected value", label="Corrected value")
    statistical_neighbours = _ComparatorsForm.base_fields["statistical_neighbours"]
    england = _ComparatorsForm.base_fields["england"]
    region = _ComparatorsForm.base_fields["region"]
    reason = forms.CharField(
        label="Why is it being corrected?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Explain why the value is being corrected"},
    )
