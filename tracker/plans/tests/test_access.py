import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404

from tracker.accounts.models import User
from tracker.accounts.tests.factories import OrganisationFactory, PostFactory, UserFactory
from tracker.plans.access import (
    action_get_for_user,
    action_lock_for_user,
    plan_get_for_user,
    progress_update_get_for_user,
    require_progress_recorder,
    section_get_for_user,
    theme_get_for_user,
    user_can_record_progress,
    user_can_verify_as_embedded,
    user_leads_theme,
    user_owns_action,
)
from tracker.plans.models import Action, Plan, ProgressUpdate, Section, Theme
from tracker.plans.tests.factories import (
    ActionFactory,
    PlanFactory,
    SectionFactory,
    ThemeFactory,
)

NO_RECORDING = re.escape(
    "Only the action's owners, its thematic lead and the improvement team can record its progress."
)


@pytest.fixture
def plan(local_authority):
    return PlanFactory(local_authority=local_authority)


@pytest.fixture
def theme(plan):
    return ThemeFactory(plan=plan)


@pytest.fixture
def section(plan):
    return SectionFactory(plan=plan)


@pytest.fixture
def action(section):
    return ActionFactory(section=section)


@pytest.fixture
def second_plan(local_authority):
    """Another plan of the same local authority."""
    return PlanFactory(local_authority=local_authority)


@pytest.fixture
def other_plan(other_local_authority):
    return PlanFactory(local_authority=other_local_authority)


@pytest.fixture
def no_authority_user(db):
    return UserFactory(local_authority=None, role=User.Role.ADMINISTRATOR)


