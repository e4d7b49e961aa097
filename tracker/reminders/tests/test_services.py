import datetime
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives

from tracker.core.errors import ConcurrentEditError
from tracker.reminders import services
from tracker.reminders.models import ReminderSent, UpdateCycle
from tracker.reminders.tests.conftest import BOARD_ON, DEADLINE, TODAY

pytestmark = pytest.mark.django_db

RECIPIENTS = {
    "owner@solihull.example",
    "named@solihull.example",
    "percy@police.example",
    "lead@solihull.example",
    "thea@solihull.example",
}


def _cycle_kwargs(**changes):
    kwargs = {
        "frequency": "monthly",
        "closes_working_days_before": 5,
        "next_board_on": BOARD_ON,
        "due_soon_days": 14,
        "is_active": True,
    }
    return kwargs | changes


def _sent_to():
    return sorted(address for message in mail.outbox for address in message.to)


# Update cycles ----------------------------------------------------------------------------------


def test_update_cycle_set_creates_then_updates_with_history(plan, improvement_lead):
    cycle = services.update_cycle_set(
        user=improvement_lead, plan=plan, expected_version=None, **_cycle_kwargs()
    )
    assert cycle.version == 1
    cycle = services.update_cycle_set(
        user=improvement_lead,
        plan=plan,
        expected_version=1,
        **_cycle_kwargs(frequency="quarterly", is_active=False),
    )
    cycle.refresh_from_db()
    assert (cycle.frequency, cycle.is_active, cycle.version) == ("quarterly", False, 2)
    assert cycle.history.count() == 2
    assert cycle.history.first().history_user == improvement_lead


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"frequency": "weekly"}, "frequency", "Select how often the improvement board meets"),
        (
            {"closes_working_days_before": 41},
            "closes_working_days_before",
            "must be between 0 and 40",
        ),
        (
            {"closes_working_days_before": None},
            "closes_working_days_before",
            "Enter how many working days before the board updates are due",
        ),
        ({"next_board_on": None}, "next_board_on", "Enter the date of the next improvement board"),
        ({"due_soon_days": 0}, "due_soon_days", "must be between 1 and 90"),
    ],
)
def test_update_cycle_set_rejects_invalid_input(plan, changes, field, message):
    with pytest.raises(ValidationError) as error:
        services.update_cycle_set(
            user=None, plan=plan, expected_version=None, **_cycle_kwargs(**changes)
        )
    assert message in error.value.message_dict[field][0]
    assert not UpdateCycle.objects.exists()


def test_update_cycle_set_refuses_a_stale_edit(cycle):
    with pytest.raises(ConcurrentEditError, match="update cycle was changed by someone else"):
        services.update_cycle_set(
            user=None, plan=cycle.plan, expected_version=0, **_cycle_kwargs(due_soon_days=7)
        )
    with pytest.raises(ConcurrentEditError):  # a second "create" of the same plan's cycle
        services.update_cycle_set(
            user=None, plan=cycle.plan, expected_version=None, **_cycle_kwargs(due_soon_days=7)
        )
    cycle.refresh_from_db()
    assert cycle.due_soon_days == 14


# Sending ----------------------------------------------------------------------------------------


def test_digest_lists_the_owners_actions_with_links(cycle, actions, settings):
    settings.SITE_URL = "https://tracker.solihull.example/"
    result = services.reminders_send_for_cycle(cycle=cycle, today=TODAY)
    assert result == services.SendResult(sent=5, skipped=0)
    assert set(_sent_to()) == RECIPIENTS
    digest = next(m for m in mail.outbox if m.to == ["owner@solihull.example"])
    assert digest.subject == "Improvement plan: 1 action needs an update by 16 March 2027"
    assert "Dear Olive Owner" in digest.body
    assert "Overdue (1)" in digest.body
    assert "1.1 Recruit permanent team managers" in digest.body
    assert "Due: 1 March 2027" in digest.body
    url = f"https://tracker.solihull.example{actions['overdue'].get_absolute_url()}"
    assert url in digest.body
    assert "1.4" not in digest.body  # updated this cycle
    html, mimetype = digest.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{url}"' in html


def test_escalation_links_to_the_site_it_is_sent_from(cycle, actions, settings):
    settings.SITE_URL = "http://127.0.0.1:8101"
    services.reminders_send_for_cycle(cycle=cycle, today=TODAY)
    escalation = next(m for m in mail.outbox if m.to == ["lead@solihull.example"])
    url = f"http://127.0.0.1:8101{actions['overdue'].get_absolute_url()}"
    assert url in escalation.body
    assert f'href="{url}"' in escalation.alternatives[0][0]
    assert ":8000" not in escalation.body


