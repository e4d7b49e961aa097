import pytest
from django.core.exceptions import ValidationError

from tracker.accounts.models import User
from tracker.accounts.tests.factories import PostFactory, UserFactory
from tracker.plans.models import Theme
from tracker.plans.services import theme_create
from tracker.plans.tests.factories import PlanFactory


def test_theme_create_adds_a_theme_with_its_thematic_lead(
    improvement_lead, action_owner, head_of_safeguards, plan
):
    theme = theme_create(
        user=improvement_lead,
        plan=plan,
        name="  Workforce ",
        description=" Recruit and keep social workers ",
        lead=action_owner,
        lead_post=head_of_safeguards,
    )

    theme.refresh_from_db()
    assert theme.plan == plan
    assert theme.name == "Workforce"
    assert theme.description == "Recruit and keep social workers"
    assert theme.lead == action_owner
    assert theme.lead_post == head_of_safeguards
    assert theme.position == 1
    assert theme.history.first().history_user == improvement_lead


def test_theme_create_puts_new_themes_last(improvement_lead, plan):
    theme_create(user=improvement_lead, plan=plan, name="Workforce")
    second = theme_create(user=improvement_lead, plan=plan, name="Practice")
    chosen = theme_create(user=improvement_lead, plan=plan, name="Leadership", position=9)

    assert second.position == 2
    assert chosen.position == 9


def test_theme_create_rejects_a_lead_from_another_authority(improvement_lead, plan, outsider):
    with pytest.raises(ValidationError) as excinfo:
        theme_create(user=improvement_lead, plan=plan, name="Workforce", lead=outsider)

    assert excinfo.value.message_dict["lead"] == [
        "Choose a thematic lead from this local authority"
    ]
    assert Theme.objects.count() == 0


def test_theme_create_rejects_a_lead_without_an_authority(improvement_lead, plan):
    lead = UserFactory(local_authority=None, role=User.Role.ADMINISTRATOR)

    with pytest.raises(ValidationError) as excinfo:
        theme_create(user=improvement_lead, plan=plan, name="Workforce", lead=lead)

    assert excinfo.value.message_dict["lead"] == [
        "Choose a thematic lead from this local authority"
    ]
    assert Theme.objects.count() == 0


def test_theme_create_rejects_a_lead_post_from_another_authority(
    improvement_lead, plan, other_local_authority
):
    post = PostFactory(local_authority=other_local_authority)

    with pytest.raises(ValidationError) as excinfo:
        theme_create(user=improvement_lead, plan=plan, name="Workforce", lead_post=post)

    assert excinfo.value.message_dict["lead_post"] == ["Choose a post from this local authority"]
    assert Theme.objects.count() == 0


def test_theme_create_rejects_a_name_already_used_whatever_the_case(improvement_lead, plan):
    theme_create(user=improvement_lead, plan=plan, name="Workforce")

    with pytest.raises(ValidationError) as excinfo:
        theme_create(user=improvement_lead, plan=plan, name=" WORKFORCE ")

    assert excinfo.value.message_dict["name"] == ["This plan already has a theme with that name"]
    assert Theme.objects.count() == 1


def test_theme_create_same_name_in_another_plan_is_allowed(improvement_lead, local_authority, plan):
    theme_create(user=improvement_lead, plan=plan, name="Workforce")
    other = PlanFactory(local_authority=local_authority)

    theme = theme_create(user=improvement_lead, plan=other, name="Workforce")

    assert theme.plan == other


def test_theme_create_rejects_an_empty_name(improvement_lead, plan):
    with pytest.raises(ValidationError) as excinfo:
        theme_create(user=improvement_lead, plan=plan, name="  ")

    assert excinfo.value.message_dict["name"] == ["Enter the theme's name"]
    assert Theme.objects.count() == 0
