"""Read one cell of a performance pack: a number ("23.5%", "1,234", blank, "n/a") or a period
("2026-10-31", "31/10/2026", "Oct 2026", "2026-10").

Pure functions of the cell's text; they never raise on what a cell holds, they say what is
wrong with it in an officer's words.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from tracker.performance.rules import month_end
from tracker.plans.imports.common import one_line, shorten

# What a pack writes in a cell that has no value for the period: skipped, never a problem.
NOT_AVAILABLE = frozenset(
    {
        "n/a",
        "na",
        "n.a.",
        "n.a",
        "#n/a",
        "-",
        "–",
        "—",
        "..",
        "tbc",
        "not available",
        "not applicable",
        "no data",
    }
)
# The database keeps values to two decimal places, twelve digits in all.
PLACES = Decimal("0.01")
LARGEST = Decimal("9999999999.99")
FIRST_YEAR = 1990
LAST_YEAR = 2100

_NUMBER = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$")
_SPREADSHEET_ERROR = re.compile(r"^#[a-z/0!?]+[!?]?$")


@dataclass(frozen=True)
class NumberReading:
    """What a value cell holds: a number (rounded to two places), nothing, or a problem."""

    value: Decimal | None = None
    is_blank: bool = False
    is_percent: bool = False
    problem: str = ""


def is_not_available(text: str) -> bool:
    """Whether a cell says there is no value: blank, "n/a", "-", "tbc" and the like."""
    cleaned = one_line(text).casefold()
    return not cleaned or cleaned in NOT_AVAILABLE


def read_number(text: str) -> NumberReading:
    """A value cell's number: "23.5%" is 23.5 (a percentage), "1,234" is 1234, blank or "n/a"
    is no value. Rounded half up to two decimal places, as the database keeps it."""
    if is_not_available(text):
        return NumberReading(is_blank=True)
    cleaned = one_line(text).replace("−", "-")
    is_percent = cleaned.endswith("%")
    if is_percent:
        cleaned = cleaned[:-1].rstrip()
    quoted = f"‘{shorten(text, 40)}’"
    if _SPREADSHEET_ERROR.match(cleaned.casefold()):
        return NumberReading(problem=f"{quoted} is a spreadsheet error, not a number")
    if not _NUMBER.match(cleaned) or not any(character.isdigit() for character in cleaned):
        return NumberReading(problem=f"{quoted} is not a number")
    try:
        number = Decimal(cleaned.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return NumberReading(problem=f"{quoted} is not a number")
    if abs(number) >= LARGEST + PLACES:  # before rounding, which a huge number overflows
        return NumberReading(problem=f"{quoted} is too large a number to record")
    number = number.quantize(PLACES, rounding=ROUND_HALF_UP)
    if abs(number) > LARGEST:
        return NumberReading(problem=f"{quoted} is too large a number to record")
    if number == 0:
        number = abs(number)  # "-0" is 0
    return NumberReading(value=number, is_percent=is_percent)


@dataclass(frozen=True)
class PeriodReading:
    """A period cell: the day written (or the month's last day when only a month is written),
    or a problem."""

    on: datetime.date | None = None
    is_month: bool = False
    problem: str = ""


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_NUMERIC_DAY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})$")
_NUMERIC_MONTH = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")
_WORDY = re.compile(r"^(?:(\d{1,2})(?:st|nd|rd|th)?[\s\-]+)?([a-z]+)\.?[\s\-/,']+(\d{4}|\d{2})$")


def _year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)


def _period(year: int, month: int, day: int | None) -> PeriodReading:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return PeriodReading(problem=f"the year {year} is not between {FIRST_YEAR} and {LAST_YEAR}")
    if not 1 <= month <= 12:
        return PeriodReading(problem="the month must be 1 to 12")
    if day is None:
        return PeriodReading(on=month_end(datetime.date(year, month, 1)), is_month=True)
    try:
        return PeriodReading(on=datetime.date(year, month, day))
    except ValueError:
        return PeriodReading(problem="the day is not in the month")


def read_period(text: str) -> PeriodReading:
    """The period a cell names: a day ("2026-10-31", "31/10/2026", "31 October 2026") or a
    month ("Oct 2026", "October 2026", "Oct-26", "2026-10", "10/2026"), which stands for its
    last day. Numeric dates are read day first, as in the UK."""
    cleaned = one_line(text).casefold()
    quoted = f"‘{shorten(text, 40)}’"
    if not cleaned:
        return PeriodReading(problem="the period end is missing")
    reading: PeriodReading | None = None
    if match := _ISO_DAY.match(cleaned):
        reading = _period(int(match[1]), int(match[2]), int(match[3]))
    elif match := _ISO_MONTH.match(cleaned):
        reading = _period(int(match[1]), int(match[2]), None)
    elif match := _NUMERIC_DAY.match(cleaned):
        reading = _period(_year(match[3]), int(match[2]), int(match[1]))
    elif match := _NUMERIC_MONTH.match(cleaned):
        reading = _period(int(match[2]), int(match[1]), None)
    elif (match := _WORDY.match(cleaned)) and match[2] in _MONTHS:
        day = int(match[1]) if match[1] else None
        reading = _period(_year(match[3]), _MONTHS[match[2]], day)
    if reading is None:
        return PeriodReading(problem=f"{quoted} is not a date or a month")
    if reading.problem:
        return PeriodReading(problem=f"{quoted} is not a date: {reading.problem}")
    return reading


def month_heading(text: str) -> datetime.date | None:
    """The month a column heading of the monthly pack names ("Oct 2026", "2026-10", or an
    Excel date, usually the month's first day), as that month's last day; None for any other
    heading."""
    reading = read_period(text)
    return month_end(reading.on) if reading.on is not None else None
