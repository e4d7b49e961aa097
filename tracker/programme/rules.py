"""Named rules of the improvement programme's money: financial years and variance."""

from __future__ import annotations

import datetime
from decimal import Decimal

FINANCIAL_YEAR_STARTS_IN_MONTH = 4


def financial_year_for(day: datetime.date) -> int:
    """The financial year a date falls in, named by the year it starts.

    "A local authority's financial year runs from 1 April to 31 March": 31 March 2024 is in
    2023 (2023/24) and 1 April 2024 is in 2024 (2024/25).
    """
    if day.month >= FINANCIAL_YEAR_STARTS_IN_MONTH:
        return day.year
    return day.year - 1


def financial_year_label(year: int) -> str:
    """How a financial year is written in budget papers: 2023 is "2023/24", 2099 is "2099/00"."""
    return f"{year}/{(year + 1) % 100:02d}"


def financial_year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a financial year: 1 April to 31 March."""
    return datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)


def variance(*, allocation: Decimal, forecast: Decimal) -> Decimal:
    """Forecast minus allocation: above zero is a forecast overspend, below zero an underspend."""
    return forecast - allocation
