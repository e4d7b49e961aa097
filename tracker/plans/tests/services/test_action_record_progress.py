import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tracker.core.errors import ConcurrentEditError
from tracker.plans.access import action_lock_for_user
from tracker.plans.models import Brag, DeliveryStatus, ProgressUpdate
from tracker.plans.services import action_create, action_record_progress

TODAY = datetime.date(2026, 3, 10)
STALE = (
    "This action was changed by someone else while you were editing it. "
    "Check the changes and try again."
)


def record(user, action, **overrides):
    kwargs = {
        "user": user,
        "action": action,
        "expected_version": action.version,
        "narrative": "Audits started in two teams",
        "status": DeliveryStatus.IN_PROGRESS,
        "brag": Brag.GREEN,
        "today": TODAY,
    }
    kwargs.update(overrides)
    entry = action_record_progress(**kwargs)
    action.refresh_from_db()
    return entry


def assert_nothing_written(action, *, entries_before, version_before):
    action.refresh_from_db()
    assert ProgressUpdate.objects.count() == entries_before
    assert action.version == version_before
    assert action.status == DeliveryStatus.NOT_STARTED
    assert action.latest_update is None


def test_action_record_progress_appends_an_entry_and_sets_the_action(action_owner, action):
    entry = record(
        action_owner,
        action,
        narrative="  Audits started in two teams ",
        brag=Brag.AMBER,
        recorded_on=datetime.date(2026, 3, 1),
        next_review_on=datetime.date(2026, 4, 1),
    )

    assert entry.action == action
    assert entry.narrative == "Audits started in two teams"
    assert entry.status == DeliveryStatus.IN_PROGRESS
    assert entry.brag == Brag.AMBER
    assert entry.recorded_on == datetime.date(2026, 3, 1)
    assert entry.author == action_owner
    assert entry.author_name == str(action_owner)
    assert entry.corrects is None
    assert action.status == DeliveryStatus.IN_PROGRESS
    assert action.brag == Brag.AMBER
    assert action.next_review_on == datetime.date(2026, 4, 1)
    assert action.latest_update == entry
    assert action.version == 2


def test_action_record_progress_records_history_with_the_user(action_owner, action):
    entry = record(action_owner, action)

    assert entry.history.first().history_user == action_owner
    assert action.history.first().history_user == action_owner
    assert action.history.first().status == DeliveryStatus.IN_PROGRESS


def test_action_record_progress_dates_the_entry_today_by_default(action_owner, action):
    entry = record(action_owner, action, today=None)

    assert entry.recorded_on == timezone.localdate()


def test_action_record_progress_keeps_a_given_author_name(improvement_lead, action):
    entry = record(improvement_lead, action, author_name="Head of Service (imported)")

    assert entry.author_name == "Head of Service (imported)"


def test_action_record_progress_keeps_earlier_entries(action_owner, action):
    first = record(action_owner, action, recorded_on=datetime.date(2026, 2, 1))
    second = record(action_owner, action, recorded_on=datetime.date(2026, 3, 1), brag=Brag.RED)

    assert list(action.progress_updates.all()) == [second, first]
    assert action.latest_update == second
    assert action.brag == Brag.RED
    assert action.version == 3


def test_action_record_progress_completed_is_blue_automatically(action_owner, action):
    entry = record(action_owner, action, status=DeliveryStatus.COMPLETED, brag=Brag.GREEN)

    assert entry.brag == Brag.BLUE
    assert action.status == DeliveryStatus.COMPLETED
    assert action.brag == Brag.BLUE
    assert action.is_complete is True


def test_action_record_progress_refuses_blue_for_in_progress(action_owner, action):
    with pytest.raises(ValidationError) as excinfo:
        record(action_owner, action, brag=Brag.BLUE)

    assert excinfo.value.message_dict["brag"] == [
        "Blue means complete. Choose Green, Amber or Red, or set the status to completed"
    ]
    assert_nothing_written(action, entries_before=0, version_before=1)


