"""GOV.UK form building blocks: the date input, whole numbers and money, and error messages in
GOV.UK style.

Every number a form reads goes through `WholeNumberField`, `MoneyField` or `VersionField`: they
refuse anything out of range ("1e400", "NaN", "Infinity", thirty nines, a negative amount) with
a plain message on the form, so nothing unreadable reaches a service or the database.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from tracker.core.formatting import format_money

T = TypeVar("T")


class GovUKDateInput(forms.Widget):
    """The GOV.UK date input: three boxes named `<name>-day`, `<name>-month`, `<name>-year`."""

    template_name = ""  # rendered by the govuk_field tag, never by Django's widget templates

    def value_from_datadict(self, data: Any, files: Any, name: str) -> dict[str, str]:
        return {
            part: (data.get(f"{name}-{part}") or "").strip() for part in ("day", "month", "year")
        }

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return not any(f"{name}-{part}" in data for part in ("day", "month", "year"))

    @staticmethod
    def parts(value: Any) -> dict[str, str]:
        """The three boxes' contents for a value that is a date, a dict of parts or empty."""
        if isinstance(value, datetime.date):
            return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
        if isinstance(value, dict):
            return {part: str(value.get(part, "")) for part in ("day", "month", "year")}
        if isinstance(value, str) and value:
            try:
                return GovUKDateInput.parts(datetime.date.fromisoformat(value))
            except ValueError:
                pass
        return {"day": "", "month": "", "year": ""}


class SearchableSelectMultiple(forms.SelectMultiple):
    """Choose several from a long list (every post, person or organisation of an authority).

    Without JavaScript it is a native multiple select, which scales to hundreds of choices
    where tick boxes do not; `assets/js/multi-select.mjs` turns it into a search box
    (accessible-autocomplete) with a list of those chosen, each with a Remove button. The
    form receives the same values either way.
    """

    template_name = ""  # rendered by the govuk_field tag, never by Django's widget templates


class GovUKDateField(forms.Field):
    """A date entered as day, month and year, with the GOV.UK pattern's error messages.

    `noun` completes the messages: "Enter the date the action is due",
    "The date the action is due must be a real date".
    """

    widget = GovUKDateInput

    def __init__(self, *, noun: str, **kwargs: Any) -> None:
        self.noun = noun
        kwargs.setdefault("error_messages", {"required": f"Enter {noun}"})
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> datetime.date | None:
        if isinstance(value, datetime.date):
            return value
        parts = GovUKDateInput.parts(value)
        if not any(parts.values()):
            return None
        missing = [part for part in ("day", "month", "year") if not parts[part]]
        if missing:
            raise ValidationError(
                f"{self.noun[0].upper()}{self.noun[1:]} must include a {' and '.join(missing)}",
                code="incomplete",
            )
        try:
            day, month, year = (int(parts[p]) for p in ("day", "month", "year"))
        except ValueError:
            raise ValidationError(
                f"{self.noun[0].upper()}{self.noun[1:]} must be a real date", code="invalid"
            ) from None
        if year < 1000:
            raise ValidationError("Year must include 4 numbers", code="invalid_year")
        try:
            return datetime.date(year, month, day)
        except ValueError:
            raise ValidationError(
                f"{self.noun[0].upper()}{self.noun[1:]} must be a real date", code="invalid"
            ) from None

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return self.to_python(data) != self.to_python(initial)
        except ValidationError:
            return True


# Longest text a number box is read from: more is never a number a council officer typed.
_LONGEST_NUMBER_TEXT = 40
_NUMBER_ATTRS = {"inputmode": "numeric", "spellcheck": "false"}


def _sentence(noun: str) -> str:
    return f"{noun[0].upper()}{noun[1:]}"


