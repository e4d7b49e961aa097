"""Template filters for the programme pages."""

from __future__ import annotations

from decimal import Decimal

from django import template

from tracker.core.formatting import format_money

register = template.Library()


@register.filter
def variance(value: Decimal | None) -> str:
    """A variance in words as well as sign: "£50,000 over", "£20,000 under" or "£0"."""
    if value is None:
        return ""
    if value > 0:
        return f"{format_money(value)} over"
    if value < 0:
        return f"{format_money(-value)} under"
    return format_money(value)
