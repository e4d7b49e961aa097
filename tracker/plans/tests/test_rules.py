import datetime

import pytest
from django.utils import timezone

from tracker.plans.models import Action, Brag, DeliveryStatus
from tracker.plans.rules import (
    brag_for,
    is_overdue,
    may_verify_as_embedded,
    status_brag_problems,
)
from tracker.plans.tests.factories import ActionFactory, SectionFactory

TODAY = datetime.date(2026, 3, 10)
BLUE_FOR_COMPLETE = (
    "Blue means complete. Choose Green, Amber or Red, or set the status to completed"
)
REVIEW_DATE_NEEDED = (
    "Enter the next review date: business as usual actions stay under routine monitoring"
)
COMPLETE = [DeliveryStatus.COMPLETED, DeliveryStatus.BUSINESS_AS_USUAL, DeliveryStatus.VERIFIED]
NOT_COMPLETE = [DeliveryStatus.NOT_STARTED, DeliveryStatus.IN_PROGRESS]


# is_overdue --------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", NOT_COMPLETE)
def test_is_overdue_past_due_and_not_complete(status):
    assert is_overdue(status=status, due_on=datetime.date(2026, 3, 9), today=TODAY) is True


@pytest.mark.parametrize("status", COMPLETE)
def test_is_overdue_never_once_complete(status):
    assert is_overdue(status=status, due_on=datetime.date(2025, 1, 1), today=TODAY) is False


def test_is_overdue_not_on_the_due_date_itself():
    assert is_overdue(status=DeliveryStatus.IN_PROGRESS, due_on=TODAY, today=TODAY) is False


def test_is_overdue_not_before_the_due_date():
    due_on = datetime.date(2026, 3, 11)

    assert is_overdue(status=DeliveryStatus.IN_PROGRESS, due_on=due_on, today=TODAY) is False


def test_is_overdue_never_without_a_due_date():
    assert is_overdue(status=DeliveryStatus.NOT_STARTED, due_on=None, today=TODAY) is False


# ActionQuerySet.overdue and Action.is_overdue: the same rule on the database and on a row ---------


@pytest.fixture
def section(local_authority):
    return SectionFactory(plan__local_authority=local_authority)


def test_overdue_queryset_lists_past_due_actions_not_complete(section):
    yesterday = datetime.date(2026, 3, 9)
    late_not_started = ActionFactory(section=section, due_on=yesterday)
    late_in_progress = ActionFactory(
        section=section, due_on=datetime.date(2025, 1, 1), status=DeliveryStatus.IN_PROGRESS
    )
    for status in COMPLETE:
        ActionFactory(section=section, due_on=yesterday, status=status)
    ActionFactory(section=section, due_on=TODAY)
    ActionFactory(section=section, due_on=datetime.date(2026, 3, 11))
    ActionFactory(section=section, due_on=None)

    overdue = Action.objects.overdue(today=TODAY)

    assert set(overdue) == {late_not_started, late_in_progress}


def test_overdue_queryset_defaults_to_today(section):
    today = timezone.localdate()
    late = ActionFactory(section=section, due_on=today - datetime.timedelta(days=1))
    ActionFactory(section=section, due_on=today)

    assert list(Action.objects.overdue()) == [late]


def test_action_is_overdue_when_past_due_and_not_complete(section):
    action = ActionFactory(
        section=section,
        due_on=timezone.localdate() - datetime.timedelta(days=1),
        status=DeliveryStatus.IN_PROGRESS,
    )

    assert action.is_overdue is True


@pytest.mark.parametrize("status", COMPLETE)
def test_action_is_not_overdue_once_complete(section, status):
    action = ActionFactory(
        section=section, due_on=timezone.localdate() - datetime.timedelta(days=30), status=status
    )

    assert action.is_overdue is False


def test_action_is_not_overdue_without_a_due_date(section):
    assert ActionFactory(section=section, due_on=None).is_overdue is False


def test_action_is_not_overdue_on_its_due_date(section):
    assert ActionFactory(section=section, due_on=timezone.localdate()).is_overdue is False


# brag_for ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", COMPLETE)
@pytest.mark.parametrize("brag", ["", Brag.GREEN, Brag.AMBER, Brag.RED, Brag.BLUE])
def test_brag_for_complete_is_always_blue(status, brag):
    assert brag_for(status=status, brag=brag) == Brag.BLUE


@pytest.mark.parametrize("status", NOT_COMPLETE)
@pytest.mark.parametrize("brag", ["", Brag.GREEN, Brag.AMBER, Brag.RED])
def test_brag_for_not_complete_keeps_the_choice(status, brag):
    assert brag_for(status=status, brag=brag) == brag


# status_brag_problems ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "brag", "next_review_on"),
    [
        (DeliveryStatus.NOT_STARTED, "", None),
        (DeliveryStatus.IN_PROGRESS, Brag.GREEN, None),
        (DeliveryStatus.IN_PROGRESS, Brag.AMBER, None),
        (DeliveryStatus.IN_PROGRESS, Brag.RED, TODAY),
        (DeliveryStatus.COMPLETED, Brag.BLUE, None),
        (DeliveryStatus.COMPLETED, "", None),
        (DeliveryStatus.COMPLETED, Brag.GREEN, None),
        (DeliveryStatus.BUSINESS_AS_USUAL, Brag.BLUE, TODAY),
        (DeliveryStatus.VERIFIED, Brag.BLUE, None),
    ],
)
def test_status_brag_problems_none_for_a_sensible_combination(status, brag, next_review_on):
    assert status_brag_problems(status=status, brag=brag, next_review_on=next_review_on) == {}


@pytest.mark.parametrize("status", NOT_COMPLETE)
def test_status_brag_problems_blue_is_kept_for_complete_actions(status):
    problems = status_brag_problems(status=status, brag=Brag.BLUE, next_review_on=None)

    assert problems == {"brag": [BLUE_FOR_COMPLETE]}


def test_status_brag_problems_business_as_usual_needs_a_review_date():
    problems = status_brag_problems(
        status=DeliveryStatus.BUSINESS_AS_USUAL, brag=Brag.BLUE, next_review_on=None
    )

    assert problems == {"next_review_on": [REVIEW_DATE_NEEDED]}


def test_status_brag_problems_unknown_status():
    problems = status_brag_problems(status="done-ish", brag="", next_review_on=None)

    assert problems["status"] == ["Select the action's status"]


def test_status_brag_problems_unknown_brag():
    problems = status_brag_problems(
        status=DeliveryStatus.IN_PROGRESS, brag="purple", next_review_on=None
    )

    assert problems == {"brag": ["Select a BRAG rating"]}


def test_status_brag_problems_reports_every_problem_at_once():
    problems = status_brag_problems(
        status=DeliveryStatus.BUSINESS_AS_USUAL, brag="purple", next_review_on=None
    )

    assert problems == {
        "brag": ["Select a BRAG rating"],
        "next_review_on": [REVIEW_DATE_NEEDED],
    }


@pytest.mark.parametrize(
    ("is_owner", "is_improvement_lead", "is_thematic_lead", "expected"),
    [
        (False, True, False, True),
        (False, False, True, True),
        (False, True, True, True),
        (False, False, False, False),
        (True, True, False, False),
        (True, False, True, False),
        (True, True, True, False),
    ],
)
def test_may_verify_as_embedded_never_the_owner(
    is_owner, is_improvement_lead, is_thematic_lead, expected
):
    assert (
        may_verify_as_embedded(
            is_owner=is_owner,
            is_improvement_lead=is_improvement_lead,
            is_thematic_lead=is_thematic_lead,
        )
        is expected
    )
