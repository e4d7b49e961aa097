"""Rules of update cycles: when updates are due, when a cycle began, what counts as stale.

Pure functions: the working-day calendar's closures are passed in (see
`tracker.core.working_days.closures_load`).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from tracker.core.dates import add_months
from tracker.core.working_days import NO_CLOSURES, Closures, add_working_days

FORTNIGHTLY = "fortnightly"
MONTHLY = "monthly"
QUARTERLY = "quarterly"
MONTHS_IN = {MONTHLY: 1, QUARTERLY: 3}


def board_after(board_on: datetime.date, frequency: str, steps: int = 1) -> datetime.date:
    """The board `steps` meetings after this one (before it when `steps` is negative):
    fortnightly boards are 14 days apart, monthly and quarterly ones on the same day of the
    month."""
    if frequency == FORTNIGHTLY:
        return board_on + datetime.timedelta(days=14 * steps)
    return add_months(board_on, MONTHS_IN[frequency] * steps)


def cycle_deadline(
    next_board_on: datetime.date,
    closes_working_days_before: int,
    closures: Closures = NO_CLOSURES,
) -> datetime.date:
    """ "Updates are due N working days before the improvement board": the Nth English working
    day before the board's date."""
    return add_working_days(next_board_on, -closes_working_days_before, closures=closures)


def cycle_start(
    next_board_on: datetime.date,
    frequency: str,
    closes_working_days_before: int,
    closures: Closures = NO_CLOSURES,
) -> datetime.date:
    """The cycle began when the previous one closed: the deadline before the previous board."""
    previous_board_on = board_after(next_board_on, frequency, -1)
    return cycle_deadline(previous_board_on, closes_working_days_before, closures)


def current_board_on(
    next_board_on: datetime.date,
    frequency: str,
    closes_working_days_before: int,
    today: datetime.date,
    closures: Closures = NO_CLOSURES,
) -> datetime.date:
    """The board whose update deadline is today or still to come.

    Once a cycle's deadline has passed the reminders move on to the next board, by the
    cycle's frequency, even if nobody has yet entered the next board's date.
    """
    board_on = next_board_on
    while cycle_deadline(board_on, closes_working_days_before, closures) < today:
        board_on = board_after(board_on, frequency)
    return board_on


def board_on_for_cycle(
    meeting_dates: Sequence[datetime.date],
    typed_on: datetime.date | None,
    frequency: str,
    closes_working_days_before: int,
    today: datetime.date,
    closures: Closures = NO_CLOSURES,
) -> datetime.date | None:
    """The board the current cycle works towards, taken from the board's recorded meetings
    when there are any: the first meeting from today on whose update deadline is today or
    still to come; when every recorded meeting's deadline has passed, the board after the last
    of them, by the cycle's frequency. With no meeting recorded, the date typed by hand, moved
    on as `current_board_on` does. None when there is neither."""
    for held_on in sorted(meeting_dates):
        if cycle_deadline(held_on, closes_working_days_before, closures) >= today:
            return held_on
    start = max(meeting_dates) if meeting_dates else typed_on
    if start is None:
        return None
    return current_board_on(start, frequency, closes_working_days_before, today, closures)


def is_stale(latest_update_recorded_on: datetime.date | None, cycle_start: datetime.date) -> bool:
    """ "Not updated this cycle, even when not overdue": the action's latest progress entry is
    from before the cycle began, or it has none."""
    return latest_update_recorded_on is None or latest_update_recorded_on <= cycle_start


def is_due_soon(due_on: datetime.date | None, today: datetime.date, due_soon_days: int) -> bool:
    """Due today or within the next `due_soon_days` days."""
    return due_on is not None and today <= due_on <= today + datetime.timedelta(days=due_soon_days)


def reminder_window_is_open(
    today: datetime.date, deadline: datetime.date, due_soon_days: int
) -> bool:
    """Reminders go out from `due_soon_days` days before the deadline up to the deadline."""
    return deadline - datetime.timedelta(days=due_soon_days) <= today <= deadline
