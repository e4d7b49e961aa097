import datetime
from decimal import Decimal

import pytest

from tracker.programme import rules


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (datetime.date(2024, 3, 31), 2023),
        (datetime.date(2024, 4, 1), 2024),
        (datetime.date(2024, 1, 1), 2023),
        (datetime.date(2023, 12, 31), 2023),
        (datetime.date(2025, 3, 31), 2024),
    ],
)
def test_financial_year_for_runs_april_to_march(day, year):
    assert rules.financial_year_for(day) == year


@pytest.mark.parametrize(
    ("year", "label"), [(2023, "2023/24"), (2024, "2024/25"), (2009, "2009/10"), (2099, "2099/00")]
)
def test_financial_year_label_names_both_years(year, label):
    assert rules.financial_year_label(year) == label


def test_financial_year_bounds_are_1_april_to_31_march():
    assert rules.financial_year_bounds(2023) == (
        datetime.date(2023, 4, 1),
        datetime.date(2024, 3, 31),
    )


def test_variance_is_forecast_minus_allocation():
    assert rules.variance(allocation=Decimal("100.10"), forecast=Decimal("90.05")) == Decimal(
        "-10.05"
    )
    assert rules.variance(allocation=Decimal(0), forecast=Decimal(5)) == Decimal(5)
