"""Whole numbers, money and record versions: what the shared fields accept and refuse."""

from __future__ import annotations

import importlib
import pkgutil
from decimal import Decimal

import pytest
from django import forms

import tracker
from tracker.core.forms import MoneyField, VersionField, WholeNumberField
from tracker.core.tests.numbers import NOT_WHOLE_NUMBERS


class ScoreForm(forms.Form):
    score = WholeNumberField(noun="the score", min_value=1, max_value=5)


class AmountForm(forms.Form):
    amount = MoneyField(noun="amount", max_digits=8, decimal_places=2, required=False)


class VersionedForm(forms.Form):
    version = VersionField()


@pytest.mark.parametrize(("typed", "number"), [("1", 1), (" 5 ", 5), ("3.0", 3)])
def test_whole_number_field_reads_whole_numbers_in_range(typed, number):
    form = ScoreForm(data={"score": typed})
    assert form.is_valid() is True
    assert form.cleaned_data["score"] == number


@pytest.mark.parametrize("typed", [*NOT_WHOLE_NUMBERS, "0", "-0", "6", "-1", "1e0"])
def test_whole_number_field_refuses_anything_else_with_the_range(typed):
    form = ScoreForm(data={"score": typed})
    assert form.is_valid() is False
    assert form.errors["score"] == ["The score must be a whole number between 1 and 5"]


def test_whole_number_field_asks_for_a_missing_number():
    form = ScoreForm(data={"score": "  "})
    assert form.is_valid() is False
    assert form.errors["score"] == ["Enter the score"]


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("£1,250.50", Decimal("1250.50")),
        ("250 000", Decimal("250000")),
        ("999999.99", Decimal("999999.99")),
        ("12.500", Decimal("12.500")),
        ("-0", Decimal("0")),
        ("", None),
    ],
)
def test_money_field_reads_pounds_and_pence(typed, amount):
    form = AmountForm(data={"amount": typed})
    assert form.is_valid() is True
    assert form.cleaned_data["amount"] == amount
    if amount is not None:
        assert form.cleaned_data["amount"].is_signed() is False


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1e400", "The amount must be less than £1,000,000"),
        ("1000000", "The amount must be less than £1,000,000"),
        ("9" * 39, "The amount must be less than £1,000,000"),
        ("-0.01", "The amount must be £0 or more"),
        ("-1e400", "The amount must be £0 or more"),
        ("0.001", "The amount must be in pounds and pence, like 1250.50"),
        ("1e-400", "The amount must be in pounds and pence, like 1250.50"),
        ("NaN", "Enter the amount in pounds, like 1250 or 1250.50"),
        ("-sNaN", "Enter the amount in pounds, like 1250 or 1250.50"),
        ("Infinity", "Enter the amount in pounds, like 1250 or 1250.50"),
        ("1" * 41, "Enter the amount in pounds, like 1250 or 1250.50"),
        ("1.2.3", "Enter the amount in pounds, like 1250 or 1250.50"),
    ],
)
def test_money_field_refuses_what_cannot_be_stored(typed, message):
    form = AmountForm(data={"amount": typed})
    assert form.is_valid() is False
    assert form.errors["amount"] == [message]


@pytest.mark.parametrize(("typed", "version"), [("", None), ("0", 0), ("12", 12)])
def test_version_field_reads_a_version_or_nothing(typed, version):
    form = VersionedForm(data={"version": typed})
    assert form.is_valid() is True
    assert form.cleaned_data["version"] == version


@pytest.mark.parametrize("typed", ["1e400", "-1", str(2**31), "NaN"])
def test_version_field_refuses_a_version_it_cannot_have_sent(typed):
    form = VersionedForm(data={"version": typed})
    assert form.is_valid() is False
    assert form.errors["version"] == ["This page could not be read. Reload the page and try again"]


# Every form in the app -------------------------------------------------------------------------

NUMBER_TYPES = (int, float, Decimal)


def _every_form_class() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(tracker.__path__, "tracker."):
        if ".tests" not in module.name and ".migrations" not in module.name:
            importlib.import_module(module.name)
    found: list[type[forms.BaseForm]] = []
    pending: list[type[forms.BaseForm]] = [forms.Form, forms.ModelForm]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("tracker.") and ".tests" not in cls.__module__:
            found.append(cls)
    return found


def _unbounded_number_fields(form_class: type[forms.BaseForm]) -> list[str]:
    problems = []
    fields: dict[str, forms.Field] = getattr(form_class, "base_fields", {})
    for name, field in fields.items():
        if isinstance(field, forms.IntegerField) and not isinstance(field, WholeNumberField):
            problems.append(f"{name} is a plain {type(field).__name__}")
        is_number_choice = (
            isinstance(field, forms.TypedChoiceField) and field.coerce in NUMBER_TYPES
        )
        if (
            is_number_choice
            and field.error_messages["invalid_choice"]
            == (forms.ChoiceField.default_error_messages["invalid_choice"])
        ):
            problems.append(f"{name} refuses a number with Django's own words")
    return problems


def test_every_form_reads_numbers_through_the_bounded_fields():
    """A plain IntegerField, DecimalField or FloatField takes "1e400" or thirty nines to the
    service or the database; the shared fields refuse them on the form."""
    form_classes = _every_form_class()
    assert len(form_classes) > 20  # the walk found the app's forms
    problems = {
        f"{cls.__module__}.{cls.__qualname__}": _unbounded_number_fields(cls)
        for cls in form_classes
    }
    unbounded = {name for name, found in problems.items() if found}
    assert unbounded == set(), problems
