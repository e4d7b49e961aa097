import datetime

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django_tasks import TaskResultStatus

from tracker.reminders.tasks import send_due_reminders
from tracker.reminders.tests.conftest import TODAY

pytestmark = pytest.mark.django_db


def test_task_runs_through_the_immediate_backend_and_is_safe_twice(cycle, actions):
    result = send_due_reminders.enqueue(TODAY.isoformat())
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == {"sent": 5, "skipped": 0, "failed": 0}
    again = send_due_reminders.enqueue(TODAY.isoformat())
    assert again.return_value == {"sent": 0, "skipped": 5, "failed": 0}
    assert len(mail.outbox) == 5


def test_command_queues_the_job_for_a_date(cycle, actions, capsys):
    call_command("send_reminders", "--date", TODAY.isoformat())
    assert "Reminders sent: 5, already sent: 0, failed: 0." in capsys.readouterr().out
    call_command("send_reminders", "--date", TODAY.isoformat(), "--now")
    assert "Reminders sent: 0, already sent: 5" in capsys.readouterr().out
    assert len(mail.outbox) == 5


def test_command_outside_the_window_sends_nothing(cycle, actions, capsys):
    call_command("send_reminders", "--date", datetime.date(2027, 2, 1).isoformat())
    assert "Reminders sent: 0" in capsys.readouterr().out
    assert mail.outbox == []


def test_command_rejects_a_bad_date(db):
    with pytest.raises(CommandError, match="--date must be a date such as 2027-03-14"):
        call_command("send_reminders", "--date", "14/03/2027")