class WholeNumberField(forms.IntegerField):
    """A whole number from `min_value` to `max_value`, both required so no form forgets them.

    `noun` completes the messages: "Enter the section number", "The section number must be a
    whole number between 1 and 999". Anything that is not such a number gets the second.
    """

    def __init__(self, *, noun: str, min_value: int, max_value: int, **kwargs: Any) -> None:
        self.noun = noun
        message = f"{_sentence(noun)} must be a whole number between {min_value} and {max_value}"
        error_messages = {
            "required": f"Enter {noun}",
            "invalid": message,
            "min_value": message,
            "max_value": message,
            **kwargs.pop("error_messages", {}),
        }
        kwargs.setdefault("widget", forms.TextInput(attrs=_NUMBER_ATTRS))
        super().__init__(
            min_value=min_value, max_value=max_value, error_messages=error_messages, **kwargs
        )

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = value.strip()
            if len(value) > _LONGEST_NUMBER_TEXT:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class VersionField(WholeNumberField):
    """The hidden copy of a record's `version`, sent back to detect a stale edit."""

    def __init__(self, **kwargs: Any) -> None:
        message = "This page could not be read. Reload the page and try again"
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(
            noun="the version",
            min_value=0,
            max_value=2**31 - 1,
            required=False,
            error_messages={"invalid": message, "min_value": message, "max_value": message},
            **kwargs,
        )


class MoneyField(forms.Field):
    """An amount in pounds, typed as "250000", "250,000" or "£1,250.50".

    Bounded like the model's DecimalField: at most `max_digits` digits, `decimal_places` of them
    after the point, and not below `min_value` (£0 unless told). "-0" reads as 0.
    """

    def __init__(
        self,
        *,
        noun: str,
        max_digits: int = 12,
        decimal_places: int = 2,
        min_value: Decimal | None = Decimal(0),
        **kwargs: Any,
    ) -> None:
        self.noun = noun
        self.decimal_places = decimal_places
        self.min_value = min_value
        # The smallest amount too big to store: 10 digits of pounds means £10,000,000,000.
        self.too_big = Decimal(10) ** (max_digits - decimal_places)
        self.invalid_message = f"Enter the {noun} in pounds, like 1250 or 1250.50"
        kwargs.setdefault("error_messages", {"required": self.invalid_message})
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, Decimal):
            return value
        text = re.sub(r"[£,\s]", "", str(value or ""))
        if not text:
            return None
        if len(text) > _LONGEST_NUMBER_TEXT:
            raise ValidationError(self.invalid_message, code="invalid")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValidationError(self.invalid_message, code="invalid") from None
        if not amount.is_finite():
            raise ValidationError(self.invalid_message, code="invalid")
        return amount.copy_abs() if amount.is_zero() else amount

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is None:
            return
        # Comparisons first: they never fail, however large the exponent.
        if self.min_value is not None and value < self.min_value:
            raise ValidationError(
                f"The {self.noun} must be {format_money(self.min_value)} or more", code="min_value"
            )
        if abs(value) >= self.too_big:
            raise ValidationError(
                f"The {self.noun} must be less than {format_money(self.too_big)}", code="max_value"
            )
        places = -int(value.as_tuple().exponent)
        if places > self.decimal_places and value != round(value, self.decimal_places):
            raise ValidationError(
                f"The {self.noun} must be in pounds and pence, like 1250.50", code="pence"
            )

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return f"{value:.2f}".removesuffix(".00")
        return value


def apply_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: field errors inline, others in the summary."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def limit_choices(form: forms.BaseForm, name: str, queryset: QuerySet[Any]) -> None:
    """Offer only these objects in a model choice field (e.g. the user's authority's posts)."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - a programming error
    field.queryset = queryset


def submit_form(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[], T],
    *,
    message: str | Callable[[T], str],
    to: Callable[[T], Any],
) -> HttpResponse | None:
    """Post/redirect/get for a form page: on a valid POST, save through a service and
    redirect with a success message. Returns None when the page should show the form again:
    a GET, invalid input, or the service refusing (its errors are then on the form)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = save()
    except ValidationError as error:
        custom = getattr(form, "apply_service_error", None)
        if custom is not None:
            custom(error)
        else:
            apply_service_error(form, error)
        return None
    messages.success(request, message(result) if callable(message) else message)
    return redirect(to(result))