def test_action_record_progress_business_as_usual_needs_a_review_date(action_owner, action):
    with pytest.raises(ValidationError) as excinfo:
        record(action_owner, action, status=DeliveryStatus.BUSINESS_AS_USUAL, brag="")

    assert excinfo.value.message_dict["next_review_on"] == [
        "Enter the next review date: business as usual actions stay under routine monitoring"
    ]
    assert_nothing_written(action, entries_before=0, version_before=1)


def test_action_record_progress_business_as_usual_with_a_review_date(action_owner, action):
    record(
        action_owner,
        action,
        status=DeliveryStatus.BUSINESS_AS_USUAL,
        brag="",
        next_review_on=datetime.date(2026, 9, 1),
    )

    assert action.status == DeliveryStatus.BUSINESS_AS_USUAL
    assert action.brag == Brag.BLUE
    assert action.next_review_on == datetime.date(2026, 9, 1)


def test_action_record_progress_refuses_a_future_date(action_owner, action):
    with pytest.raises(ValidationError) as excinfo:
        record(action_owner, action, recorded_on=datetime.date(2026, 3, 11))

    assert excinfo.value.message_dict["recorded_on"] == [
        "The date of the progress must be today or in the past"
    ]
    assert_nothing_written(action, entries_before=0, version_before=1)


def test_action_record_progress_refuses_tomorrow_by_the_real_clock(action_owner, action):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    with pytest.raises(ValidationError) as excinfo:
        record(action_owner, action, recorded_on=tomorrow, today=None)

    assert "recorded_on" in excinfo.value.message_dict
    assert_nothing_written(action, entries_before=0, version_before=1)


def test_action_record_progress_accepts_today(action_owner, action):
    entry = record(action_owner, action, recorded_on=TODAY)

    assert entry.recorded_on == TODAY


@pytest.mark.parametrize("narrative", ["", "   ", "\n\t"])
def test_action_record_progress_refuses_an_empty_narrative(action_owner, action, narrative):
    with pytest.raises(ValidationError) as excinfo:
        record(action_owner, action, narrative=narrative)

    assert excinfo.value.message_dict["narrative"] == ["Enter the progress made"]
    assert_nothing_written(action, entries_before=0, version_before=1)


def test_action_record_progress_refuses_a_stale_version_and_writes_nothing(
    action_owner, improvement_lead, action
):
    record(improvement_lead, action)
    before = ProgressUpdate.objects.count()

    with pytest.raises(ConcurrentEditError, match=re.escape(STALE)):
        record(action_owner, action, expected_version=1, status=DeliveryStatus.COMPLETED)

    action.refresh_from_db()
    assert ProgressUpdate.objects.count() == before
    assert action.version == 2
    assert action.status == DeliveryStatus.IN_PROGRESS


def test_action_record_progress_back_dated_entry_does_not_change_the_current_status(
    action_owner, action
):
    current = record(
        action_owner,
        action,
        recorded_on=datetime.date(2026, 3, 1),
        status=DeliveryStatus.COMPLETED,
        next_review_on=datetime.date(2026, 6, 1),
    )

    late = record(
        action_owner,
        action,
        recorded_on=datetime.date(2026, 2, 1),
        status=DeliveryStatus.IN_PROGRESS,
        brag=Brag.RED,
        narrative="February's update, written late",
    )

    assert late.pk is not None
    assert list(action.progress_updates.all()) == [current, late]
    assert action.latest_update == current
    assert action.status == DeliveryStatus.COMPLETED
    assert action.brag == Brag.BLUE
    assert action.next_review_on == datetime.date(2026, 6, 1)


def test_action_record_progress_same_day_entry_becomes_the_current_one(action_owner, action):
    record(action_owner, action, recorded_on=TODAY, brag=Brag.GREEN)

    second = record(action_owner, action, recorded_on=TODAY, brag=Brag.AMBER)

    assert action.latest_update == second
    assert action.brag == Brag.AMBER


def test_action_record_progress_correction_names_the_entry_it_corrects(action_owner, action):
    wrong = record(action_owner, action, narrative="Audited 20 files")

    fix = record(action_owner, action, narrative="Audited 12 files", corrects=wrong)

    assert fix.corrects == wrong
    assert list(wrong.corrections.all()) == [fix]
    wrong.refresh_from_db()
    assert wrong.narrative == "Audited 20 files"
    assert action.latest_update == fix


