import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tracker.accounts.access import local_authority_for_user, require_plan_editor
from tracker.accounts.models import User
from tracker.accounts.tests.factories import UserFactory

READ_ONLY = re.escape("You can read this plan but not change it.")


def test_local_authority_for_user_is_the_users_own(improvement_lead, local_authority):
    assert local_authority_for_user(user=improvement_lead) == local_authority


def test_local_authority_for_user_of_another_authority(outsider, other_local_authority):
    assert local_authority_for_user(user=outsider) == other_local_authority


def test_local_authority_for_user_without_one_is_404(db):
    user = UserFactory(local_authority=None, role=User.Role.ADMINISTRATOR)

    with pytest.raises(Http404, match="You do not belong to a local authority"):
        local_authority_for_user(user=user)


def test_local_authority_for_anonymous_user_is_404(db):
    with pytest.raises(Http404, match="Not found"):
        local_authority_for_user(user=AnonymousUser())


@pytest.mark.parametrize("role", [User.Role.VIEWER, User.Role.ACTION_OWNER])
def test_require_plan_editor_refuses_readers(local_authority, role):
    user = UserFactory(local_authority=local_authority, role=role)

    with pytest.raises(PermissionDenied, match=READ_ONLY):
        require_plan_editor(user=user)


def test_require_plan_editor_refuses_the_viewer_fixture(viewer):
    with pytest.raises(PermissionDenied, match=READ_ONLY):
        require_plan_editor(user=viewer)


def test_require_plan_editor_refuses_the_action_owner_fixture(action_owner):
    with pytest.raises(PermissionDenied, match=READ_ONLY):
        require_plan_editor(user=action_owner)


def test_require_plan_editor_allows_an_improvement_lead(improvement_lead):
    require_plan_editor(user=improvement_lead)


def test_require_plan_editor_allows_an_administrator(administrator):
    require_plan_editor(user=administrator)


@pytest.mark.parametrize(
    ("role", "can_edit"),
    [
        (User.Role.ADMINISTRATOR, True),
        (User.Role.IMPROVEMENT_LEAD, True),
        (User.Role.ACTION_OWNER, False),
        (User.Role.VIEWER, False),
    ],
)
def test_user_can_edit_plans_by_role(local_authority, role, can_edit):
    user = UserFactory(local_authority=local_authority, role=role)

    assert user.can_edit_plans is can_edit
