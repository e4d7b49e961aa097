"""Reading one cell: numbers as packs write them, and periods."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from tracker.performance.imports.cells import month_heading, read_number, read_period


@pytest.mark.parametrize(
    ("text", "value", "is_percent"),
    [
        ("23.5%", Decimal("23.50"), True),
        ("23.5 %", Decimal("23.50"), True),
        ("1,234", Decimal("1234.00"), False),
        ("1,234,567.891", Decimal("1234567.89"), False),
        ("0.125", Decimal("0.13"), False),
        (".5", Decimal("0.50"), False),
        ("-0", Decimal("0.00"), False),
        ("−2", Decimal("-2.00"), False),
        (" 42 ", Decimal("42.00"), False),
    ],
)
def test_read_number_reads_numbers_as_packs_write_them(text, value, is_percent):
    reading = read_number(text)
    assert reading.value == value
    assert reading.is_percent is is_percent
    assert reading.problem == ""


@pytest.mark.parametrize("text", ["", "   ", "n/a", "N/A", "-", "–", "..", "TBC", "#N/A"])
def test_read_number_takes_blank_and_not_available_as_no_value(text):
    reading = read_number(text)
    assert reading.is_blank is True
    assert reading.value is None
    assert reading.problem == ""


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("abc", "‘abc’ is not a number"),
        ("12,34", "‘12,34’ is not a number"),
        ("1e5", "‘1e5’ is not a number"),
        ("%", "‘%’ is not a number"),
        ("#DIV/0!", "‘#DIV/0!’ is a spreadsheet error, not a number"),
        ("99999999999", "‘99999999999’ is too large a number to record"),
    ],
)
def test_read_number_says_what_is_wrong(text, problem):
    reading = read_number(text)
    assert reading.value is None
    assert reading.is_blank is False
    assert reading.problem == problem


@pytest.mark.parametrize(
    ("text", "day", "is_month"),
    [
        ("2026-10-31", datetime.date(2026, 10, 31), False),
        ("2026-10-31 00:00:00", datetime.date(2026, 10, 31), False),
        ("31/10/2026", datetime.date(2026, 10, 31), False),
        ("31/10/26", datetime.date(2026, 10, 31), False),
        ("31 October 2026", datetime.date(2026, 10, 31), False),
        ("31st Oct 2026", datetime.date(2026, 10, 31), False),
        ("Oct 2026", datetime.date(2026, 10, 31), True),
        ("October 2026", datetime.date(2026, 10, 31), True),
        ("Oct-26", datetime.date(2026, 10, 31), True),
        ("Sept 2026", datetime.date(2026, 9, 30), True),
        ("2026-02", datetime.date(2026, 2, 28), True),
        ("02/2028", datetime.date(2028, 2, 29), True),
    ],
)
def test_read_period_reads_days_and_months(text, day, is_month):
    reading = read_period(text)
    assert reading.on == day
    assert reading.is_month is is_month


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "the period end is missing"),
        ("2026", "‘2026’ is not a date or a month"),
        ("Target", "‘Target’ is not a date or a month"),
        ("2026-02-30", "‘2026-02-30’ is not a date: the day is not in the month"),
        ("13/2026", "‘13/2026’ is not a date: the month must be 1 to 12"),
        ("Oct 1890", "‘Oct 1890’ is not a date: the year 1890 is not between 1990 and 2100"),
    ],
)
def test_read_period_says_what_is_wrong(text, problem):
    assert read_period(text).problem == problem


def test_month_heading_takes_an_excel_date_as_its_month():
    assert month_heading("2026-10-01") == datetime.date(2026, 10, 31)
    assert month_heading("Oct 2026") == datetime.date(2026, 10, 31)
    assert month_heading("Target") is None
