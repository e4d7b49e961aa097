"""How dates and money read in the interface: "22 November 2026", "£1,250"."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone


def format_date(value: datetime.date | datetime.datetime | None) -> str:
    """A date in UK style, e.g. 22 November 2026. Datetimes are shown in UK local time."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{value.day} {value:%B %Y}"
    return f"{value.day} {value:%B %Y}"


def format_datetime(value: datetime.datetime | None) -> str:
    """A moment in UK style, e.g. 22 November 2026 at 3:05pm."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    hour = local.hour % 12 or 12
    return f"{local.day} {local:%B %Y} at {hour}:{local:%M}{'am' if local.hour < 12 else 'pm'}"


def format_money(value: Decimal | int | float | None) -> str:
    """An amount in pounds sterling: £1,250 or £1,250.50; negative amounts as -£300."""
    if value is None:
        return ""
    amount = Decimal(value)
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    if amount == amount.to_integral_value():
        return f"{sign}£{amount:,.0f}"
    return f"{sign}£{amount:,.2f}"
