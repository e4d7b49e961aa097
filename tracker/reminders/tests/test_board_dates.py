"""The update cycle takes the next board's date from the meetings recorded for the plan's
improvement board, and asks for it by hand only when none is recorded."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.urls import reverse

from tracker.governance import services as governance
from tracker.governance.models import Meeting
from tracker.reminders import rules, selectors, services
from tracker.reminders.models import UpdateCycle
from tracker.reminders.tests.conftest import BOARD_ON, TODAY

pytestmark = pytest.mark.django_db

APRIL_20 = datetime.date(2027, 4, 20)  # a Tuesday: updates due by 13 April
URL = "reminders:update_cycle"


def _board(local_authority, name="Improvement Board", kind="improvement_board"):
    return governance.board_create(user=None, local_authority=local_authority, name=name, kind=kind)


def _meeting(board, held_on, status=Meeting.Status.SCHEDULED):
    return governance.meeting_create(user=None, board=board, held_on=held_on, status=status)


def _form(**changes):
    data = {
        "frequency": "monthly",
        "closes_working_days_before": "5",
        "due_soon_days": "14",
        "is_active": "yes",
    }
    return data | changes


# The rule ---------------------------------------------------------------------------------------


def test_board_on_for_cycle_takes_the_first_meeting_whose_deadline_is_to_come():
    meetings = [APRIL_20, BOARD_ON]
    assert rules.board_on_for_cycle(meetings, None, "monthly", 5, TODAY) == BOARD_ON
    # 16 March was the deadline for 23 March: the next recorded meeting is used.
    assert rules.board_on_for_cycle(meetings, None, "monthly", 5, datetime.date(2027, 3, 17)) == (
        APRIL_20
    )
    # A meeting recorded wins over a date typed by hand.
    assert rules.board_on_for_cycle([APRIL_20], BOARD_ON, "monthly", 5, TODAY) == APRIL_20


def test_board_on_for_cycle_moves_on_from_the_last_meeting_or_the_typed_date():
    after = datetime.date(2027, 3, 17)
    assert rules.board_on_for_cycle([BOARD_ON], None, "monthly", 5, after) == datetime.date(
        2027, 4, 23
    )
    assert rules.board_on_for_cycle([], BOARD_ON, "monthly", 5, TODAY) == BOARD_ON
    assert rules.board_on_for_cycle([], BOARD_ON, "monthly", 5, after) == datetime.date(2027, 4, 23)
    assert rules.board_on_for_cycle([], None, "monthly", 5, TODAY) is None


# Selectors --------------------------------------------------------------------------------------


def test_reminders_take_the_next_board_from_its_meetings(cycle, local_authority):
    board = _board(local_authority)
    _meeting(board, datetime.date(2027, 3, 30), Meeting.Status.CANCELLED)
    _meeting(board, APRIL_20)
    _meeting(board, datetime.date(2027, 3, 1), Meeting.Status.HELD)  # past

    reminders = selectors.cycle_get_reminders(cycle=cycle, today=TODAY)

    assert reminders.board_on == APRIL_20  # not 23 March, typed on the cycle
    assert reminders.deadline == datetime.date(2027, 4, 13)
    assert reminders.board == board
    assert reminders.is_board_from_meetings is True


def test_reminders_use_the_board_with_the_plan_on_its_agenda(cycle, plan, local_authority):
    first = _board(local_authority, name="A first board")
    _meeting(first, datetime.date(2027, 3, 30))
    overseeing = _board(local_authority, name="The plan's board")
    meeting = _meeting(overseeing, APRIL_20)
    governance.agenda_item_create(user=None, meeting=meeting, title="Plan update", plan=plan)
    _board(local_authority, name="Scrutiny", kind="scrutiny")

    reminders = selectors.cycle_get_reminders(cycle=cycle, today=TODAY)

    assert (reminders.board, reminders.board_on) == (overseeing, APRIL_20)


def test_reminders_ignore_another_authoritys_board_and_fall_back_to_the_typed_date(
    cycle, other_local_authority
):
    _meeting(_board(other_local_authority), APRIL_20)

    reminders = selectors.cycle_get_reminders(cycle=cycle, today=TODAY)

    assert reminders.board_on == BOARD_ON
    assert reminders.board is None
    assert reminders.is_board_from_meetings is False


def test_cycles_with_open_window_follow_the_boards_meetings(cycle, local_authority):
    assert selectors.cycles_with_open_window(today=TODAY) == [cycle]
    _meeting(_board(local_authority), datetime.date(2027, 5, 25))  # due by 18 May

    assert selectors.cycles_with_open_window(today=TODAY) == []
    assert selectors.cycles_with_open_window(today=datetime.date(2027, 5, 10)) == [cycle]


# The service ------------------------------------------------------------------------------------


def test_update_cycle_set_needs_no_date_when_the_board_has_a_meeting(
    plan, improvement_lead, local_authority
):
    _meeting(_board(local_authority), datetime.date(2099, 4, 20))

    cycle = services.update_cycle_set(
        user=improvement_lead,
        plan=plan,
        expected_version=None,
        frequency="monthly",
        closes_working_days_before=5,
        next_board_on=datetime.date(2099, 3, 1),  # dropped: the board's meeting gives it
        due_soon_days=14,
    )

    assert cycle.next_board_on is None
    assert cycle.history.count() == 1


# The page ---------------------------------------------------------------------------------------


def test_page_takes_the_date_from_the_board_and_does_not_ask_for_it(
    client, improvement_lead, plan, local_authority
):
    board = _board(local_authority)
    _meeting(board, datetime.date(2099, 4, 21))
    client.force_login(improvement_lead)
    url = reverse(URL, args=[plan.pk])

    body = client.get(url).content.decode()
    assert "next_board_on-day" not in body
    assert "comes from the meetings recorded for" in body
    assert f'href="{board.get_absolute_url()}">Improvement Board</a>' in body
    assert "21 April 2099" in body

    response = client.post(url, _form())
    assert response.status_code == 302
    cycle = UpdateCycle.objects.get(plan=plan)
    assert cycle.next_board_on is None
    with mock.patch("django.utils.timezone.localdate", return_value=datetime.date(2099, 4, 1)):
        body = client.get(url).content.decode()
    assert "21 April 2099 (Improvement Board)" in body  # next improvement board
    assert "14 April 2099" in body  # updates due by


def test_page_asks_for_the_date_when_no_board_is_recorded(client, improvement_lead, plan):
    client.force_login(improvement_lead)
    url = reverse(URL, args=[plan.pk])

    body = client.get(url).content.decode()
    assert "No improvement board is recorded for this local authority" in body
    assert 'name="next_board_on-day"' in body

    response = client.post(url, _form())
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter the date of the next improvement board" in body
    assert "govuk-error-summary" in body
    assert not UpdateCycle.objects.exists()


def test_page_asks_for_the_date_when_the_board_has_no_meeting_to_come(
    client, improvement_lead, plan, local_authority
):
    board = _board(local_authority)
    _meeting(board, datetime.date(2020, 1, 14), Meeting.Status.HELD)
    client.force_login(improvement_lead)
    url = reverse(URL, args=[plan.pk])

    body = client.get(url).content.decode()
    assert "is recorded from today on, so enter the date of the next improvement board" in body
    assert 'name="next_board_on-day"' in body
    response = client.post(
        url,
        _form(
            **{"next_board_on-day": "20", "next_board_on-month": "4", "next_board_on-year": "2099"}
        ),
    )
    assert response.status_code == 302
    assert UpdateCycle.objects.get(plan=plan).next_board_on == datetime.date(2099, 4, 20)
