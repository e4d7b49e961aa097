"""Recording an action as "Verified as embedded": only through a verification decision
(`through_verification=True`, which the assurance service passes), and even then an
independent check, never by its owner. Recording progress cannot set it."""

import pytest
from django.core.exceptions import ValidationError

from tracker.accounts.models import User
from tracker.accounts.tests.factories import PostFactory, UserFactory
from tracker.plans.models import Brag, DeliveryStatus, ProgressUpdate
from tracker.plans.services import action_record_progress, section_update, theme_create

OWNER_REFUSED = (
    "You own this action, so you cannot verify it as embedded: an improvement lead or the "
    "theme's thematic lead does that"
)
THROUGH_ASSURANCE = (
    'Use "Verify as embedded" on the action\'s page to record it as verified as embedded: '
    "that needs a lead's decision and the evidence or audit findings it rests on"
)
OTHERS_REFUSED = (
    "Only an improvement lead or the theme's thematic lead can verify an action as embedded"
)


@pytest.fixture
def head_of_workforce(local_authority):
    return PostFactory(local_authority=local_authority, title="Head of Workforce")


@pytest.fixture
def themed_action(improvement_lead, section, action, head_of_workforce):
    """The action, in a section whose Workforce theme is led by the Head of Workforce."""
    theme = theme_create(
        user=improvement_lead, plan=section.plan, name="Workforce", lead_post=head_of_workforce
    )
    section_update(
        user=improvement_lead,
        section=section,
        expected_version=section.version,
        number=section.number,
        title=section.title,
        aim="",
        theme=theme,
        recommendations=list(section.recommendations.all()),
        expected_outcomes=[],
    )
    action.refresh_from_db()
    return action


@pytest.fixture
def thematic_lead(local_authority, head_of_workforce):
    user = UserFactory(local_authority=local_authority, role=User.Role.ACTION_OWNER)
    user.posts.add(head_of_workforce)
    return user


def verify(user, action, *, through_verification=True):
    entry = action_record_progress(
        user=user,
        action=action,
        expected_version=action.version,
        narrative="Audits show the new practice is embedded in every team",
        status=DeliveryStatus.VERIFIED,
        through_verification=through_verification,
    )
    action.refresh_from_db()
    return entry


def assert_refused(user, action, message, *, through_verification=True):
    version = action.version
    with pytest.raises(ValidationError) as excinfo:
        verify(user, action, through_verification=through_verification)
    assert excinfo.value.message_dict["status"] == [message]
    action.refresh_from_db()
    assert ProgressUpdate.objects.count() == 0
    assert action.version == version
    assert action.status == DeliveryStatus.NOT_STARTED


def test_action_record_progress_refuses_an_owner_verifying_their_own_action(
    action_owner, themed_action
):
    assert_refused(action_owner, themed_action, OWNER_REFUSED)


def test_action_record_progress_refuses_an_improvement_lead_verifying_an_action_they_own(
    improvement_lead, head_of_safeguards, themed_action
):
    improvement_lead.posts.add(head_of_safeguards)

    assert_refused(improvement_lead, themed_action, OWNER_REFUSED)


def test_action_record_progress_refuses_a_thematic_lead_who_owns_the_action(
    thematic_lead, themed_action
):
    themed_action.owner_users.add(thematic_lead)

    assert_refused(thematic_lead, themed_action, OWNER_REFUSED)


def test_action_record_progress_refuses_an_action_owner_who_does_not_lead_the_theme(
    local_authority, themed_action
):
    someone = UserFactory(local_authority=local_authority, role=User.Role.ACTION_OWNER)

    assert_refused(someone, themed_action, OTHERS_REFUSED)


def test_action_record_progress_refuses_the_lead_of_another_theme(
    improvement_lead, local_authority, themed_action
):
    other_post = PostFactory(local_authority=local_authority, title="Head of Early Help")
    theme_create(
        user=improvement_lead, plan=themed_action.plan, name="Early help", lead_post=other_post
    )
    other_lead = UserFactory(local_authority=local_authority, role=User.Role.ACTION_OWNER)
    other_lead.posts.add(other_post)

    assert_refused(other_lead, themed_action, OTHERS_REFUSED)


@pytest.mark.parametrize("role", [User.Role.IMPROVEMENT_LEAD, User.Role.ADMINISTRATOR])
def test_action_record_progress_lets_an_improvement_lead_verify(
    local_authority, themed_action, role
):
    lead = UserFactory(local_authority=local_authority, role=role)

    entry = verify(lead, themed_action)

    assert entry.status == DeliveryStatus.VERIFIED
    assert entry.brag == Brag.BLUE
    assert themed_action.status == DeliveryStatus.VERIFIED
    assert themed_action.history.first().history_user == lead


def test_action_record_progress_lets_the_thematic_lead_verify(thematic_lead, themed_action):
    verify(thematic_lead, themed_action)

    assert themed_action.status == DeliveryStatus.VERIFIED
    assert themed_action.latest_update.author == thematic_lead


def test_action_record_progress_lets_the_named_thematic_lead_verify(
    local_authority, improvement_lead, themed_action
):
    person = UserFactory(local_authority=local_authority, role=User.Role.ACTION_OWNER)
    theme = themed_action.section.theme
    theme.lead = person
    theme.save()

    verify(person, themed_action)

    assert themed_action.status == DeliveryStatus.VERIFIED


def test_action_record_progress_owner_still_records_other_statuses(action_owner, themed_action):
    action_record_progress(
        user=action_owner,
        action=themed_action,
        expected_version=themed_action.version,
        narrative="Complete: ready for the thematic lead to verify",
        status=DeliveryStatus.COMPLETED,
    )

    themed_action.refresh_from_db()
    assert themed_action.status == DeliveryStatus.COMPLETED


@pytest.mark.parametrize("role", [User.Role.IMPROVEMENT_LEAD, User.Role.ADMINISTRATOR])
def test_action_record_progress_refuses_verified_from_recording_progress(
    local_authority, themed_action, role
):
    lead = UserFactory(local_authority=local_authority, role=role)

    assert_refused(lead, themed_action, THROUGH_ASSURANCE, through_verification=False)


def test_action_record_progress_refuses_verified_from_the_thematic_lead_recording_progress(
    thematic_lead, themed_action
):
    assert_refused(thematic_lead, themed_action, THROUGH_ASSURANCE, through_verification=False)


def test_action_record_progress_lets_the_system_load_a_verified_status(themed_action):
    """Loading data (the demo, a seed plan) records what its source says; the coverage page
    flags a verification with nothing behind it."""
    verify(None, themed_action, through_verification=False)

    assert themed_action.status == DeliveryStatus.VERIFIED
