"""English working days, pinned to real bank holidays and checked against a day-by-day count."""

from __future__ import annotations

import datetime

import holidays
import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.core.models import ClosureDay
from tracker.core.working_days import (
    Closures,
    add_working_days,
    bank_holiday_name,
    closures_load,
    is_working_day,
    working_days_between,
)

D = datetime.date


def test_add_working_days_stockton_action_plan_due():
    """Stockton's report was published on 9 May 2023 and its plan was due on 16 August 2023:
    70 English working days, skipping the 29 May bank holiday."""
    assert add_working_days(D(2023, 5, 9), 70) == D(2023, 8, 16)
    assert is_working_day(D(2023, 5, 29)) is False


def test_add_working_days_counts_the_next_working_day_as_day_one():
    assert add_working_days(D(2023, 5, 9), 1) == D(2023, 5, 10)
    assert add_working_days(D(2023, 5, 12), 1) == D(2023, 5, 15)  # Friday to Monday
    assert add_working_days(D(2023, 5, 9), 0) == D(2023, 5, 9)


def test_add_working_days_counts_back_with_a_negative_number():
    assert add_working_days(D(2023, 8, 16), -70) == D(2023, 5, 9)


def test_is_working_day_2020_early_may_holiday_moved_to_ve_day():
    assert is_working_day(D(2020, 5, 4)) is True  # the usual first Monday in May
    assert is_working_day(D(2020, 5, 8)) is False  # Friday, 75th anniversary of VE Day


def test_is_working_day_2022_jubilee_and_state_funeral():
    assert is_working_day(D(2022, 5, 30)) is True  # late-May holiday moved to 2 June
    assert is_working_day(D(2022, 6, 2)) is False
    assert is_working_day(D(2022, 6, 3)) is False  # Platinum Jubilee
    assert is_working_day(D(2022, 9, 19)) is False  # State Funeral of Queen Elizabeth II
    assert add_working_days(D(2022, 6, 1), 1) == D(2022, 6, 6)


def test_is_working_day_2023_coronation():
    assert is_working_day(D(2023, 5, 8)) is False
    assert bank_holiday_name(D(2023, 5, 8)) == "Coronation of Charles III"


@pytest.mark.parametrize(
    "day",
    [
        D(2020, 12, 28),  # Boxing Day on a Saturday
        D(2021, 12, 27),  # Christmas Day on a Saturday
        D(2021, 12, 28),  # Boxing Day on a Sunday
        D(2022, 1, 3),  # New Year's Day on a Saturday
        D(2022, 12, 26),
        D(2022, 12, 27),  # Christmas Day on a Sunday
        D(2023, 1, 2),  # New Year's Day on a Sunday
    ],
)
def test_is_working_day_christmas_and_new_year_substitutes(day):
    assert is_working_day(day) is False


def test_is_working_day_counts_easter_monday_and_late_summer_for_england():
    """Without the English subdivision these two bank holidays are missing."""
    assert is_working_day(D(2023, 4, 10)) is False
    assert is_working_day(D(2023, 8, 28)) is False


def test_is_working_day_skips_weekends_but_not_ordinary_weekdays():
    assert is_working_day(D(2023, 5, 13)) is False
    assert is_working_day(D(2023, 5, 14)) is False
    assert is_working_day(D(2023, 5, 15)) is True


def test_christmas_to_new_year_2021_has_three_working_days():
    # 29, 30 and 31 December 2021; 27 and 28 are substitutes, 3 January 2022 too.
    assert working_days_between(D(2021, 12, 24), D(2022, 1, 3)) == 3


def test_working_days_between_is_negative_backwards():
    assert working_days_between(D(2023, 8, 16), D(2023, 5, 9)) == -70


def test_closures_extra_and_cancelled_days_change_the_count():
    extra = Closures(extra=frozenset({D(2023, 5, 10)}))
    assert is_working_day(D(2023, 5, 10), closures=extra) is False
    assert add_working_days(D(2023, 5, 9), 70, closures=extra) == D(2023, 8, 17)
    cancelled = Closures(cancelled=frozenset({D(2023, 5, 29)}))
    assert is_working_day(D(2023, 5, 29), closures=cancelled) is True
    assert add_working_days(D(2023, 5, 9), 70, closures=cancelled) == D(2023, 8, 15)


