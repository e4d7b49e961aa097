import datetime
from decimal import Decimal

from tracker.core.formatting import format_date, format_money


def test_format_date_is_uk_style():
    assert format_date(datetime.date(2026, 11, 22)) == "22 November 2026"
    assert format_date(datetime.date(2026, 3, 1)) == "1 March 2026"


def test_format_date_of_nothing_is_empty():
    assert format_date(None) == ""


def test_format_money_in_pounds():
    assert format_money(Decimal("9700000")) == "£9,700,000"
    assert format_money(Decimal("1250.5")) == "£1,250.50"
    assert format_money(-300) == "-£300"
