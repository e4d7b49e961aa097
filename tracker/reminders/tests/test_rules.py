import datetime

from tracker.core.working_days import Closures
from tracker.reminders import rules


def test_cycle_deadline_counts_back_working_days_over_easter():
    # Board on Wednesday 31 March 2027: Easter Monday (29) and Good Friday (26) are skipped.
    assert rules.cycle_deadline(datetime.date(2027, 3, 31), 5) == datetime.date(2027, 3, 22)


def test_cycle_deadline_follows_extra_closure_days():
    closures = Closures(extra=frozenset({datetime.date(2027, 3, 19)}))
    assert rules.cycle_deadline(datetime.date(2027, 3, 23), 5, closures) == datetime.date(
        2027, 3, 15
    )


def test_cycle_deadline_of_zero_days_is_the_board_itself():
    assert rules.cycle_deadline(datetime.date(2027, 3, 23), 0) == datetime.date(2027, 3, 23)


def test_cycle_start_is_the_previous_boards_deadline():
    assert rules.cycle_start(datetime.date(2027, 3, 23), "monthly", 5) == datetime.date(2027, 2, 16)
    assert rules.cycle_start(datetime.date(2027, 3, 23), "fortnightly", 0) == datetime.date(
        2027, 3, 9
    )
    # Quarterly from 31 May: the previous board is 28 February (kept within the month).
    assert rules.cycle_start(datetime.date(2027, 5, 31), "quarterly", 0) == datetime.date(
        2027, 2, 28
    )


def test_board_after_keeps_the_day_within_short_months():
    assert rules.board_after(datetime.date(2027, 1, 31), "monthly") == datetime.date(2027, 2, 28)
    assert rules.board_after(datetime.date(2027, 11, 15), "quarterly") == datetime.date(2028, 2, 15)


def test_current_board_moves_on_once_the_deadline_has_passed():
    board = datetime.date(2027, 3, 23)
    assert rules.current_board_on(board, "monthly", 5, datetime.date(2027, 3, 16)) == board
    assert rules.current_board_on(board, "monthly", 5, datetime.date(2027, 3, 17)) == datetime.date(
        2027, 4, 23
    )


def test_is_stale_when_not_updated_this_cycle_even_if_not_overdue():
    start = datetime.date(2027, 2, 16)
    assert rules.is_stale(None, start) is True
    assert rules.is_stale(datetime.date(2027, 2, 16), start) is True
    assert rules.is_stale(datetime.date(2027, 2, 17), start) is False


def test_is_due_soon_within_the_days_given():
    today = datetime.date(2027, 3, 8)
    assert rules.is_due_soon(datetime.date(2027, 3, 22), today, 14) is True
    assert rules.is_due_soon(datetime.date(2027, 3, 23), today, 14) is False
    assert rules.is_due_soon(datetime.date(2027, 3, 7), today, 14) is False
    assert rules.is_due_soon(None, today, 14) is False


def test_reminder_window_opens_due_soon_days_before_the_deadline():
    deadline = datetime.date(2027, 3, 16)
    assert rules.reminder_window_is_open(datetime.date(2027, 3, 1), deadline, 14) is False
    assert rules.reminder_window_is_open(datetime.date(2027, 3, 2), deadline, 14) is True
    assert rules.reminder_window_is_open(deadline, deadline, 14) is True
    assert rules.reminder_window_is_open(datetime.date(2027, 3, 17), deadline, 14) is False
