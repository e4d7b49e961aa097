import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError

from tracker.core.forms import GovUKDateField, GovUKDateInput, apply_service_error


class DueDateForm(forms.Form):
    due_on = GovUKDateField(noun="the date the action is due")


class OptionalDueDateForm(forms.Form):
    due_on = GovUKDateField(noun="the date the action is due", required=False)


def bound(day="", month="", year="", form_class=DueDateForm):
    return form_class(data={"due_on-day": day, "due_on-month": month, "due_on-year": year})


def test_date_field_accepts_a_real_date():
    form = bound("22", "11", "2026")

    assert form.is_valid() is True
    assert form.cleaned_data["due_on"] == datetime.date(2026, 11, 22)


def test_date_field_accepts_numbers_with_spaces_and_leading_zeros():
    form = bound(" 01 ", "03 ", " 2026")

    assert form.is_valid() is True
    assert form.cleaned_data["due_on"] == datetime.date(2026, 3, 1)


def test_date_field_accepts_29_february_in_a_leap_year():
    form = bound("29", "2", "2028")

    assert form.is_valid() is True
    assert form.cleaned_data["due_on"] == datetime.date(2028, 2, 29)


def test_date_field_required_and_empty_asks_for_the_date():
    form = bound()

    assert form.is_valid() is False
    assert form.errors["due_on"] == ["Enter the date the action is due"]


def test_date_field_required_and_absent_asks_for_the_date():
    form = DueDateForm(data={})

    assert form.is_valid() is False
    assert form.errors["due_on"] == ["Enter the date the action is due"]


def test_date_field_optional_and_empty_is_none():
    form = bound(form_class=OptionalDueDateForm)

    assert form.is_valid() is True
    assert form.cleaned_data["due_on"] is None


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("22", "", "2026", "The date the action is due must include a month"),
        ("", "11", "2026", "The date the action is due must include a day"),
        ("22", "11", "", "The date the action is due must include a year"),
        ("", "11", "", "The date the action is due must include a day and year"),
        ("22", "", "", "The date the action is due must include a month and year"),
        ("", "", "2026", "The date the action is due must include a day and month"),
    ],
)
def test_date_field_names_the_missing_parts(day, month, year, message):
    form = bound(day, month, year)

    assert form.is_valid() is False
    assert form.errors["due_on"] == [message]


def test_date_field_missing_part_reported_even_when_optional():
    form = bound("22", "", "2026", form_class=OptionalDueDateForm)

    assert form.is_valid() is False
    assert form.errors["due_on"] == ["The date the action is due must include a month"]


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [
        ("31", "2", "2026"),
        ("29", "2", "2026"),
        ("31", "4", "2026"),
        ("0", "1", "2026"),
        ("1", "13", "2026"),
        ("1", "0", "2026"),
        ("1", "1", "10000"),
    ],
)
def test_date_field_refuses_a_date_that_does_not_exist(day, month, year):
    form = bound(day, month, year)

    assert form.is_valid() is False
    assert form.errors["due_on"] == ["The date the action is due must be a real date"]


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [
        ("first", "11", "2026"),
        ("22", "November", "2026"),
        ("22", "11", "twenty26"),
        ("2.5", "11", "2026"),
    ],
)
def test_date_field_refuses_letters_and_other_non_numbers(day, month, year):
    form = bound(day, month, year)

    assert form.is_valid() is False
    assert form.errors["due_on"] == ["The date the action is due must be a real date"]


@pytest.mark.parametrize("year", ["26", "2", "999"])
def test_date_field_refuses_a_year_without_4_numbers(year):
    form = bound("22", "11", year)

    assert form.is_valid() is False
    assert form.errors["due_on"] == ["Year must include 4 numbers"]


def test_date_field_to_python_passes_a_date_through():
    field = GovUKDateField(noun="the date the action is due")

    assert field.to_python(datetime.date(2026, 1, 2)) == datetime.date(2026, 1, 2)


def test_date_field_to_python_raises_with_a_code():
    field = GovUKDateField(noun="the date the action is due")

    with pytest.raises(ValidationError, match="must include a month") as excinfo:
        field.to_python({"day": "1", "month": "", "year": "2026"})

    assert excinfo.value.code == "incomplete"


def test_date_field_has_changed_compares_dates_not_text():
    field = GovUKDateField(noun="the date the action is due")

    assert (
        field.has_changed(datetime.date(2026, 3, 1), {"day": "01", "month": "3", "year": "2026"})
        is False
    )
    assert (
        field.has_changed(datetime.date(2026, 3, 1), {"day": "2", "month": "3", "year": "2026"})
        is True
    )


def test_date_field_has_changed_when_the_new_value_is_invalid():
    field = GovUKDateField(noun="the date the action is due")

    assert (
        field.has_changed(datetime.date(2026, 3, 1), {"day": "31", "month": "2", "year": "2026"})
        is True
    )


def test_date_input_reads_three_named_boxes_and_strips_spaces():
    widget = GovUKDateInput()
    data = {"due_on-day": " 22 ", "due_on-month": "11", "due_on-year": "2026 "}

    assert widget.value_from_datadict(data, {}, "due_on") == {
        "day": "22",
        "month": "11",
        "year": "2026",
    }


def test_date_input_is_omitted_only_when_no_box_was_sent():
    widget = GovUKDateInput()

    assert widget.value_omitted_from_data({}, {}, "due_on") is True
    assert widget.value_omitted_from_data({"due_on-year": ""}, {}, "due_on") is False


@pytest.mark.parametrize(
    ("value", "parts"),
    [
        (datetime.date(2026, 3, 1), {"day": "1", "month": "3", "year": "2026"}),
        ("2026-03-01", {"day": "1", "month": "3", "year": "2026"}),
        ({"day": "31", "month": "2"}, {"day": "31", "month": "2", "year": ""}),
        ("not a date", {"day": "", "month": "", "year": ""}),
        (None, {"day": "", "month": "", "year": ""}),
    ],
)
def test_date_input_parts_for_redisplay(value, parts):
    assert GovUKDateInput.parts(value) == parts


def test_apply_service_error_puts_field_errors_inline_and_others_in_the_summary():
    form = bound("22", "11", "2026")
    assert form.is_valid() is True

    apply_service_error(
        form,
        ValidationError(
            {"due_on": ["The due date must be after the start date"], "section": ["Choose one"]}
        ),
    )

    assert form.errors["due_on"] == ["The due date must be after the start date"]
    assert form.non_field_errors() == ["Choose one"]


def test_apply_service_error_without_fields_goes_to_the_summary():
    form = bound("22", "11", "2026")
    assert form.is_valid() is True

    apply_service_error(form, ValidationError("This action was changed by someone else"))

    assert form.non_field_errors() == ["This action was changed by someone else"]