def test_action_record_progress_correction_of_the_current_entry_becomes_current(
    action_owner, action
):
    wrong = record(action_owner, action, recorded_on=datetime.date(2026, 3, 1), status="completed")

    fix = record(
        action_owner,
        action,
        recorded_on=datetime.date(2026, 3, 1),
        status=DeliveryStatus.IN_PROGRESS,
        brag=Brag.AMBER,
        narrative="Not complete after all: two teams still to audit",
        corrects=wrong,
    )

    assert action.latest_update == fix
    assert action.status == DeliveryStatus.IN_PROGRESS
    assert action.brag == Brag.AMBER


def test_action_record_progress_refuses_correcting_another_actions_entry(
    action_owner, improvement_lead, section, action
):
    other = action_create(user=improvement_lead, section=section, reference="1.9", description="X")
    foreign = record(improvement_lead, other)

    with pytest.raises(ValidationError) as excinfo:
        record(action_owner, action, corrects=foreign)

    assert excinfo.value.message_dict["corrects"] == [
        "You can only correct an entry of this action"
    ]
    assert_nothing_written(action, entries_before=1, version_before=1)


# The progress page's path: the action read once, under the lock, by the page itself ----------


def _locked(user, action):
    return action_lock_for_user(user=user, plan_id=action.plan_id, action_id=action.pk)


def test_action_record_progress_on_a_locked_action_does_not_read_it_again(action_owner, action):
    history_before = action.history.count()
    with transaction.atomic():
        locked = _locked(action_owner, action)
        with CaptureQueriesContext(transaction.get_connection()) as queries:
            entry = action_record_progress(
                user=action_owner,
                action=locked,
                expected_version=1,
                narrative="Audits started in two teams",
                status=DeliveryStatus.IN_PROGRESS,
                brag=Brag.GREEN,
                today=TODAY,
                action_locked=True,
            )

    # The history's copy of the row saved (`INSERT ... SELECT`) reads no row into Python.
    reads_of_the_action = [
        q["sql"]
        for q in queries
        if 'FROM "plans_action" ' in q["sql"] and not q["sql"].startswith("INSERT INTO")
    ]
    assert reads_of_the_action == []
    assert not any("SAVEPOINT" in q["sql"] for q in queries)
    action.refresh_from_db()
    assert action.latest_update == entry
    assert action.status == DeliveryStatus.IN_PROGRESS
    assert action.version == 2
    assert action.history.count() == history_before + 1


def test_action_record_progress_on_a_locked_action_refuses_a_stale_version(
    action_owner, improvement_lead, action
):
    record(improvement_lead, action)
    before = ProgressUpdate.objects.count()

    with transaction.atomic():
        locked = _locked(action_owner, action)
        with pytest.raises(ConcurrentEditError, match=re.escape(STALE)):
            action_record_progress(
                user=action_owner,
                action=locked,
                expected_version=1,
                narrative="Done",
                status=DeliveryStatus.COMPLETED,
                action_locked=True,
                today=TODAY,
            )
        # The caller's transaction is rolled back when its block ends, not committed.
        assert transaction.get_connection().needs_rollback

    action.refresh_from_db()
    assert ProgressUpdate.objects.count() == before
    assert action.version == 2
    assert action.status == DeliveryStatus.IN_PROGRESS


def test_action_record_progress_on_a_locked_action_rolls_back_the_callers_writes_on_refusal(
    action_owner, action
):
    with transaction.atomic():
        locked = _locked(action_owner, action)
        record(action_owner, locked, action_locked=True)
        with pytest.raises(ValidationError):
            record(action_owner, locked, narrative="  ", action_locked=True)

    assert_nothing_written(action, entries_before=0, version_before=1)


# Outside a test's transaction: the service must find no block of the caller's around it.
@pytest.mark.django_db(transaction=True)
def test_action_record_progress_action_locked_needs_the_callers_transaction(action_owner, action):
    with pytest.raises(transaction.TransactionManagementError):
        record(action_owner, action, action_locked=True)

    assert_nothing_written(action, entries_before=0, version_before=1)
