"""Calendar-month arithmetic: the day is kept, or clamped to a shorter month's last day."""

from __future__ import annotations

import calendar
import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.core.dates import add_months, month_start

D = datetime.date


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2023, 1, 13), 3, D(2023, 4, 13)),
        (D(2023, 12, 15), 1, D(2024, 1, 15)),
        (D(2023, 1, 31), 1, D(2023, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2023, 8, 31), 6, D(2024, 2, 29)),
        (D(2023, 11, 30), 3, D(2024, 2, 29)),
        (D(2024, 1, 31), 3, D(2024, 4, 30)),
        (D(2024, 5, 31), 0, D(2024, 5, 31)),
    ],
)
def test_add_months_keeps_the_day_or_uses_the_months_last(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2024, 2, 29), 48, D(2028, 2, 29)),
        (D(2024, 2, 29), 1, D(2024, 3, 29)),
        (D(2024, 2, 29), -12, D(2023, 2, 28)),
    ],
)
def test_add_months_from_29_february(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2024, 3, 31), -1, D(2024, 2, 29)),
        (D(2023, 3, 31), -1, D(2023, 2, 28)),
        (D(2024, 1, 15), -1, D(2023, 12, 15)),
        (D(2024, 1, 31), -2, D(2023, 11, 30)),
        (D(2025, 6, 30), -18, D(2023, 12, 30)),
        (D(2024, 5, 31), -27, D(2022, 2, 28)),
    ],
)
def test_add_months_goes_back_with_negative_months(day, months, expected):
    assert add_months(day, months) == expected


def test_add_months_stepwise_drifts_so_add_the_total():
    assert add_months(add_months(D(2023, 1, 31), 1), 1) == D(2023, 3, 28)
    assert add_months(D(2023, 1, 31), 2) == D(2023, 3, 31)


@given(
    day=st.dates(min_value=D(1900, 1, 1), max_value=D(2200, 12, 31)),
    months=st.integers(min_value=-1200, max_value=1200),
)
def test_add_months_lands_in_the_right_month_on_the_same_or_last_day(day, months):
    result = add_months(day, months)

    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    last = calendar.monthrange(result.year, result.month)[1]
    assert result.day == min(day.day, last)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2024, 1, 31), 0, D(2024, 1, 1)),
        (D(2024, 1, 31), 1, D(2024, 2, 1)),
        (D(2023, 11, 30), 3, D(2024, 2, 1)),
        (D(2024, 2, 29), -3, D(2023, 11, 1)),
        (D(2024, 12, 25), 1, D(2025, 1, 1)),
    ],
)
def test_month_start_is_the_first_of_the_month_months_away(day, months, expected):
    assert month_start(day, months) == expected