def missing_id(model):
    return (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000


def progress_entry(action, **kwargs):
    return ProgressUpdate.objects.create(
        action=action,
        recorded_on=kwargs.pop("recorded_on", "2026-01-01"),
        narrative="Done some",
        status="in_progress",
        **kwargs,
    )


# plan_get_for_user -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(User.Role))
def test_plan_get_for_user_returns_its_own_authoritys_plan(local_authority, plan, role):
    user = UserFactory(local_authority=local_authority, role=role)

    assert plan_get_for_user(user=user, plan_id=plan.pk) == plan


def test_plan_get_for_user_another_authoritys_plan_is_404(outsider, plan):
    with pytest.raises(Http404, match="No such plan"):
        plan_get_for_user(user=outsider, plan_id=plan.pk)


def test_plan_get_for_user_missing_id_is_404(improvement_lead, plan):
    with pytest.raises(Http404, match="No such plan"):
        plan_get_for_user(user=improvement_lead, plan_id=missing_id(Plan))


def test_plan_get_for_user_without_authority_is_404(no_authority_user, plan):
    with pytest.raises(Http404, match="You do not belong to a local authority"):
        plan_get_for_user(user=no_authority_user, plan_id=plan.pk)


def test_plan_get_for_anonymous_user_is_404(plan):
    with pytest.raises(Http404):
        plan_get_for_user(user=AnonymousUser(), plan_id=plan.pk)


# theme_get_for_user ------------------------------------------------------------------------------


def test_theme_get_for_user_returns_it(viewer, plan, theme):
    assert theme_get_for_user(user=viewer, plan_id=plan.pk, theme_id=theme.pk) == theme


def test_theme_get_for_user_another_authority_is_404(outsider, plan, theme):
    with pytest.raises(Http404, match="No such plan"):
        theme_get_for_user(user=outsider, plan_id=plan.pk, theme_id=theme.pk)


def test_theme_get_for_user_paired_with_own_plan_of_another_authority_is_404(
    outsider, other_plan, theme
):
    with pytest.raises(Http404, match="No such theme"):
        theme_get_for_user(user=outsider, plan_id=other_plan.pk, theme_id=theme.pk)


def test_theme_get_for_user_of_a_different_plan_of_the_same_authority_is_404(
    improvement_lead, second_plan, theme
):
    with pytest.raises(Http404, match="No such theme"):
        theme_get_for_user(user=improvement_lead, plan_id=second_plan.pk, theme_id=theme.pk)


def test_theme_get_for_user_missing_id_is_404(improvement_lead, plan, theme):
    with pytest.raises(Http404, match="No such theme"):
        theme_get_for_user(user=improvement_lead, plan_id=plan.pk, theme_id=missing_id(Theme))


def test_theme_get_for_user_without_authority_is_404(no_authority_user, plan, theme):
    with pytest.raises(Http404):
        theme_get_for_user(user=no_authority_user, plan_id=plan.pk, theme_id=theme.pk)


# section_get_for_user ----------------------------------------------------------------------------


def test_section_get_for_user_returns_it(viewer, plan, section):
    assert section_get_for_user(user=viewer, plan_id=plan.pk, section_id=section.pk) == section


def test_section_get_for_user_another_authority_is_404(outsider, plan, section):
    with pytest.raises(Http404, match="No such plan"):
        section_get_for_user(user=outsider, plan_id=plan.pk, section_id=section.pk)


def test_section_get_for_user_paired_with_own_plan_of_another_authority_is_404(
    outsider, other_plan, section
):
    with pytest.raises(Http404, match="No such section"):
        section_get_for_user(user=outsider, plan_id=other_plan.pk, section_id=section.pk)


def test_section_get_for_user_of_a_different_plan_of_the_same_authority_is_404(
    improvement_lead, second_plan, section
):
    with pytest.raises(Http404, match="No such section"):
        section_get_for_user(user=improvement_lead, plan_id=second_plan.pk, section_id=section.pk)


def test_section_get_for_user_missing_id_is_404(improvement_lead, plan, section):
    with pytest.raises(Http404, match="No such section"):
        section_get_for_user(user=improvement_lead, plan_id=plan.pk, section_id=missing_id(Section))


def test_section_get_for_user_without_authority_is_404(no_authority_user, plan, section):
    with pytest.raises(Http404):
        section_get_for_user(user=no_authority_user, plan_id=plan.pk, section_id=section.pk)


# action_get_for_user -----------------------------------------------------------------------------


def test_action_get_for_user_returns_it(viewer, plan, action):
    assert action_get_for_user(user=viewer, plan_id=plan.pk, action_id=action.pk) == action


def test_action_get_for_user_another_authority_is_404(outsider, plan, action):
    with pytest.raises(Http404, match="No such plan"):
        action_get_for_user(user=outsider, plan_id=plan.pk, action_id=action.pk)


def test_action_get_for_user_paired_with_own_plan_of_another_authority_is_404(
    outsider, other_plan, action
):
    with pytest.raises(Http404, match="No such action"):
        action_get_for_user(user=outsider, plan_id=other_plan.pk, action_id=action.pk)


def test_action_get_for_user_of_a_different_plan_of_the_same_authority_is_404(
    improvement_lead, second_plan, action
):
    with pytest.raises(Http404, match="No such action"):
        action_get_for_user(user=improvement_lead, plan_id=second_plan.pk, action_id=action.pk)


def test_action_get_for_user_missing_id_is_404(improvement_lead, plan, action):
    with pytest.raises(Http404, match="No such action"):
        action_get_for_user(user=improvement_lead, plan_id=plan.pk, action_id=missing_id(Action))


def test_action_get_for_user_without_authority_is_404(no_authority_user, plan, action):
    with pytest.raises(Http404):
        action_get_for_user(user=no_authority_user, plan_id=plan.pk, action_id=action.pk)


# action_lock_for_user ----------------------------------------------------------------------------


def test_action_lock_for_user_reads_what_recording_progress_needs_in_one_query(
    viewer, plan, theme, action, django_assert_num_queries
):
    entry = progress_entry(action)
    Action.objects.filter(pk=action.pk).update(latest_update=entry)
    Section.objects.filter(pk=action.section_id).update(theme=theme)
    with transaction.atomic(), django_assert_num_queries(1):
        locked = action_lock_for_user(user=viewer, plan_id=plan.pk, action_id=action.pk)
        # Its plan (the access check), the section's theme and the latest entry (what the
        # service reads under the lock) come with it.
        assert locked.plan == plan
        assert locked.section.theme == theme
        assert locked.latest_update == entry
    assert locked == action


def test_action_lock_for_user_reads_an_action_with_no_entry_and_no_theme_in_one_query(
    viewer, plan, action, django_assert_num_queries
):
    Section.objects.filter(pk=action.section_id).update(theme=None)
    with transaction.atomic(), django_assert_num_queries(1):
        locked = action_lock_for_user(user=viewer, plan_id=plan.pk, action_id=action.pk)
        assert locked.latest_update is None
        assert locked.section.theme is None
        assert locked.section_id == action.section_id
    fresh = Action.objects.get(pk=action.pk)
    assert {f.attname: getattr(locked, f.attname) for f in Action._meta.concrete_fields} == {
        f.attname: getattr(fresh, f.attname) for f in Action._meta.concrete_fields
    }


def test_action_lock_for_user_another_authority_is_404(outsider, plan, action):
    with transaction.atomic(), pytest.raises(Http404, match="No such plan"):
        action_lock_for_user(user=outsider, plan_id=plan.pk, action_id=action.pk)


def test_action_lock_for_user_of_a_different_plan_is_404(improvement_lead, second_plan, action):
    with transaction.atomic(), pytest.raises(Http404, match="No such action"):
        action_lock_for_user(user=improvement_lead, plan_id=second_plan.pk, action_id=action.pk)


def test_action_lock_for_user_missing_id_is_404(improvement_lead, plan, action):
    with transaction.atomic(), pytest.raises(Http404, match="No such action"):
        action_lock_for_user(user=improvement_lead, plan_id=plan.pk, action_id=missing_id(Action))


def test_action_lock_for_user_without_authority_is_404(no_authority_user, plan, action):
    with transaction.atomic(), pytest.raises(Http404):
        action_lock_for_user(user=no_authority_user, plan_id=plan.pk, action_id=action.pk)


# progress_update_get_for_user --------------------------------------------------------------------


def test_progress_update_get_for_user_returns_it(viewer, action):
    entry = progress_entry(action)

    assert progress_update_get_for_user(user=viewer, action=action, update_id=entry.pk) == entry


def test_progress_update_get_for_user_of_another_action_is_404(improvement_lead, section, action):
    entry = progress_entry(ActionFactory(section=section))

    with pytest.raises(Http404, match="No such progress entry"):
        progress_update_get_for_user(user=improvement_lead, action=action, update_id=entry.pk)


def test_progress_update_get_for_user_of_another_authoritys_action_is_404(
    improvement_lead, other_plan, action
):
    other_action = ActionFactory(section=SectionFactory(plan=other_plan))
    entry = progress_entry(other_action)

    with pytest.raises(Http404, match="No such progress entry"):
        progress_update_get_for_user(user=improvement_lead, action=action, update_id=entry.pk)


def test_progress_update_get_for_user_missing_id_is_404(improvement_lead, action):
    with pytest.raises(Http404, match="No such progress entry"):
        progress_update_get_for_user(
            user=improvement_lead, action=action, update_id=missing_id(ProgressUpdate)
        )


# user_owns_action / user_can_record_progress -----------------------------------------------------


def test_owner_via_a_post_they_hold(action_owner, head_of_safeguards, action):
    action.owner_posts.add(head_of_safeguards)

    assert user_owns_action(user=action_owner, action=action) is True
    assert user_can_record_progress(user=action_owner, action=action) is True
    require_progress_recorder(user=action_owner, action=action)


def test_owner_via_being_named(local_authority, action):
    user = UserFactory(local_authority=local_authority, role=User.Role.ACTION_OWNER)
    action.owner_users.add(user)

    assert user_owns_action(user=user, action=action) is True
    assert user_can_record_progress(user=user, action=action) is True


def test_owner_via_their_organisation(local_authority, police, action):
    user = UserFactory(
        local_authority=local_authority, role=User.Role.ACTION_OWNER, organisation=police
    )
    action.owner_organisations.add(police)

    assert user_owns_action(user=user, action=action) is True
    assert user_can_record_progress(user=user, action=action) is True


def test_not_owner_of_an_action_they_do_not_own(local_authority, action_owner, police, action):
    action.owner_posts.add(PostFactory(local_authority=local_authority, title="Somebody else"))
    action.owner_users.add(UserFactory(local_authority=local_authority))
    action.owner_organisations.add(police)

    assert user_owns_action(user=action_owner, action=action) is False
    assert user_can_record_progress(user=action_owner, action=action) is False
    with pytest.raises(PermissionDenied, match=NO_RECORDING):
        require_progress_recorder(user=action_owner, action=action)


def test_not_owner_when_they_no_longer_hold_the_post(action_owner, head_of_safeguards, action):
    action.owner_posts.add(head_of_safeguards)
    action_owner.posts.remove(head_of_safeguards)

    assert user_can_record_progress(user=action_owner, action=action) is False


def test_not_owner_via_a_different_organisation(local_authority, police, action):
    health = OrganisationFactory(local_authority=local_authority, name="ICB", kind="health")
    user = UserFactory(
        local_authority=local_authority, role=User.Role.ACTION_OWNER, organisation=health
    )
    action.owner_organisations.add(police)

    assert user_can_record_progress(user=user, action=action) is False


def test_not_owner_without_an_organisation_when_an_organisation_owns_it(
    local_authority, police, action
):
    user = UserFactory(local_authority=local_authority, role=User.Role.ACTION_OWNER)
    action.owner_organisations.add(police)

    assert user_can_record_progress(user=user, action=action) is False


def test_viewer_never_records_progress_even_when_named(viewer, head_of_safeguards, action):
    viewer.posts.add(head_of_safeguards)
    action.owner_posts.add(head_of_safeguards)
    action.owner_users.add(viewer)

    assert user_owns_action(user=viewer, action=action) is True
    assert user_can_record_progress(user=viewer, action=action) is False
    with pytest.raises(PermissionDenied, match=NO_RECORDING):
        require_progress_recorder(user=viewer, action=action)


@pytest.mark.parametrize("role", [User.Role.ADMINISTRATOR, User.Role.IMPROVEMENT_LEAD])
def test_editors_always_record_progress(local_authority, action, role):
    user = UserFactory(local_authority=local_authority, role=role)

    assert user_owns_action(user=user, action=action) is False
    assert user_can_record_progress(user=user, action=action) is True
    require_progress_recorder(user=user, action=action)


# thematic leads: recording progress and verifying as embedded -----------------------------------


@pytest.fixture
def lead_post(local_authority):
    return PostFactory(local_authority=local_authority, title="Head of Workforce")


@pytest.fixture
def led_action(plan, lead_post):
    theme = ThemeFactory(plan=plan, lead_post=lead_post)
    return ActionFactory(section=SectionFactory(plan=plan, theme=theme))


def _holder(local_authority, post, role):
    user = UserFactory(local_authority=local_authority, role=role)
    user.posts.add(post)
    return user


def test_thematic_lead_records_progress_on_their_themes_actions(
    local_authority, lead_post, led_action, action
):
    lead = _holder(local_authority, lead_post, User.Role.ACTION_OWNER)

    assert user_leads_theme(user=lead, theme=led_action.section.theme) is True
    assert user_can_record_progress(user=lead, action=led_action) is True
    assert user_can_verify_as_embedded(user=lead, action=led_action) is True
    assert user_can_record_progress(user=lead, action=action) is False  # no theme
    assert user_can_verify_as_embedded(user=lead, action=action) is False


def test_viewer_holding_the_lead_post_neither_records_nor_verifies(
    local_authority, lead_post, led_action
):
    viewer = _holder(local_authority, lead_post, User.Role.VIEWER)

    assert user_can_record_progress(user=viewer, action=led_action) is False
    assert user_can_verify_as_embedded(user=viewer, action=led_action) is False


def test_owner_never_verifies_their_own_action(local_authority, lead_post, led_action):
    lead = _holder(local_authority, lead_post, User.Role.IMPROVEMENT_LEAD)
    led_action.owner_posts.add(lead_post)

    assert user_can_record_progress(user=lead, action=led_action) is True
    assert user_can_verify_as_embedded(user=lead, action=led_action) is False
