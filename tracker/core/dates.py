"""Calendar-month arithmetic shared by deadlines, update cycles and the calendar.

A date `n` calendar months later keeps its day of the month. When the target month is shorter,
the date is clamped to that month's last day rather than spilling into the next month, which
is how inspection frameworks and boards count ("six months after 31 August" is 29 February in
a leap year, 28 February otherwise):

- 31 January + 1 month is 28 February (29 February in a leap year);
- 29 February + 12 months is 28 February of the next year;
- 31 March - 1 month is 28 or 29 February.

Clamping loses the original day, so adding months one at a time can drift: 31 January + 1
month + 1 month is 28 March, while 31 January + 2 months is 31 March. Always add the total
from the starting date.
"""

from __future__ import annotations

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months later (earlier when negative), or the target
    month's last day when that month is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month_index = divmod(index, 12)
    month = month_index + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_start(day: datetime.date, months: int = 0) -> datetime.date:
    """The first day of the month `months` calendar months after `day`'s month (before it
    when negative); `month_start(day)` is the first day of `day`'s own month."""
    return add_months(day.replace(day=1), months)
