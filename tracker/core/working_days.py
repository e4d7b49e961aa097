"""English working days: the calendar inspection deadlines are counted in.

A working day is a weekday that is not an English bank holiday. Bank holidays come from the
`holidays` package for England (`country_holidays("GB", subdiv="ENG")`: without the subdivision
Easter Monday and the late-summer bank holiday are missing). That list also holds weekend dates
and their weekday substitutes ("observed"), so weekends are skipped separately.

Administrators can record extra closure days and cancelled bank holidays (`ClosureDay`); the
functions here take them as a `Closures` value so they stay pure and testable, and
`closures_load()` reads the table once for a caller to pass on.

Counting follows inspection practice: the day after the start is day 1, so 70 working days after
a report published on 9 May 2023 is 16 August 2023.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field

ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Closures:
    """Changes to the published bank holidays: days off added, and bank holidays worked."""

    extra: frozenset[datetime.date] = field(default_factory=frozenset)
    cancelled: frozenset[datetime.date] = field(default_factory=frozenset)


NO_CLOSURES = Closures()


@functools.cache
def _bank_holidays(year: int) -> dict[datetime.date, str]:
    import holidays  # imported when a deadline is first worked out, not when the app starts

    calendar = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return {day: str(name) for day, name in calendar.items() if day.year == year}


def bank_holidays_in(year: int) -> dict[datetime.date, str]:
    """England's bank holidays in a year, by date, with their names (weekend dates included)."""
    return dict(_bank_holidays(year))


def bank_holiday_name(day: datetime.date) -> str | None:
    """The name of the English bank holiday on this day, or None."""
    return _bank_holidays(day.year).get(day)


def is_working_day(day: datetime.date, *, closures: Closures = NO_CLOSURES) -> bool:
    """Whether the day is an English working day: a weekday, not a bank holiday (unless that
    bank holiday was cancelled) and not an extra closure day."""
    if day in closures.extra:
        return False
    if day.weekday() >= 5:
        return False
    if day in closures.cancelled:
        return True
    return day not in _bank_holidays(day.year)


def add_working_days(
    start: datetime.date, n: int, *, closures: Closures = NO_CLOSURES
) -> datetime.date:
    """The nth working day after `start` (the first working day after it is day 1).

    `n` of 0 gives `start` itself; a negative `n` counts back (the nth working day before).
    """
    step = ONE_DAY if n >= 0 else -ONE_DAY
    day = start
    remaining = abs(n)
    while remaining:
        day += step
        if is_working_day(day, closures=closures):
            remaining -= 1
    return day


def _weekdays_after_up_to(a: datetime.date, b: datetime.date) -> int:
    """Weekdays d with a < d <= b, for a <= b, by whole weeks and a remainder."""
    days = (b - a).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    first = a.weekday()  # the remainder covers the weekdays after a's, wrapping round the week
    count += sum(1 for offset in range(1, rest + 1) if (first + offset) % 7 < 5)
    return count


def working_days_between(
    a: datetime.date, b: datetime.date, *, closures: Closures = NO_CLOSURES
) -> int:
    """How many working days from `a` to `b`: those after `a` up to and including `b`.

    So `working_days_between(a, add_working_days(a, n)) == n`. Negative when `b` is before `a`.
    """
    if b < a:
        return -working_days_between(b, a, closures=closures)
    count = _weekdays_after_up_to(a, b)
    for year in range(a.year, b.year + 1):
        count -= sum(
            1
            for day in _bank_holidays(year)
            if a < day <= b and day.weekday() < 5 and day not in closures.cancelled
        )
    # Extra closures on weekdays that were otherwise working days.
    count -= sum(
        1
        for day in closures.extra
        if a < day <= b
        and day.weekday() < 5
        and (day in closures.cancelled or day not in _bank_holidays(day.year))
    )
    return count


def closures_load(*, local_authority_id: int | None = None) -> Closures:
    """The closure days recorded for every authority, and those of `local_authority_id` when
    given, read once (pass the result on)."""
    from django.db.models import Q

    from tracker.core.models import ClosureDay  # the rules above must not need Django

    extra: set[datetime.date] = set()
    cancelled: set[datetime.date] = set()
    scope = Q(local_authority__isnull=True)
    if local_authority_id is not None:
        scope |= Q(local_authority_id=local_authority_id)
    for falls_on, kind in ClosureDay.objects.filter(scope).values_list("falls_on", "kind"):
        (extra if kind == ClosureDay.Kind.EXTRA_CLOSURE else cancelled).add(falls_on)
    return Closures(extra=frozenset(extra), cancelled=frozenset(cancelled))