def test_escalation_lists_overdue_and_stale_actions_with_owners(cycle, actions):
    services.reminders_send_for_cycle(cycle=cycle, today=TODAY)
    escalation = next(m for m in mail.outbox if m.to == ["lead@solihull.example"])
    assert escalation.subject == (
        "Improvement plan: 3 actions are overdue or not updated, updates due by 16 March 2027"
    )
    assert "Owners: Head of Service Safeguards." in escalation.body
    assert "Owners: West Midlands Police." in escalation.body
    assert "Not updated this cycle (2)" in escalation.body


def test_html_emails_are_titled_with_their_subject(cycle, actions):
    services.reminders_send_for_cycle(cycle=cycle, today=TODAY)
    for message in mail.outbox:
        html, _mimetype = message.alternatives[0]
        assert f"<title>{message.subject}</title>" in html


def test_running_twice_sends_nothing_the_second_time(cycle, actions):
    services.reminders_send_for_cycle(cycle=cycle, today=TODAY)
    assert len(mail.outbox) == 5
    again = services.reminders_send_for_cycle(cycle=cycle, today=TODAY)
    assert again == services.SendResult(sent=0, skipped=5)
    assert len(mail.outbox) == 5
    assert ReminderSent.objects.filter(cycle_deadline=DEADLINE, sent_at__isnull=False).count() == 5


def test_a_crash_midway_is_finished_by_a_rerun_without_duplicates(cycle, actions):
    real_send = EmailMultiAlternatives.send
    calls = []

    def crash_on_second(message, *args, **kwargs):
        calls.append(message.to)
        if len(calls) == 2:
            raise RuntimeError("worker killed")
        return real_send(message, *args, **kwargs)

    with (
        mock.patch.object(EmailMultiAlternatives, "send", crash_on_second),
        pytest.raises(RuntimeError),
    ):
        services.reminders_send_for_cycle(cycle=cycle, today=TODAY)
    assert _sent_to() == calls[0]
    assert ReminderSent.objects.filter(sent_at__isnull=False).count() == 1
    assert ReminderSent.objects.filter(sent_at__isnull=True).count() == 0  # rolled back

    rerun = services.reminders_send_for_cycle(cycle=cycle, today=TODAY)
    assert rerun == services.SendResult(sent=4, skipped=1)
    assert len(mail.outbox) == 5
    assert set(_sent_to()) == RECIPIENTS
    assert ReminderSent.objects.filter(sent_at__isnull=False).count() == 5


def test_a_refused_delivery_does_not_stop_the_others_and_is_retried(cycle, actions):
    real_send = EmailMultiAlternatives.send

    def refuse_police(message, *args, **kwargs):
        if message.to == ["percy@police.example"]:
            raise smtplib.SMTPRecipientsRefused({"percy@police.example": (550, b"No")})
        return real_send(message, *args, **kwargs)

    with mock.patch.object(EmailMultiAlternatives, "send", refuse_police):
        first = services.reminders_send_for_cycle(cycle=cycle, today=TODAY)
    assert first == services.SendResult(sent=4, skipped=0, failed=1)
    second = services.reminders_send_for_cycle(cycle=cycle, today=TODAY)
    assert second == services.SendResult(sent=1, skipped=4)
    assert sorted(_sent_to()) == sorted(RECIPIENTS)


def test_the_next_deadline_is_a_new_round_of_reminders(cycle, actions):
    services.reminders_send_for_cycle(cycle=cycle, today=TODAY)
    # After 16 March the cycle moves on to the 23 April board (updates due 16 April).
    result = services.reminders_send_for_cycle(cycle=cycle, today=datetime.date(2027, 4, 5))
    assert result.sent > 0
    assert set(ReminderSent.objects.values_list("cycle_deadline", flat=True).distinct()) == {
        DEADLINE,
        datetime.date(2027, 4, 16),
    }


def test_reminders_send_due_skips_inactive_cycles_and_closed_windows(cycle, actions):
    assert services.reminders_send_due(today=datetime.date(2027, 2, 20)).sent == 0
    services.update_cycle_set(
        user=None, plan=cycle.plan, expected_version=1, **_cycle_kwargs(is_active=False)
    )
    assert services.reminders_send_due(today=TODAY).sent == 0
    assert mail.outbox == []
