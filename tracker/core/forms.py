"""GOV.UK form building blocks: the date input, and error messages in GOV.UK style."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

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