@pytest.mark.django_db
def test_closures_load_reads_the_table():
    ClosureDay.objects.create(
        falls_on=D(2030, 6, 3), kind=ClosureDay.Kind.EXTRA_CLOSURE, reason="One-off holiday"
    )
    ClosureDay.objects.create(
        falls_on=D(2030, 5, 6),
        kind=ClosureDay.Kind.CANCELLED_BANK_HOLIDAY,
        reason="Moved to 3 June",
    )
    closures = closures_load()
    assert closures == Closures(
        extra=frozenset({D(2030, 6, 3)}), cancelled=frozenset({D(2030, 5, 6)})
    )
    assert is_working_day(D(2030, 6, 3), closures=closures) is False
    assert is_working_day(D(2030, 5, 6), closures=closures) is True


def test_closures_load_adds_one_authoritys_own_days_to_those_for_every_authority(
    local_authority, other_local_authority
):
    ClosureDay.objects.create(falls_on=D(2030, 6, 3), kind="extra_closure", reason="National")
    ClosureDay.objects.create(
        local_authority=local_authority, falls_on=D(2030, 6, 4), kind="extra_closure", reason="Ours"
    )
    ClosureDay.objects.create(
        local_authority=other_local_authority,
        falls_on=D(2030, 6, 5),
        kind="extra_closure",
        reason="Theirs",
    )

    assert closures_load(local_authority_id=local_authority.pk).extra == {
        D(2030, 6, 3),
        D(2030, 6, 4),
    }
    assert closures_load().extra == {D(2030, 6, 3)}


@pytest.mark.django_db
def test_closure_day_keeps_history():
    day = ClosureDay.objects.create(
        falls_on=D(2030, 6, 3), kind=ClosureDay.Kind.EXTRA_CLOSURE, reason="One-off holiday"
    )
    day.reason = "National day of mourning"
    day.save()
    assert [h.reason for h in day.history.all()] == ["National day of mourning", "One-off holiday"]


@pytest.mark.parametrize(
    ("falls_on", "kind", "message"),
    [
        (D(2030, 6, 1), "extra_closure", "Choose a weekday"),
        (D(2030, 6, 4), "cancelled_bank_holiday", "is not an English bank holiday"),
        (D(2023, 5, 8), "extra_closure", "already an English bank holiday"),
    ],
)
def test_closure_day_clean_refuses_days_that_change_nothing(falls_on, kind, message):
    with pytest.raises(ValidationError, match=message):
        ClosureDay(falls_on=falls_on, kind=kind, reason="x").clean()


# --- Properties: the quick count agrees with walking the calendar a day at a time ------------

days = st.dates(min_value=D(1995, 1, 1), max_value=D(2040, 12, 31))
closure_sets = st.frozensets(st.dates(min_value=D(2019, 1, 1), max_value=D(2025, 12, 31)))


ENGLAND = holidays.country_holidays("GB", subdiv="ENG")  # expands to each year as asked


def _brute_force_is_working_day(day: datetime.date, closures: Closures) -> bool:
    if day in closures.extra or day.weekday() >= 5:
        return False
    return day in closures.cancelled or day not in ENGLAND


def _brute_force_between(a: datetime.date, b: datetime.date, closures: Closures) -> int:
    sign, (a, b) = (1, (a, b)) if a <= b else (-1, (b, a))
    count, day = 0, a
    while day < b:
        day += datetime.timedelta(days=1)
        count += _brute_force_is_working_day(day, closures)
    return sign * count


@settings(max_examples=300, deadline=None)
@given(a=days, span=st.integers(min_value=-800, max_value=800))
def test_working_days_between_agrees_with_a_day_by_day_count(a, span):
    b = a + datetime.timedelta(days=span)
    assert working_days_between(a, b) == _brute_force_between(a, b, Closures())


@settings(max_examples=200, deadline=None)
@given(
    a=st.dates(min_value=D(2019, 1, 1), max_value=D(2025, 12, 31)),
    span=st.integers(min_value=0, max_value=500),
    extra=closure_sets,
    cancelled=closure_sets,
)
def test_working_days_between_agrees_with_brute_force_with_closures(a, span, extra, cancelled):
    closures = Closures(extra=extra, cancelled=cancelled)
    b = a + datetime.timedelta(days=span)
    assert working_days_between(a, b, closures=closures) == _brute_force_between(a, b, closures)


@settings(max_examples=300, deadline=None)
@given(start=days, n=st.integers(min_value=0, max_value=400))
def test_add_working_days_lands_on_the_nth_working_day(start, n):
    end = add_working_days(start, n)
    assert _brute_force_between(start, end, Closures()) == n
    assert working_days_between(start, end) == n
    if n > 0:
        assert is_working_day(end) is True  # never one day too late
