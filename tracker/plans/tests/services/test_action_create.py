import datetime

import pytest
from django.core.exceptions import ValidationError

from tracker.accounts.tests.factories import OrganisationFactory, PostFactory
from tracker.plans.models import Action, Brag, DeliveryStatus
from tracker.plans.services import action_create


def test_action_create_adds_an_action_and_keeps_its_original_due_date(
    improvement_lead, section, action_owner, head_of_safeguards, police, recommendation
):
    action = action_create(
        user=improvement_lead,
        section=section,
        reference=" 1.2 ",
        description="  Audit supervision ",
        owner_posts=[head_of_safeguards],
        owner_users=[action_owner],
        owner_organisations=[police],
        owner_note=" Supported by the Principal Social Worker ",
        linked_recommendations=[recommendation],
        starts_on=datetime.date(2026, 1, 5),
        due_on=datetime.date(2026, 6, 30),
    )

    action.refresh_from_db()
    assert action.plan == section.plan
    assert action.section == section
    assert action.reference == "1.2"
    assert action.description == "Audit supervision"
    assert action.owner_note == "Supported by the Principal Social Worker"
    assert action.due_on == datetime.date(2026, 6, 30)
    assert action.original_due_on == datetime.date(2026, 6, 30)
    assert action.is_rebaselined is False
    assert action.status == DeliveryStatus.NOT_STARTED
    assert action.brag == ""
    assert action.version == 1
    assert list(action.owner_posts.all()) == [head_of_safeguards]
    assert list(action.owner_users.all()) == [action_owner]
    assert list(action.owner_organisations.all()) == [police]
    assert list(action.linked_recommendations.all()) == [recommendation]
    assert action.history.first().history_user == improvement_lead


def test_action_create_puts_new_actions_last_in_their_section(improvement_lead, section, action):
    second = action_create(user=improvement_lead, section=section, reference="1.2", description="B")
    third = action_create(user=improvement_lead, section=section, reference="1.3", description="C")

    assert [action.position, second.position, third.position] == [1, 2, 3]


def test_action_create_completed_is_blue_whatever_was_chosen(improvement_lead, section):
    action = action_create(
        user=improvement_lead,
        section=section,
        reference="1.2",
        description="Done already",
        status=DeliveryStatus.COMPLETED,
        brag=Brag.GREEN,
    )

    assert action.brag == Brag.BLUE


def test_action_create_refuses_blue_for_an_action_in_progress(improvement_lead, section):
    with pytest.raises(ValidationError) as excinfo:
        action_create(
            user=improvement_lead,
            section=section,
            reference="1.2",
            description="Not done",
            status=DeliveryStatus.IN_PROGRESS,
            brag=Brag.BLUE,
        )

    assert excinfo.value.message_dict["brag"] == [
        "Blue means complete. Choose Green, Amber or Red, or set the status to completed"
    ]
    assert Action.objects.count() == 0


def test_action_create_business_as_usual_needs_a_review_date(improvement_lead, section):
    with pytest.raises(ValidationError) as excinfo:
        action_create(
            user=improvement_lead,
            section=section,
            reference="1.2",
            description="Embedded",
            status=DeliveryStatus.BUSINESS_AS_USUAL,
        )

    assert excinfo.value.message_dict["next_review_on"] == [
        "Enter the next review date: business as usual actions stay under routine monitoring"
    ]
    assert Action.objects.count() == 0


def test_action_create_refuses_a_reference_already_used_in_the_plan(
    improvement_lead, plan, section, action
):
    before = Action.objects.count()

    with pytest.raises(ValidationError) as excinfo:
        action_create(user=improvement_lead, section=section, reference=" 1.1", description="X")

    assert excinfo.value.message_dict["reference"] == ["This plan already has an action 1.1"]
    assert Action.objects.count() == before


def test_action_create_refuses_due_before_start(improvement_lead, section):
    with pytest.raises(ValidationError) as excinfo:
        action_create(
            user=improvement_lead,
            section=section,
            reference="1.2",
            description="X",
            starts_on=datetime.date(2026, 6, 1),
            due_on=datetime.date(2026, 5, 31),
        )

    assert excinfo.value.message_dict["due_on"] == [
        "The due date must be the same as or after the start date"
    ]
    assert Action.objects.count() == 0


def test_action_create_refuses_empty_reference_and_description(improvement_lead, section):
    with pytest.raises(ValidationError) as excinfo:
        action_create(user=improvement_lead, section=section, reference=" ", description="\n")

    assert excinfo.value.message_dict == {
        "reference": ["Enter the action's reference, for example 2.3"],
        "description": ["Enter what the action is"],
    }
    assert Action.objects.count() == 0


def test_action_create_refuses_owners_from_another_authority(
    improvement_lead, section, outsider, other_local_authority, other_recommendation
):
    with pytest.raises(ValidationError) as excinfo:
        action_create(
            user=improvement_lead,
            section=section,
            reference="1.2",
            description="X",
            owner_posts=[PostFactory(local_authority=other_local_authority)],
            owner_users=[outsider],
            owner_organisations=[OrganisationFactory(local_authority=other_local_authority)],
            linked_recommendations=[other_recommendation],
        )

    assert excinfo.value.message_dict == {
        "owner_posts": ["Choose posts from this local authority"],
        "owner_users": ["Choose people from this local authority"],
        "owner_organisations": ["Choose organisations from this local authority"],
        "linked_recommendations": ["Choose recommendations from this local authority"],
    }
    assert Action.objects.count() == 0
