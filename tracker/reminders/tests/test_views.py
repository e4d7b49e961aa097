from unittest import mock

import pytest
from django.urls import reverse

from tracker.core.tests.numbers import NOT_WHOLE_NUMBERS
from tracker.reminders.models import UpdateCycle
from tracker.reminders.tests.conftest import TODAY

pytestmark = pytest.mark.django_db

URL = "reminders:update_cycle"


def _post(**changes):
    data = {
        "frequency": "monthly",
        "next_board_on-day": "23",
        "next_board_on-month": "3",
        "next_board_on-year": "2027",
        "closes_working_days_before": "5",
        "due_soon_days": "14",
        "is_active": "yes",
    }
    return data | changes


def test_lead_sets_up_the_update_cycle(client, improvement_lead, plan):
    client.force_login(improvement_lead)
    url = reverse(URL, args=[plan.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _post())
    assert response.status_code == 302
    cycle = UpdateCycle.objects.get(plan=plan)
    assert cycle.next_board_on.isoformat() == "2027-03-23"
    assert cycle.history.first().history_user == improvement_lead


def test_page_shows_the_deadline_and_who_would_be_reminded(
    client, improvement_lead, cycle, actions
):
    client.force_login(improvement_lead)
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        body = client.get(reverse(URL, args=[cycle.plan_id])).content.decode()
    assert "16 March 2027" in body  # updates due by
    assert "23 March 2027" in body
    assert "Who would be reminded today" in body
    assert "Olive Owner" in body
    assert "Lead&#x27;s escalation list" in body


def test_viewer_may_not_see_or_change_the_cycle(client, viewer, plan):
    client.force_login(viewer)
    url = reverse(URL, args=[plan.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _post()).status_code == 403
    assert not UpdateCycle.objects.exists()


def test_another_authoritys_plan_is_not_found(client, outsider, plan):
    client.force_login(outsider)
    assert client.get(reverse(URL, args=[plan.pk])).status_code == 404
    assert client.post(reverse(URL, args=[plan.pk]), _post()).status_code == 404


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"frequency": ""}, "Select how often the improvement board meets"),
        (
            {"next_board_on-day": "", "next_board_on-month": "", "next_board_on-year": ""},
            "Enter the date of the next improvement board",
        ),
        ({"next_board_on-day": "31", "next_board_on-month": "2"}, "must be a real date"),
        ({"closes_working_days_before": "five"}, "must be a whole number between 0 and 40"),
        ({"due_soon_days": "200"}, "must be a whole number between 1 and 90"),
    ],
)
def test_invalid_input_shows_errors_and_saves_nothing(
    client, improvement_lead, plan, changes, message
):
    client.force_login(improvement_lead)
    response = client.post(reverse(URL, args=[plan.pk]), _post(**changes))
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert message in body
    assert "govuk-error-message" in body
    assert not UpdateCycle.objects.exists()


@pytest.mark.parametrize("typed", [*NOT_WHOLE_NUMBERS, "-1", "91"])
def test_due_soon_days_refuses_numbers_out_of_range(client, improvement_lead, plan, typed):
    client.force_login(improvement_lead)
    response = client.post(reverse(URL, args=[plan.pk]), _post(due_soon_days=typed))
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert (
        "The days before the deadline that reminders start must be a whole number between 1 and 90"
        in body
    )
    assert not UpdateCycle.objects.exists()


@pytest.mark.parametrize("typed", [*NOT_WHOLE_NUMBERS, "-1", "41"])
def test_working_days_before_refuses_numbers_out_of_range(client, improvement_lead, plan, typed):
    client.force_login(improvement_lead)
    response = client.post(reverse(URL, args=[plan.pk]), _post(closes_working_days_before=typed))
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert (
        "The working days before the board that updates are due must be a whole number "
        "between 0 and 40" in body
    )
    assert not UpdateCycle.objects.exists()


def test_stale_version_is_refused(client, improvement_lead, cycle):
    client.force_login(improvement_lead)
    response = client.post(
        reverse(URL, args=[cycle.plan_id]), _post(version="0", due_soon_days="7")
    )
    assert response.status_code == 200
    assert "This update cycle was changed by someone else" in response.content.decode()
    cycle.refresh_from_db()
    assert cycle.due_soon_days == 14
